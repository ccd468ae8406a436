import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { CertificateContent, VolunteerCertificateTable, VolunteerStarLevelTable } from './certificate-table'

/**
 * Reads and writes of certificates, star levels and the community numbers (issue 12 items 4, 5, 8).
 * Totals come from the hours rollup (a handful of rows per volunteer), never from summing records.
 */

// --- Certificates ---

/** Confirmed minutes per category, of every year or of one. */
export function minutesByCategory(db: Db, userId: string, year: number | null) {
  let q = db
    .selectFrom('volunteer_hours_rollup')
    .select(['category', sql<number>`sum(minutes)::int`.as('minutes')])
    .where('user_id', '=', userId)
    .where('minutes', '>', 0)
  if (year !== null) q = q.where('year', '=', year)
  return q.groupBy('category').orderBy('category').execute()
}

/** The activities she served with confirmed hours (服务内容), most recent first, at most `limit`, and how many there are. */
export async function servedActivities(db: Db, userId: string, year: number | null, limit: number) {
  let q = db
    .selectFrom('volunteer_record as r')
    .innerJoin('volunteer_activity as a', 'a.id', 'r.activity_id')
    .select(['a.id', 'a.title', 'a.category', sql<string>`max(r.service_date)`.as('last_served'), sql<number>`count(*) over ()::int`.as('total')])
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'confirmed')
  if (year !== null) q = q.where('r.service_date', '>=', `${year}-01-01`).where('r.service_date', '<=', `${year}-12-31`)
  const rows = await q.groupBy(['a.id', 'a.title', 'a.category']).orderBy('last_served', 'desc').orderBy('a.id').limit(limit).execute()
  return { rows, total: rows[0]?.total ?? 0 }
}

