import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 志愿服务 hours (issue 12 items 3, 4; docs/decisions/031-volunteer-hours.md): the staff's CSV for the
 * national 志愿服务信息系统 reads a community's confirmed records by service date. Ten years of
 * records stay in the table, so that read needs its own index rather than a scan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('volunteer_record_confirmed_by_date')
    .on('volunteer_record')
    .columns(['community_id', 'service_date', 'id'])
    .where(sql.ref('status'), '=', 'confirmed')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('volunteer_record_confirmed_by_date').execute()
}
