import { type RawBuilder, type Updateable, sql } from 'kysely'
import type { VolunteerSkill } from '@linli/shared'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import { readTogether } from '../platform/together'
import { lockHolder } from '../seats/seats'
import type { VolunteerActivityTable, VolunteerShiftTable, VolunteerSignupTable } from './table'

/** Reads and writes of activities, shifts and sign-ups (issue 12 item 2); the core ones are in repository.ts. */

/** Orders two taps of one person on one shift (the partial unique index holds the rest). */
/** Her lock (the seats kernel's holder lock, so a batch of sign-ups takes the same). */
export function lockPerson(db: Db, key: string): Promise<void> {
  return lockHolder(db, key)
}

export function findTeam(db: Db, teamId: string) {
  return db.selectFrom('volunteer_team').select(['id', 'community_id', 'name']).where('id', '=', teamId).executeTakeFirst()
}

export function lockActivity(db: Db, activityId: string) {
  return db.selectFrom('volunteer_activity').selectAll().where('id', '=', activityId).forUpdate().executeTakeFirst()
}

/**
 * The activity's status as a sign-up sees it inside its transaction: FOR KEY SHARE waits for a
 * cancel or a schedule change (FOR UPDATE) to commit, then reads it. Taken before any seat.
 */
export async function shareActivityStatus(db: Db, activityId: string) {
  const row = await db.selectFrom('volunteer_activity').select('status').where('id', '=', activityId).forKeyShare().executeTakeFirst()
  return row?.status
}

export function updateActivity(db: Db, activityId: string, values: Updateable<VolunteerActivityTable>) {
  return db.updateTable('volunteer_activity').set(values).where('id', '=', activityId).returningAll().executeTakeFirstOrThrow()
}

export function findShiftsOf(db: Db, activityId: string) {
  return db.selectFrom('volunteer_shift').selectAll().where('activity_id', '=', activityId).orderBy('starts_at').orderBy('id').execute()
}

export function updateShift(db: Db, shiftId: string, values: Updateable<VolunteerShiftTable>) {
  return db.updateTable('volunteer_shift').set(values).where('id', '=', shiftId).returningAll().executeTakeFirstOrThrow()
}

/** The published headcount follows a shift's seats changed by `delta`. */
export async function addHeadcount(db: Db, activityId: string, delta: number): Promise<void> {
  await db.updateTable('volunteer_activity').set((eb) => ({ headcount: eb('headcount', '+', delta) })).where('id', '=', activityId).execute()
}

/** Empties every shift of a cancelled activity (its sign-ups are all cancelled with it). */
export function emptyShifts(db: Db, activityId: string) {
  return db.updateTable('volunteer_shift').set({ taken: 0 }).where('activity_id', '=', activityId).execute()
}

