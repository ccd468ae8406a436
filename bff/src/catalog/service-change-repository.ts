import type { Insertable } from 'kysely'
import type { PriceKind } from '@linli/shared'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { ServiceChangeTable, ServiceSnapshot, ServiceVersionTable } from './service-change-table'
import type { ServiceTable } from './table'

export function insertChange(db: Db, values: Insertable<ServiceChangeTable>) {
  return db.insertInto('service_change').values(values).returning('id').executeTakeFirstOrThrow()
}

export function findChange(db: Db, changeId: string) {
  return db.selectFrom('service_change').selectAll().where('id', '=', changeId).executeTakeFirst()
}

/** A topic's changes in the order proposed, with the service's name and the version each made. */
export function findChangesOfTopic(db: Db, topicId: string) {
  return db
    .selectFrom('service_change')
    .leftJoin('service', 'service.id', 'service_change.service_id')
    .leftJoin('service_version', 'service_version.change_id', 'service_change.id')
    .selectAll('service_change')
    .select(['service.name as service_name', 'service_version.version'])
    .where('service_change.topic_id', '=', topicId)
    .orderBy('service_change.proposed_at')
    .orderBy('service_change.id')
    .execute()
}

/** Marks a change applied only if it still is proposed: of two applies at once, one wins. */
export function markApplied(db: Db, changeId: string, values: { appliedBy: string; appliedAt: Date; serviceId: string }) {
  return db
    .updateTable('service_change')
    .set({ status: 'applied', applied_by: values.appliedBy, applied_at: values.appliedAt, service_id: values.serviceId })
    .where('id', '=', changeId)
    .where('status', '=', 'proposed')
    .returning('id')
    .executeTakeFirst()
}

/** The service's row lock: versions of one service are numbered one after the other under it. */
export function lockService(db: Db, serviceId: string) {
  return db.selectFrom('service').select(['id', 'price_kind', 'price_note']).where('id', '=', serviceId).forUpdate().executeTakeFirst()
}

export async function nextVersion(db: Db, serviceId: string): Promise<number> {
  const row = await db.selectFrom('service_version').select((eb) => eb.fn.max('version').as('last')).where('service_id', '=', serviceId).executeTakeFirst()
  return (row?.last ?? 0) + 1
}

export function insertVersion(db: Db, values: Omit<Insertable<ServiceVersionTable>, 'before' | 'after'> & { before: ServiceSnapshot | null; after: ServiceSnapshot }) {
  return db
    .insertInto('service_version')
    .values({ ...values, before: values.before === null ? null : JSON.stringify(values.before), after: JSON.stringify(values.after) })
    .execute()
}

/** A service's versions, newest first, a page. */
export function listVersions(db: Db, serviceId: string, filter: { after?: Position<number>; limit: number }) {
  let q = db.selectFrom('service_version').selectAll().where('service_id', '=', serviceId)
  if (filter.after) q = q.where(afterPosition('service_version.version', 'service_version.id', filter.after, 'desc'))
  return q.orderBy('version', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
}

/** The newest version of a service, for its 「因居民协商调整」 mark. */
export function latestVersion(db: Db, serviceId: string) {
  return db.selectFrom('service_version').select(['topic_id', 'topic_title', 'version']).where('service_id', '=', serviceId).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export function updatePriceKind(db: Db, serviceId: string, values: { priceKind: PriceKind; priceNote: string | null }) {
  return db.updateTable('service').set({ price_kind: values.priceKind, price_note: values.priceNote, updated_at: new Date() }).where('id', '=', serviceId).execute()
}

export function insertService(db: Db, values: Insertable<ServiceTable>) {
  return db.insertInto('service').values(values).returning('id').executeTakeFirstOrThrow()
}

/** A community's services in operation, by name: what staff choose from. */
export function serviceNamesOf(db: Db, communityId: string) {
  return db.selectFrom('service').select(['id', 'name']).where('community_id', '=', communityId).where('status', '=', 'active').orderBy('sort_order').orderBy('name').execute()
}
