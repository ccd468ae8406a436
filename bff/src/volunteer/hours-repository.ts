import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { RecordRow, VolunteerRecordTable } from './table'

/**
 * Reads and writes of 志愿服务 hours (issue 12 items 3, 4): service records, the hours rollup and the
 * sign-ups check-in needs. Records are append-only: the only updates here move a record's status
 * (and complete an open one at check-out); nothing deletes.
 */

/** Records that still stand for a shift and volunteer (the unique index allows one). */
const STANDING = ['open', 'pending', 'confirmed'] as const

/** Does she hold a seat on the shift (signed up, not waiting or cancelled)? */
export async function holdsSeat(db: Db, shiftId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('volunteer_signup').select('id').where('shift_id', '=', shiftId).where('user_id', '=', userId).where('status', '=', 'signed_up').executeTakeFirst()
  return row !== undefined
}

export function findStandingRecord(db: Db, shiftId: string, userId: string) {
  return db.selectFrom('volunteer_record').selectAll().where('shift_id', '=', shiftId).where('user_id', '=', userId).where('status', 'in', STANDING).executeTakeFirst()
}

export function findRecord(db: Db, recordId: string) {
  return db.selectFrom('volunteer_record').selectAll().where('id', '=', recordId).executeTakeFirst()
}

/** The record locked for a status change, so two organisers acting at once take turns. */
export function lockRecord(db: Db, recordId: string) {
  return db.selectFrom('volunteer_record').selectAll().where('id', '=', recordId).forUpdate().executeTakeFirst()
}

/** A service record as check-in writes it: open, nothing confirmed, fixed or revoked. */
export function openRecord(values: Pick<Insertable<VolunteerRecordTable>, 'user_id' | 'community_id' | 'activity_id' | 'shift_id' | 'category' | 'service_date' | 'checked_in_at'>): Insertable<VolunteerRecordTable> {
  return {
    ...values,
    checked_out_at: null,
    minutes: null,
    status: 'open',
    corrects_record_id: null,
    fixed_by: null,
    fix_reason: null,
    confirmed_by: null,
    confirmed_at: null,
    revoked_by: null,
    revoked_at: null,
    revoke_reason: null,
  }
}

export function insertRecord(db: Db, values: Insertable<VolunteerRecordTable>) {
  return db.insertInto('volunteer_record').values(values).returningAll().executeTakeFirstOrThrow()
}

/** Check-out: the open record completed with its minutes, now 待确认. Undefined when it was not open (checked out meanwhile). */
export function checkOut(db: Db, recordId: string, at: Date, minutes: number) {
  return db
    .updateTable('volunteer_record')
    .set({ checked_out_at: at, minutes, status: 'pending' })
    .where('id', '=', recordId)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst()
}

export function markSuperseded(db: Db, recordId: string) {
  return db.updateTable('volunteer_record').set({ status: 'superseded' }).where('id', '=', recordId).where('status', 'in', STANDING).returningAll().executeTakeFirst()
}

export function markRevoked(db: Db, recordId: string, by: string, at: Date, reason: string) {
  return db
    .updateTable('volunteer_record')
    .set({ status: 'revoked', revoked_by: by, revoked_at: at, revoke_reason: reason })
    .where('id', '=', recordId)
    .where('status', 'in', ['pending', 'confirmed'])
    .returningAll()
    .executeTakeFirst()
}

/**
 * Confirms the pending records among `ids` (of one activity, none the confirmer's own): a
 * conditional UPDATE, so of two confirmations at once only one gets each row back and counts it.
 */
export function confirmPending(db: Db, activityId: string, ids: readonly string[], by: string, at: Date) {
  if (ids.length === 0) return Promise.resolve([] as RecordRow[])
  return db
    .updateTable('volunteer_record')
    .set({ status: 'confirmed', confirmed_by: by, confirmed_at: at })
    .where('activity_id', '=', activityId)
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('user_id', '<>', by)
    .returningAll()
    .execute()
}

/** Records of an activity by id (to tell unknown ids and her own from the rest). */
export function findActivityRecords(db: Db, activityId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as Pick<RecordRow, 'id' | 'user_id' | 'status'>[])
  return db.selectFrom('volunteer_record').select(['id', 'user_id', 'status']).where('activity_id', '=', activityId).where('id', 'in', ids).execute()
}

/** Every pending record of a shift (the "confirm the whole shift" button). */
export function pendingOfShift(db: Db, shiftId: string) {
  return db.selectFrom('volunteer_record').select(['id', 'user_id']).where('shift_id', '=', shiftId).where('status', '=', 'pending').execute()
}

/** The current (not superseded) records of an activity, for the organiser's roster. */
export function currentRecordsOfActivity(db: Db, activityId: string) {
  return db.selectFrom('volunteer_record').selectAll().where('activity_id', '=', activityId).where('status', 'in', ['open', 'pending', 'confirmed', 'revoked']).orderBy('created_at').execute()
}

export function shiftsOfActivity(db: Db, activityId: string) {
  return db.selectFrom('volunteer_shift').select(['id', 'role', 'starts_at', 'ends_at']).where('activity_id', '=', activityId).orderBy('starts_at').orderBy('id').execute()
}

/** Who holds a seat on the activity's shifts. */
export function seatedOfActivity(db: Db, activityId: string) {
  return db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer_shift as s', 's.id', 'g.shift_id')
    .select(['g.shift_id', 'g.user_id', 'g.created_at'])
    .where('s.activity_id', '=', activityId)
    .where('g.status', '=', 'signed_up')
    .orderBy('g.created_at')
    .execute()
}

