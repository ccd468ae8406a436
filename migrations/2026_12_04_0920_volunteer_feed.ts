import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * The change feed's `volunteer` family (docs/decisions/041): a write to a registration, a service
 * record, the hours rollup, an activity or a community sends NOTIFY linli_changes 'volunteer' when
 * it commits, so every BFF process forgets the 志愿服务记录 pages it kept. Uses linli_announce()
 * from 2026_12_03_0900_change_feed.
 */
const WATCHED = ['volunteer', 'volunteer_record', 'volunteer_hours_rollup', 'volunteer_activity', 'community'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) {
    await sql
      .raw(`create trigger linli_announce_volunteer after insert or update or delete or truncate on ${table} for each statement execute function linli_announce('volunteer')`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) await sql.raw(`drop trigger linli_announce_volunteer on ${table}`).execute(db)
}
