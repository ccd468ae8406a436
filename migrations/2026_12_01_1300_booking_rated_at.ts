import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // Booking knows whether it was rated (rating tells it, docs/decisions/013) instead of reading
  // rating's table for every booking it shows.
  await db.schema.alterTable('booking').addColumn('rated_at', 'timestamptz').execute()
  await sql`update booking set rated_at = rating.created_at from rating where rating.booking_id = booking.id`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('booking').dropColumn('rated_at').execute()
}
