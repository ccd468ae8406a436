import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Three more families of the change feed, with linli_announce() from 2026_12_03_0900_change_feed:
 * - `schedule` (docs/decisions/038-slots-from-memory.md): a service's booking settings, weekly
 *   rules and closures, which the slots page keeps with the days it has made;
 * - `seats` (the same decision): slots and bookings, whose seat counts and waiting lists the slots
 *   page keeps;
 * - `volunteer` (docs/decisions/041): registrations, service records, the hours rollup, activities
 *   and communities, which a volunteer's kept 志愿服务记录 page comes from.
 * A write sends NOTIFY linli_changes '<family>' when it commits, so every BFF process forgets them.
 */
const WATCHED: readonly [table: string, family: string][] = [
  ['booking_settings', 'schedule'],
  ['availability_rule', 'schedule'],
  ['closure', 'schedule'],
  ['slot', 'seats'],
  ['booking', 'seats'],
  ['volunteer', 'volunteer'],
  ['volunteer_record', 'volunteer'],
  ['volunteer_hours_rollup', 'volunteer'],
  ['volunteer_activity', 'volunteer'],
  ['community', 'volunteer'],
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, family] of WATCHED) {
    await sql
      .raw(`create trigger linli_announce_${family} after insert or update or delete or truncate on ${table} for each statement execute function linli_announce('${family}')`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, family] of WATCHED) await sql.raw(`drop trigger linli_announce_${family} on ${table}`).execute(db)
}
