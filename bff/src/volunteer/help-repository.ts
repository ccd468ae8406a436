import { type Insertable, type Updateable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { HelpRequestTable } from './help-table'
import type { VolunteerSignupTable } from './table'

/** 邻里求助's reads and writes (the time bank's are in time-bank-repository.ts). */

export function insertRequest(db: Db, values: Insertable<HelpRequestTable>) {
  return db.insertInto('volunteer_help_request').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findRequest(db: Db, id: string) {
  return db.selectFrom('volunteer_help_request').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The request, locked for a change of its status (approve, take, give back, settle). */
export function lockRequest(db: Db, id: string) {
  return db.selectFrom('volunteer_help_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The help requests behind some activities, locked: the confirming transaction settles them. */
export function lockRequestsByActivities(db: Db, activityIds: readonly string[]) {
  if (activityIds.length === 0) return Promise.resolve([])
  return db.selectFrom('volunteer_help_request').selectAll().where('activity_id', 'in', [...activityIds]).orderBy('id').forUpdate().execute()
}

/** Approved requests nobody took whose time is over, still holding the payer's credits; locked, skipping those another run holds. */
export function lockUntakenWithEscrow(db: Db, endedBefore: Date, limit: number) {
  return db
    .selectFrom('volunteer_help_request')
    .selectAll()
    .where('status', '=', 'approved')
    .where('escrow_minutes', '>', 0)
    .where('ends_at', '<', endedBefore)
    .orderBy('ends_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** Changes a request only if it is still in `from` (two staff or two volunteers at once: one wins). */
export function updateRequestFrom(db: Db, id: string, from: HelpRequestTable['status'], values: Updateable<HelpRequestTable>) {
  return db.updateTable('volunteer_help_request').set(values).where('id', '=', id).where('status', '=', from).returningAll().executeTakeFirst()
}

export function updateRequest(db: Db, id: string, values: Updateable<HelpRequestTable>) {
  return db.updateTable('volunteer_help_request').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}

type View = { kind: 'mine'; userId: string } | { kind: 'taken'; userId: string } | { kind: 'status'; communityId: string; status: 'pending' | 'approved' }

/** A list, newest first, paged by (created_at, id). */
export function listRequests(db: Db, view: View, after: Position<Date> | undefined, limit: number) {
  let q = db.selectFrom('volunteer_help_request').selectAll()
  if (view.kind === 'mine') q = q.where((eb) => eb.or([eb('requester_user_id', '=', view.userId), eb('beneficiary_user_id', '=', view.userId)]))
  if (view.kind === 'taken') q = q.where('taken_by', '=', view.userId)
  if (view.kind === 'status') q = q.where('community_id', '=', view.communityId).where('status', '=', view.status)
  if (after) q = q.where(afterPosition('created_at', 'id', after, 'desc'))
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/** Requests posted in a period, and how many were first taken within `withinMs` of approval (one aggregate over the period's rows). */
export async function countPostedAndAnswered(db: Db, communityIds: readonly string[], from: Date, to: Date, withinMs: number) {
  if (communityIds.length === 0) return { requests: 0, answered: 0 }
  const row = await db
    .selectFrom('volunteer_help_request')
    .select([
      sql<string>`count(*)`.as('requests'),
      sql<string>`count(*) filter (where first_taken_at <= decided_at + ${withinMs} * interval '1 millisecond')`.as('answered'),
    ])
    .where('community_id', 'in', [...communityIds])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    // A request withdrawn before anyone took it asked nobody for an answer.
    .where((eb) => eb.not(eb.and([eb('status', '=', 'withdrawn'), eb('first_taken_at', 'is', null)])))
    .executeTakeFirstOrThrow()
  return { requests: Number(row.requests), answered: Number(row.answered) }
}

export function insertSignup(db: Db, values: Insertable<VolunteerSignupTable>) {
  return db.insertInto('volunteer_signup').values(values).returningAll().executeTakeFirstOrThrow()
}

/** Her open sign-up on the request's shift, cancelled (the seat is freed by the caller). */
export function cancelSignup(db: Db, shiftId: string, userId: string, at: Date) {
  return db
    .updateTable('volunteer_signup')
    .set({ status: 'cancelled', cancelled_at: at })
    .where('shift_id', '=', shiftId)
    .where('user_id', '=', userId)
    .where('status', '=', 'signed_up')
    .returning('id')
    .executeTakeFirst()
}
