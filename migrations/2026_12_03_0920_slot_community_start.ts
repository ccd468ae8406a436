import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * The staff board reads one community's day (issue 13 item 3): the community's slots of that day by
 * this index, then their bookings by booking_slot_idx — instead of every slot of the platform that
 * day joined to every booking of the community (docs/decisions/037).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index slot_community_start on slot (community_id, starts_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index slot_community_start`.execute(db)
}
