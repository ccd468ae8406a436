import type { Kysely } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // Check-in opens this many minutes before the slot starts (issue 8: no check-in days ahead).
  await db.schema
    .alterTable('booking_settings')
    .addColumn('check_in_lead_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .execute()

  // A lifted closure stays on record; bookings it cancelled stay cancelled.
  await db.schema
    .alterTable('closure')
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lifted_by', 'uuid', (c) => c.references('app_user.id'))
    .execute()

  // 窗口代办 without a phone finds the resident by community, name and birth date.
  await db.schema.createIndex('app_user_community_name_birth_idx').on('app_user').columns(['community_id', 'display_name', 'birth_date']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('app_user_community_name_birth_idx').execute()
  await db.schema.alterTable('closure').dropColumn('lifted_by').dropColumn('lifted_at').execute()
  await db.schema.alterTable('booking_settings').dropColumn('check_in_lead_minutes').execute()
}