/** Volunteers' sealed names (the roster masks them, the CSV shows them). */
export function volunteersByIds(db: Db, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([])
  return db.selectFrom('volunteer').select(['user_id', 'volunteer_no', 'name_enc', 'id_number_enc']).where('user_id', 'in', userIds).execute()
}

/** Her shifts held with a seat that have not closed for check-out, soonest first. */
export function myOpenShifts(db: Db, userId: string, closedBefore: Date, limit: number) {
  return db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer_shift as s', 's.id', 'g.shift_id')
    .innerJoin('volunteer_activity as a', 'a.id', 's.activity_id')
    .select(['s.id as shift_id', 's.activity_id', 's.community_id', 's.role', 's.starts_at', 's.ends_at', 'a.title', 'a.place'])
    .where('g.user_id', '=', userId)
    .where('g.status', '=', 'signed_up')
    .where('s.ends_at', '>', closedBefore)
    .where('a.status', 'in', ['published', 'finished'])
    .orderBy('s.starts_at')
    .limit(limit)
    .execute()
}

/** Her standing records of some shifts. */
export function myRecordsOfShifts(db: Db, userId: string, shiftIds: readonly string[]) {
  if (shiftIds.length === 0) return Promise.resolve([] as RecordRow[])
  return db.selectFrom('volunteer_record').selectAll().where('user_id', '=', userId).where('shift_id', 'in', shiftIds).where('status', 'in', STANDING).execute()
}

/**
 * A page of her records, newest service day first, with each activity's title: the
 * (user_id, service_date, id) index walks straight to the page, whatever ten years hold. A record
 * replaced by a correction is left out (the correction stands in its place).
 */
export function myRecordsPage(db: Db, userId: string, after: Position<string> | null, limit: number) {
  let q = db
    .selectFrom('volunteer_record as r')
    .innerJoin('volunteer_activity as a', 'a.id', 'r.activity_id')
    .selectAll('r')
    .select(['a.title'])
    .where('r.user_id', '=', userId)
    .where('r.status', '<>', 'superseded')
  if (after) q = q.where(afterPosition('r.service_date', 'r.id', after, 'desc'))
  return q.orderBy('r.service_date', 'desc').orderBy('r.id', 'desc').limit(limit + 1).execute()
}

export function rollupOf(db: Db, userId: string) {
  return db.selectFrom('volunteer_hours_rollup').select(['year', 'category', 'minutes', 'records']).where('user_id', '=', userId).orderBy('year', 'desc').orderBy('category').execute()
}

/** Adds confirmed minutes and records of a volunteer, year and category (the row made on the first). */
export async function addToRollup(db: Db, entries: readonly { userId: string; year: number; category: string; minutes: number; records: number }[]): Promise<void> {
  for (const e of entries) {
    await db
      .insertInto('volunteer_hours_rollup')
      .values({ user_id: e.userId, year: e.year, category: e.category as RecordRow['category'], minutes: e.minutes, records: e.records })
      .onConflict((oc) =>
        oc.columns(['user_id', 'year', 'category']).doUpdateSet({
          minutes: sql`volunteer_hours_rollup.minutes + excluded.minutes`,
          records: sql`volunteer_hours_rollup.records + excluded.records`,
        }),
      )
      .execute()
  }
}

/**
 * Takes back minutes and records (given as negative numbers) once counted: an UPDATE, since the row
 * exists (the confirmation made it) and an upsert would check the negative proposed row against the
 * table's `minutes >= 0`.
 */
export async function takeFromRollup(db: Db, entries: readonly { userId: string; year: number; category: string; minutes: number; records: number }[]): Promise<void> {
  for (const e of entries) {
    await db
      .updateTable('volunteer_hours_rollup')
      .set({ minutes: sql`minutes + ${e.minutes}`, records: sql`records + ${e.records}` })
      .where('user_id', '=', e.userId)
      .where('year', '=', e.year)
      .where('category', '=', e.category as RecordRow['category'])
      .execute()
  }
}

/** A community's confirmed records with service dates in [from, to], oldest first, with what the national system's fields need. */
export function confirmedInRange(db: Db, communityId: string, from: string, to: string) {
  return db
    .selectFrom('volunteer_record as r')
    .innerJoin('volunteer_activity as a', 'a.id', 'r.activity_id')
    .innerJoin('volunteer as v', 'v.user_id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'r.service_date', 'r.checked_in_at', 'r.checked_out_at', 'r.minutes', 'r.category', 'r.confirmed_by', 'r.confirmed_at', 'a.title', 'v.volunteer_no', 'v.name_enc', 'v.id_number_enc'])
    .where('r.community_id', '=', communityId)
    .where('r.status', '=', 'confirmed')
    .where('r.service_date', '>=', from)
    .where('r.service_date', '<=', to)
    .orderBy('r.service_date')
    .orderBy('r.id')
    .execute()
}

/** Active volunteers registered in a community, the earliest first (the demo's history goes to them). */
export function registeredVolunteers(db: Db, communityId: string, limit: number) {
  return db.selectFrom('volunteer').select(['user_id']).where('community_id', '=', communityId).where('status', '=', 'active').orderBy('registered_at').orderBy('user_id').limit(limit).execute()
}