export function insertCertificate(db: Db, values: Omit<Insertable<VolunteerCertificateTable>, 'content'> & { content: CertificateContent }) {
  return db
    .insertInto('volunteer_certificate')
    .values({ ...values, content: JSON.stringify(values.content) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findCertificate(db: Db, id: string) {
  return db.selectFrom('volunteer_certificate').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The public lookup: one indexed read by the unique code. */
export function findCertificateByCode(db: Db, code: string) {
  return db
    .selectFrom('volunteer_certificate')
    .select(['name_masked', 'content', 'status', 'voided_at', 'community_id'])
    .where('code', '=', code)
    .executeTakeFirst()
}

/** Certificates of a volunteer (her own list) or of communities (staff), newest first, a page. */
export function listCertificates(db: Db, filter: { userId?: string; communityIds?: readonly string[]; after?: Position<Date>; limit: number }) {
  let q = db.selectFrom('volunteer_certificate').selectAll()
  if (filter.userId) q = q.where('user_id', '=', filter.userId)
  if (filter.communityIds) q = q.where('community_id', 'in', filter.communityIds)
  if (filter.after) q = q.where(afterPosition('issued_at', 'id', filter.after, 'desc'))
  return q.orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute()
}

/** Voids a valid certificate; undefined when it is not (already voided: nothing changes). */
export function voidCertificate(db: Db, id: string, values: { by: string; reason: string; at: Date }) {
  return db
    .updateTable('volunteer_certificate')
    .set({ status: 'voided', voided_by: values.by, void_reason: values.reason, voided_at: values.at })
    .where('id', '=', id)
    .where('status', '=', 'valid')
    .returningAll()
    .executeTakeFirst()
}

// --- Star levels ---

/**
 * Locks the volunteers whose hours changed (so two confirmations of one volunteer decide her level
 * one after the other) and reads their community and total confirmed minutes from the rollup.
 * FOR NO KEY UPDATE, not FOR UPDATE: a confirmation has already written rows that reference her
 * registration (her record, the rollup), which hold it FOR KEY SHARE until commit. FOR UPDATE
 * waits for those shares, so two confirmations at once deadlocked; NO KEY UPDATE still orders
 * confirmations one after the other and lets the shares be.
 */
export function lockVolunteerTotals(db: Db, userIds: readonly string[]) {
  return volunteerTotals(db, userIds).forNoKeyUpdate('v').execute()
}

/** The same without the lock, for her own page. */
export function volunteerTotalsOf(db: Db, userIds: readonly string[]) {
  return volunteerTotals(db, userIds).execute()
}

function volunteerTotals(db: Db, userIds: readonly string[]) {
  return db
    .selectFrom('volunteer as v')
    .select([
      'v.user_id',
      'v.community_id',
      (eb) => eb.selectFrom('volunteer_hours_rollup as h').select(sql<number>`coalesce(sum(h.minutes), 0)::int`.as('m')).whereRef('h.user_id', '=', 'v.user_id').as('minutes'),
    ])
    .where('v.user_id', 'in', userIds)
    .orderBy('v.user_id')
}

export function liveLevels(db: Db, userIds: readonly string[]) {
  return db.selectFrom('volunteer_star_level').selectAll().where('user_id', 'in', userIds).where('status', '<>', 'withdrawn').execute()
}

/**
 * A level newly reached; undefined when it is already live (the partial unique index).
 * The index's predicate is written as a literal: PostgreSQL matches ON CONFLICT's WHERE to a
 * partial index when it plans, and a named statement's generic plan (decision 038) sees a
 * parameter there, matches no index and fails.
 */
export function insertStarLevel(db: Db, values: Insertable<VolunteerStarLevelTable>) {
  return db
    .insertInto('volunteer_star_level')
    .values(values)
    .onConflict((oc) => oc.columns(['user_id', 'level']).where('status', '<>', sql.lit('withdrawn')).doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** Announced levels above what the hours now reach are withdrawn (an awarded one stays). */
export function withdrawAnnounced(db: Db, ids: readonly string[], now: Date) {
  return db.updateTable('volunteer_star_level').set({ status: 'withdrawn', withdrawn_at: now }).where('id', 'in', ids).where('status', '=', 'announced').execute()
}

/** Announcements whose 公示 has ended, locked so that a second worker skips them. */
export function lockDueAnnouncements(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('volunteer_star_level')
    .selectAll()
    .where('status', '=', 'announced')
    .where('publicity_ends_at', '<=', now)
    .orderBy('publicity_ends_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export function markAwarded(db: Db, ids: readonly string[], now: Date) {
  return db.updateTable('volunteer_star_level').set({ status: 'awarded', awarded_at: now }).where('id', 'in', ids).where('status', '=', 'announced').returningAll().execute()
}

/** A community's 公示 list, newest first, a page, with the name (sealed) and number of each volunteer. */
export function listStarLevels(db: Db, communityId: string, after: Position<Date> | undefined, limit: number) {
  let q = db
    .selectFrom('volunteer_star_level as s')
    .innerJoin('volunteer as v', 'v.user_id', 's.user_id')
    .selectAll('s')
    .select(['v.name_enc', 'v.volunteer_no'])
    .where('s.community_id', '=', communityId)
  if (after) q = q.where(afterPosition('s.announced_at', 's.id', after, 'desc'))
  return q.orderBy('s.announced_at', 'desc').orderBy('s.id', 'desc').limit(limit + 1).execute()
}

// --- Community numbers ---

/** Registered (not withdrawn) volunteers per community: an index range per community. */
export function countVolunteers(db: Db, communityIds: readonly string[]) {
  return db
    .selectFrom('volunteer')
    .select(['community_id', sql<number>`count(*)::int`.as('n')])
    .where('community_id', 'in', communityIds)
    .where('status', '<>', 'withdrawn')
    .groupBy('community_id')
    .execute()
}

/** Confirmed minutes per community and month (YYYY-MM) of the service day, from `fromDay` on. */
export function minutesByMonth(db: Db, communityIds: readonly string[], fromDay: string) {
  return db
    .selectFrom('volunteer_record')
    .select(['community_id', sql<string>`to_char(service_date, 'YYYY-MM')`.as('month'), sql<number>`sum(minutes)::int`.as('minutes')])
    .where('community_id', 'in', communityIds)
    .where('status', '=', 'confirmed')
    .where('service_date', '>=', fromDay)
    .groupBy(['community_id', 'month'])
    .execute()
}

/** Published or finished activities per community and category. */
export function activitiesByCategory(db: Db, communityIds: readonly string[]) {
  return db
    .selectFrom('volunteer_activity')
    .select(['community_id', 'category', sql<number>`count(*)::int`.as('n')])
    .where('community_id', 'in', communityIds)
    .where('status', 'in', ['published', 'finished'])
    .groupBy(['community_id', 'category'])
    .execute()
}

/** Live star levels per community, level and status. */
export function starCounts(db: Db, communityIds: readonly string[]) {
  return db
    .selectFrom('volunteer_star_level')
    .select(['community_id', 'level', 'status', sql<number>`count(*)::int`.as('n')])
    .where('community_id', 'in', communityIds)
    .where('status', '<>', 'withdrawn')
    .groupBy(['community_id', 'level', 'status'])
    .execute()
}

/** A community's volunteers with the most confirmed minutes, for the demo's star levels. */
export function volunteersByHours(db: Db, communityId: string, limit: number) {
  return db
    .selectFrom('volunteer as v')
    .innerJoin('volunteer_hours_rollup as h', 'h.user_id', 'v.user_id')
    .select(['v.user_id', sql<number>`sum(h.minutes)::int`.as('minutes')])
    .where('v.community_id', '=', communityId)
    .where('v.status', '<>', 'withdrawn')
    .groupBy('v.user_id')
    .orderBy('minutes', 'desc')
    .limit(limit)
    .execute()
}
