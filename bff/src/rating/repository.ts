import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import type { CaseStepTable, RatingTable, RectificationCaseTable } from './table'

export function findCases(db: Db, caseIds: string[]) {
  return db.selectFrom('rectification_case').selectAll().where('id', 'in', caseIds).execute()
}

/** The steps of some cases in the order they happened, with who took each. */
export function findCaseSteps(db: Db, caseIds: string[]) {
  return db
    .selectFrom('case_step')
    .leftJoin('app_user', 'app_user.id', 'case_step.actor_user_id')
    .select(['case_step.case_id', 'case_step.kind', 'case_step.note', 'case_step.at', 'app_user.display_name'])
    .where('case_step.case_id', 'in', caseIds)
    .orderBy('case_step.id')
    .execute()
}

export function findRatingWithCase(db: Db, ratingId: string) {
  return db
    .selectFrom('rating')
    .innerJoin('service', 'service.id', 'rating.service_id')
    .leftJoin('rectification_case', 'rectification_case.rating_id', 'rating.id')
    .select([
      'rating.id',
      'rating.booking_id',
      'rating.service_id',
      'service.name as service_name',
      'rating.level',
      'rating.tags',
      'rating.comment',
      'rating.created_at',
      'rating.counted',
      'rectification_case.id as case_id',
    ])
    .where('rating.id', '=', ratingId)
    .executeTakeFirstOrThrow()
}

/** The rating of a booking, if any; with `raterUserId`, only if that person gave it. */
export function findRatingOfBooking(db: Db, bookingId: string, raterUserId?: string) {
  let query = db.selectFrom('rating').select('id').where('booking_id', '=', bookingId)
  if (raterUserId) query = query.where('rater_user_id', '=', raterUserId)
  return query.executeTakeFirst()
}

export async function insertRating(db: Db, values: Insertable<RatingTable>): Promise<string> {
  const row = await db.insertInto('rating').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function insertCase(db: Db, values: Insertable<RectificationCaseTable>): Promise<void> {
  await db.insertInto('rectification_case').values(values).execute()
}

export async function insertCaseStep(db: Db, values: Insertable<CaseStepTable>): Promise<void> {
  await db.insertInto('case_step').values(values).execute()
}

/** A case with its rating and rater, as staff see it; the booking's day comes from booking. */
export function staffCaseQuery(db: Db) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .innerJoin('service', 'service.id', 'rectification_case.service_id')
    .innerJoin('community', 'community.id', 'rectification_case.community_id')
    .innerJoin('app_user', 'app_user.id', 'rating.rater_user_id')
    .select([
      'rectification_case.id',
      'rectification_case.community_id',
      'rectification_case.deadline',
      'rectification_case.status',
      'rating.id as rating_id',
      'rating.booking_id',
      'rating.rater_user_id',
      'rating.level',
      'rating.tags',
      'rating.comment',
      'service.name as service_name',
      'community.name as community_name',
      'community.street_id',
      'community.timezone',
      'app_user.display_name as rater_name',
      'app_user.phone_enc as rater_phone_enc',
    ])
}
export type StaffCaseRow = Awaited<ReturnType<ReturnType<typeof staffCaseQuery>['executeTakeFirstOrThrow']>>

/**
 * Moves a case from one status to the next only if it is still in `from`: of two taps at once
 * one wins, the other changes nothing (and the caller answers 409).
 */
export async function advanceCase(
  db: Db,
  caseId: string,
  from: RectificationCaseTable['status'],
  values: Partial<Pick<Insertable<RectificationCaseTable>, 'status' | 'replied_at' | 'reopened' | 'escalated_at' | 'deadline' | 'resident_satisfied' | 'closed_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('rectification_case').set(values).where('id', '=', caseId).where('status', '=', from).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** A case with who rated and the community's 整改 settings, for the resident's feedback. */
export function findCaseForFeedback(db: Db, caseId: string) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .innerJoin('community', 'community.id', 'rectification_case.community_id')
    .select([
      'rectification_case.id',
      'rectification_case.community_id',
      'rectification_case.status',
      'rectification_case.reopened',
      'rating.id as rating_id',
      'rating.rater_user_id',
      'community.timezone',
      'community.rectification_working_days',
    ])
    .where('rectification_case.id', '=', caseId)
    .executeTakeFirst()
}

/** Unreplied cases past their deadline and not escalated yet, locked (SKIP LOCKED: one worker each), with their rater. */
export function lockOverdueCases(db: Db, now: Date) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .select(['rectification_case.id', 'rectification_case.community_id', 'rating.booking_id', 'rating.rater_user_id'])
    .where('rectification_case.status', 'in', ['open', 'verified', 'rectified'])
    .where('rectification_case.deadline', '<', now)
    .where('rectification_case.escalated_at', 'is', null)
    .forUpdate('rectification_case')
    .skipLocked()
    .execute()
}

export async function markEscalated(db: Db, caseId: string, now: Date): Promise<void> {
  await db.updateTable('rectification_case').set({ escalated_at: now }).where('id', '=', caseId).execute()
}
