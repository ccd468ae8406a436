import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 志愿者服务社区服务时段 (issue 12 item 7, docs/decisions/034-volunteers-staff-services.md): a service
 * slot asks for helpers once. The request is a volunteer activity of kind 'service_slot' pointing at
 * the slot; while it is a draft or published no second one may point at the same slot (two staff
 * asking at once: one wins, the other is told), and a cancelled or finished one leaves room for a
 * new request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('volunteer_activity_one_per_slot')
    .on('volunteer_activity')
    .column('slot_id')
    .unique()
    .where(sql<boolean>`kind = 'service_slot' and status in ('draft', 'published')`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('volunteer_activity_one_per_slot').execute()
}
