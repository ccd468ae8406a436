import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * The change feed's `schedule` family (docs/decisions/038-slots-from-memory.md): a write to a
 * service's booking settings, weekly rules or closures sends NOTIFY linli_changes 'schedule' when
 * it commits, so every BFF process forgets the setups and made days it kept for the slots page.
 * Uses linli_announce() from 2026_12_03_0900_change_feed.
 */
const WATCHED = ['booking_settings', 'availability_rule', 'closure'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) {
    await sql
      .raw(`create trigger linli_announce_schedule after insert or update or delete or truncate on ${table} for each statement execute function linli_announce('schedule')`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of WATCHED) await sql.raw(`drop trigger linli_announce_schedule on ${table}`).execute(db)
}