/** The open sign-ups of some shifts, locked: the people a change or a cancellation tells. */
export function lockOpenSignupsOf(db: Db, shiftIds: readonly string[]) {
  if (shiftIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_signup')
    .selectAll()
    .where('shift_id', 'in', shiftIds)
    .where('status', 'in', ['signed_up', 'waitlisted'])
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute()
}

export function cancelSignups(db: Db, ids: readonly string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([])
  return db.updateTable('volunteer_signup').set({ status: 'cancelled', cancelled_at: now }).where('id', 'in', ids).execute()
}

/**
 * Published activities of a community still to come, soonest first: kind 'activity' and
 * 'service_slot' (a help request's one shift is listed on 邻里求助 instead). The sort key is the
 * first shift not yet started, so the cursor is (that start, id).
 */
export function pageUpcomingActivities(db: Db, q: { communityId: string; category?: VolunteerSkill; now: Date; after?: Position<Date>; limit: number }) {
  const next = db
    .selectFrom('volunteer_activity as a')
    .select(['a.id', 'a.kind', 'a.status', 'a.title', 'a.category', 'a.place', 'a.risky'])
    .select((eb) =>
      eb
        .selectFrom('volunteer_shift as s')
        .select(sql<Date>`min(s.starts_at)`.as('m'))
        .whereRef('s.activity_id', '=', 'a.id')
        .where('s.starts_at', '>', q.now)
        .as('next_start'),
    )
    .select((eb) =>
      eb
        .selectFrom('volunteer_shift as s')
        .select(sql<number>`coalesce(sum(s.capacity - s.taken), 0)::int`.as('left'))
        .whereRef('s.activity_id', '=', 'a.id')
        .where('s.starts_at', '>', q.now)
        .as('seats_left'),
    )
    .where('a.community_id', '=', q.communityId)
    .where('a.status', '=', 'published')
    .where('a.kind', 'in', ['activity', 'service_slot'])
    .$if(q.category !== undefined, (w) => w.where('a.category', '=', q.category as VolunteerSkill))
  let page = db.selectFrom(next.as('x')).selectAll().where('x.next_start', 'is not', null)
  if (q.after) page = page.where(afterPosition('x.next_start', 'x.id', q.after, 'asc'))
  return page.orderBy('x.next_start').orderBy('x.id').limit(q.limit + 1).execute()
}

/** How many wait for each shift (the queue index answers it; a waitlist is short). */
export async function waitingCounts(db: Db, shiftIds: readonly string[]): Promise<Map<string, number>> {
  if (shiftIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('volunteer_signup')
    .select(['shift_id', sql<number>`count(*)::int`.as('n')])
    .where('shift_id', 'in', shiftIds)
    .where('status', '=', 'waitlisted')
    .groupBy('shift_id')
    .execute()
  return new Map(rows.map((r) => [r.shift_id, r.n]))
}

/** Her open sign-ups on some shifts, with her place in each waitlist (1 = next). */
export function mySignupsOn(db: Db, userId: string, shiftIds: readonly string[]) {
  if (shiftIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_signup as m')
    .select(['m.id', 'm.shift_id', 'm.status', 'm.guardian_user_id', 'm.created_at'])
    .select((eb) =>
      eb
        .selectFrom('volunteer_signup as w')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('w.shift_id', '=', 'm.shift_id')
        .where('w.status', '=', 'waitlisted')
        .where(sql<boolean>`(w.created_at, w.id) <= (m.created_at, m.id)`)
        .as('position'),
    )
    .where('m.user_id', '=', userId)
    .where('m.shift_id', 'in', shiftIds)
    .where('m.status', 'in', ['signed_up', 'waitlisted'])
    .execute()
}

/**
 * Before a sign-up, in her transaction: an open sign-up of hers on this shift, or on another
 * shift whose time overlaps it. One query answers both refusals.
 */
export function findClash(db: Db, userId: string, shift: { id: string; starts_at: Date; ends_at: Date }) {
  return clashQuery(db, userId, shift).executeTakeFirst()
}

/** Her open sign-up on this shift or one overlapping it, as a condition of the seat statement. */
export function clashCondition(db: Db, userId: string, shift: { id: string; starts_at: Date; ends_at: Date }) {
  return sql`exists (${clashQuery(db, userId, shift)})`
}

/** `clashCondition` for many volunteers signing up together: the positions `n` of `volunteers` (a set with `n` and `user_id`) refused. */
export function clashes(db: Db, volunteers: RawBuilder<unknown>, shift: { id: string; starts_at: Date; ends_at: Date }) {
  return sql`select v.n from ${volunteers} as v where exists (${clashQuery(db, sql<string>`v.user_id`, shift)})`
}

function clashQuery(db: Db, userId: string | RawBuilder<string>, shift: { id: string; starts_at: Date; ends_at: Date }) {
  return db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer_shift as s', 's.id', 'g.shift_id')
    .select(['g.id', 'g.shift_id'])
    .where('g.user_id', '=', userId)
    .where('g.status', 'in', ['signed_up', 'waitlisted'])
    .where((eb) => eb.or([eb('g.shift_id', '=', shift.id), eb.and([eb('s.starts_at', '<', shift.ends_at), eb('s.ends_at', '>', shift.starts_at)])]))
    .limit(1)
}

/** The guardian she names: an adult volunteer seated (or waiting) on the same shift. */
export function findGuardianOn(db: Db, shiftId: string, volunteerNo: string) {
  return db
    .selectFrom('volunteer as v')
    .innerJoin('volunteer_signup as g', 'g.user_id', 'v.user_id')
    .select(['v.user_id', 'v.birth_date_enc', 'v.name_enc', 'g.status'])
    .where('v.volunteer_no', '=', volunteerNo)
    .where('g.shift_id', '=', shiftId)
    .where('g.status', 'in', ['signed_up', 'waitlisted'])
    .executeTakeFirst()
}

export function insertSignup(db: Db, values: { id?: string; shift_id: string; user_id: string; community_id: string; status: 'signed_up' | 'waitlisted'; guardian_user_id: string | null }) {
  return db.insertInto('volunteer_signup').values(values).returning(['id', 'status']).executeTakeFirstOrThrow()
}

export function findOpenSignup(db: Db, shiftId: string, userId: string) {
  return db.selectFrom('volunteer_signup').selectAll().where('shift_id', '=', shiftId).where('user_id', '=', userId).where('status', 'in', ['signed_up', 'waitlisted']).executeTakeFirst()
}

export function lockSignup(db: Db, signupId: string) {
  return db.selectFrom('volunteer_signup').selectAll().where('id', '=', signupId).forUpdate().executeTakeFirst()
}

export function updateSignup(db: Db, signupId: string, values: Updateable<VolunteerSignupTable>) {
  return db.updateTable('volunteer_signup').set(values).where('id', '=', signupId).returningAll().executeTakeFirstOrThrow()
}

/** The children she accompanies on a shift: they go when she goes. */
export function lockWardsOn(db: Db, shiftId: string, guardianUserId: string) {
  return db
    .selectFrom('volunteer_signup')
    .selectAll()
    .where('shift_id', '=', shiftId)
    .where('guardian_user_id', '=', guardianUserId)
    .where('status', 'in', ['signed_up', 'waitlisted'])
    .forUpdate()
    .execute()
}

/** 我的报名: her sign-ups (open and cancelled) of shifts to come, soonest first, or past ones, latest first. */
export function pageMySignups(db: Db, q: { userId: string; when: 'upcoming' | 'past'; now: Date; after?: Position<Date>; limit: number }) {
  const dir = q.when === 'upcoming' ? 'asc' : 'desc'
  let query = db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer_shift as s', 's.id', 'g.shift_id')
    .innerJoin('volunteer_activity as a', 'a.id', 's.activity_id')
    .select(['g.id', 'g.status', 'g.created_at', 'g.shift_id', 's.role', 's.starts_at', 's.ends_at', 's.signup_deadline', 'a.id as activity_id', 'a.title', 'a.status as activity_status', 'a.place', 'a.community_id'])
    .select((eb) =>
      eb
        .selectFrom('volunteer_signup as w')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('w.shift_id', '=', 'g.shift_id')
        .where('w.status', '=', 'waitlisted')
        .where(sql<boolean>`(w.created_at, w.id) <= (g.created_at, g.id)`)
        .as('position'),
    )
    .where('g.user_id', '=', q.userId)
    .where('s.starts_at', q.when === 'upcoming' ? '>' : '<=', q.now)
  if (q.after) query = query.where(afterPosition('s.starts_at', 'g.id', q.after, dir))
  return query.orderBy('s.starts_at', dir).orderBy('g.id', dir).limit(q.limit + 1).execute()
}

/**
 * Reminders due: seated sign-ups of published activities whose shift starts within `leadMinutes`
 * and who were not reminded, locked (SKIP LOCKED: two workers never remind one person twice).
 */
export function lockDueReminders(db: Db, now: Date, leadMinutes: number) {
  return db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer_shift as s', 's.id', 'g.shift_id')
    .innerJoin('volunteer_activity as a', 'a.id', 's.activity_id')
    .select(['g.id', 'g.user_id', 'g.community_id', 'a.id as activity_id', 'a.title', 'a.place', 's.starts_at', 's.role'])
    .where('g.status', '=', 'signed_up')
    .where('g.reminded_at', 'is', null)
    .where('a.status', '=', 'published')
    .where('s.starts_at', '>', now)
    .where(sql<boolean>`s.starts_at <= ${now}::timestamptz + make_interval(mins => ${leadMinutes})`)
    .forUpdate('g')
    .skipLocked()
    .execute()
}

export function markReminded(db: Db, ids: readonly string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([])
  return db.updateTable('volunteer_signup').set({ reminded_at: now }).where('id', 'in', ids).execute()
}

/** What a sign-up checks, in one read: the shift, its activity's conditions and status. */
export const findShiftForSignup = readTogether(async (db: Db, shiftIds: readonly string[]) => {
  const rows = await db
    .selectFrom('volunteer_shift as s')
    .innerJoin('volunteer_activity as a', 'a.id', 's.activity_id')
    .select(['s.id', 's.activity_id', 's.community_id', 's.role', 's.starts_at', 's.ends_at', 's.signup_deadline'])
    .select(['a.title', 'a.place', 'a.status as activity_status', 'a.min_age', 'a.minors_with_guardian', 'a.required_skills', 'a.training'])
    .where(sql<boolean>`s.id = any(${shiftIds}::uuid[])`)
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
})

/** The first registered, active volunteers of a community (the demo fills a shift with them). */
export function activeVolunteersOf(db: Db, communityId: string, limit: number) {
  return db.selectFrom('volunteer').select('user_id').where('community_id', '=', communityId).where('status', '=', 'active').orderBy('registered_at').orderBy('user_id').limit(limit).execute()
}
