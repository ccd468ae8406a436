import { type ExpressionBuilder, type Insertable, type Updateable, sql } from 'kysely'
import type { Database, Db } from '../db/database'
import { preparedRead } from '../db/prepared'
import type { CaseStepTable, RatingAppealTable, RatingTable, RectificationCaseTable, SurveyResponseTable, SurveyTable } from './table'

export function findCases(db: Db, caseIds: string[]) {
  return db.selectFrom('rectification_case').selectAll().where('id', 'in', caseIds).execute()
}

/** The steps of some cases in the order they happened, with who took each. */
export function findCaseSteps(db: Db, caseIds: string[]) {
  return db.selectFrom('case_step').select(['case_id', 'kind', 'note', 'at', 'actor_user_id']).where('case_id', 'in', caseIds).orderBy('id').execute()
}

export function findRatingWithCase(db: Db, ratingId: string) {
  return db
    .selectFrom('rating')
    .leftJoin('rectification_case', 'rectification_case.rating_id', 'rating.id')
    .select([
      'rating.id',
      'rating.booking_id',
      'rating.service_id',
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

/** Whether any rating was ever given (the demo history is written once). */
export async function hasRatings(db: Db): Promise<boolean> {
  return (await db.selectFrom('rating').select('id').limit(1).executeTakeFirst()) !== undefined
}

export async function insertRating(db: Db, values: Insertable<RatingTable>): Promise<string> {
  const row = await db.insertInto('rating').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function insertCase(db: Db, values: Insertable<RectificationCaseTable>): Promise<string> {
  const row = await db.insertInto('rectification_case').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function insertCaseStep(db: Db, values: Insertable<CaseStepTable>): Promise<void> {
  await db.insertInto('case_step').values(values).execute()
}

/** A case with its rating, as staff see it; the service, community, rater and booking's day come from their domains. */
export function staffCaseQuery(db: Db) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .select([
      'rectification_case.id',
      'rectification_case.community_id',
      'rectification_case.service_id',
      'rectification_case.deadline',
      'rectification_case.status',
      'rating.id as rating_id',
      'rating.booking_id',
      'rating.rater_user_id',
      'rating.level',
      'rating.tags',
      'rating.comment',
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

/** A case with who rated, for the resident's feedback. */
export function findCaseForFeedback(db: Db, caseId: string) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .select([
      'rectification_case.id',
      'rectification_case.community_id',
      'rectification_case.status',
      'rectification_case.reopened',
      'rating.id as rating_id',
      'rating.rater_user_id',
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

// Appeals (申诉)

export function appealQuery(db: Db) {
  return db
    .selectFrom('rating_appeal')
    .innerJoin('rating', 'rating.id', 'rating_appeal.rating_id')
    .select([
      'rating_appeal.id',
      'rating_appeal.rating_id',
      'rating_appeal.reason',
      'rating_appeal.status',
      'rating_appeal.decision_note',
      'rating_appeal.filed_at',
      'rating.level',
      'rating.comment',
      'rating.service_id',
      'rating_appeal.community_id',
    ])
}

export type AppealRow = Awaited<ReturnType<ReturnType<typeof appealQuery>['executeTakeFirstOrThrow']>>

/** A rating's community, for who may appeal it. */
export function findRatingCommunity(db: Db, ratingId: string) {
  return db.selectFrom('rating').select(['id', 'community_id']).where('id', '=', ratingId).executeTakeFirst()
}

/** Files an appeal; none when the rating already has one (one appeal per rating, a unique index). */
export async function insertAppeal(db: Db, values: Insertable<RatingAppealTable>): Promise<string | null> {
  const row = await db.insertInto('rating_appeal').values(values).onConflict((oc) => oc.column('rating_id').doNothing()).returning('id').executeTakeFirst()
  return row?.id ?? null
}

/** Records the decision if the appeal is still pending. */
export async function decideAppeal(
  db: Db,
  appealId: string,
  values: Pick<Updateable<RatingAppealTable>, 'status' | 'decided_by' | 'decision_note' | 'decided_at'>,
): Promise<boolean> {
  const result = await db.updateTable('rating_appeal').set(values).where('id', '=', appealId).where('status', '=', 'pending').executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** An upheld appeal takes the rating out of the statistics; it stays on record. */
export async function uncountRating(db: Db, ratingId: string): Promise<void> {
  await db.updateTable('rating').set({ counted: false }).where('id', '=', ratingId).execute()
}

// Satisfaction surveys (满意度调查)

/** A survey with how many answered. */
export function surveyQuery(db: Db) {
  return db
    .selectFrom('survey')
    .selectAll('survey')
    .select((eb) => [
      eb.selectFrom('survey_response').select(eb.fn.countAll<string>().as('n')).whereRef('survey_response.survey_id', '=', 'survey.id').as('responses'),
    ])
}
export type SurveyRow = Awaited<ReturnType<ReturnType<typeof surveyQuery>['executeTakeFirstOrThrow']>>

export async function insertSurvey(db: Db, values: Insertable<SurveyTable>): Promise<string> {
  const row = await db.insertInto('survey').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Which of `surveyIds` the person has answered. */
export async function answeredSurveyIds(db: Db, userId: string | null, surveyIds: string[]): Promise<Set<string>> {
  if (!userId || surveyIds.length === 0) return new Set()
  const rows = await db.selectFrom('survey_response').select('survey_id').where('user_id', '=', userId).where('survey_id', 'in', surveyIds).execute()
  return new Set(rows.map((r) => r.survey_id))
}

/** Records an answer; false when this person already answered (one response each, a unique key). */
export async function insertSurveyResponse(db: Db, values: Insertable<SurveyResponseTable>): Promise<boolean> {
  const row = await db.insertInto('survey_response').values(values).onConflict((oc) => oc.columns(['survey_id', 'user_id']).doNothing()).returning('survey_id').executeTakeFirst()
  return row !== undefined
}

export function surveyAnswers(db: Db, surveyId: string) {
  return db.selectFrom('survey_response').select('answers').where('survey_id', '=', surveyId).execute()
}

// Published figures

/** count(*) of counted ratings, of good ones and of poor ones, as selectable columns. */
export function ratingCounts(eb: ExpressionBuilder<Database, 'rating'>) {
  return [
    eb.fn.countAll<string>().filterWhere('rating.counted', '=', true).as('ratings'),
    eb.fn.countAll<string>().filterWhere('rating.counted', '=', true).filterWhere('rating.level', '>=', 3).as('good'),
    eb.fn.countAll<string>().filterWhere('rating.counted', '=', true).filterWhere('rating.level', '<=', 2).as('poor'),
  ] as const
}

/** No community at all must match nothing (an empty `in ()` is not SQL). */
const NO_COMMUNITY = '00000000-0000-0000-0000-000000000000'

/** Counted, good and poor ratings per service of a community in one month. */
export function ratingCountsByService(db: Db, communityId: string, month: string) {
  return db
    .selectFrom('rating')
    .select((eb) => ['rating.service_id', ...ratingCounts(eb)])
    .where('rating.community_id', '=', communityId)
    .where('rating.month', '=', month)
    .groupBy('rating.service_id')
    .execute()
}

/** Counted, good and poor ratings of some services, all months. */
export function ratingCountsOfServices(db: Db, serviceIds: string[]) {
  if (serviceIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('rating')
    .select((eb) => ['rating.service_id', ...ratingCounts(eb)])
    .where('rating.service_id', 'in', serviceIds)
    .groupBy('rating.service_id')
    .execute()
}

/** The cases of a month's ratings: how many, how many replied, how many replied on time. */
export function caseCountsOfMonth(db: Db, communityId: string, month: string) {
  return db
    .selectFrom('rectification_case')
    .innerJoin('rating', 'rating.id', 'rectification_case.rating_id')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.countAll<string>().filterWhere('rectification_case.replied_at', 'is not', null).as('replied'),
      eb.fn
        .countAll<string>()
        .filterWhere(sql<boolean>`rectification_case.replied_at <= rectification_case.deadline`)
        .as('on_time'),
    ])
    .where('rating.community_id', '=', communityId)
    .where('rating.month', '=', month)
    .executeTakeFirstOrThrow()
}

export type Breakdown = 'month' | 'category' | 'provider' | 'community'

/**
 * Rating counts of some communities since a month, by month (`key` YYYY-MM), category, provider
 * and community (`key` its id: the names are their domains'), all four in one statement over the
 * monthly rollup (decision 040) — the size of the answer, not of the ratings. A group whose ratings
 * were all taken out by appeals is still there with 0, as when the figures were counted from `rating`.
 */
export async function ratingCountsSince(db: Db, communityIds: string[], fromMonth: string): Promise<{ by: Breakdown; key: string; ratings: number; good: number; poor: number }[]> {
  const result = await sql<{ by: Breakdown; key: string | null; ratings: number; good: number; poor: number }>`
    select
      case when grouping(month) = 0 then 'month' when grouping(category_id) = 0 then 'category' when grouping(provider_id) = 0 then 'provider' else 'community' end as by,
      case when grouping(month) = 0 then to_char(month, 'YYYY-MM') when grouping(category_id) = 0 then category_id
        when grouping(provider_id) = 0 then provider_id::text else community_id::text end as key,
      sum(ratings)::int as ratings, sum(good)::int as good, sum(poor)::int as poor
    from rating_rollup
    where community_id in (${sql.join(communityIds.length ? communityIds : [NO_COMMUNITY])}) and month >= ${fromMonth}
    group by grouping sets ((month), (category_id), (provider_id), (community_id))
    having sum(rows) > 0`.execute(db)
  // A service without a provider (the community runs it) has no provider to rank.
  return result.rows.flatMap((r) => (r.key === null ? [] : [{ ...r, key: r.key }]))
}

/** The dashboard asks it on every view: compiled once (decision 043). */
const openAndOverdue = preparedRead((db, v: { communityIds: readonly string[]; now: Date }) =>
  db
    .selectFrom('rectification_case')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('status', '!=', 'closed').as('open'),
      eb.fn.countAll<string>().filterWhere('status', 'in', ['open', 'verified', 'rectified']).filterWhere('deadline', '<', v.now).as('overdue'),
    ])
    .where(sql<boolean>`community_id = any(${v.communityIds}::uuid[])`),
)

/** Cases not closed, and those of them past the deadline without a reply, in some communities. */
export async function openAndOverdueCases(db: Db, communityIds: string[], now: Date) {
  // An aggregate without GROUP BY always answers one row.
  return (await openAndOverdue(db, { communityIds, now }))[0] ?? { open: '0', overdue: '0' }
}
