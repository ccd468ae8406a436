import type { Insertable, Updateable } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import { attendeesOfTopic } from './meeting-repository'
import type { ConsultationImplementationUpdateTable, ConsultationOutcomeTable, MilestoneRecord, OutcomeRow } from './outcome-table'

export function findOutcome(db: Db, topicId: string): Promise<OutcomeRow | undefined> {
  return db.selectFrom('consultation_outcome').selectAll().where('topic_id', '=', topicId).executeTakeFirst()
}

/** The result's row locked for this transaction: the moves that check it (start, done) and the objections that count on it queue here. */
export function lockOutcome(db: Db, topicId: string): Promise<OutcomeRow | undefined> {
  return db.selectFrom('consultation_outcome').selectAll().where('topic_id', '=', topicId).forUpdate().executeTakeFirst()
}

/** Undefined when the topic already has a result. */
export function insertOutcome(db: Db, values: Insertable<ConsultationOutcomeTable>) {
  return db.insertInto('consultation_outcome').values(values).onConflict((oc) => oc.column('topic_id').doNothing()).returning('topic_id').executeTakeFirst()
}

export function updateOutcome(db: Db, topicId: string, values: Updateable<ConsultationOutcomeTable>) {
  return db.updateTable('consultation_outcome').set(values).where('topic_id', '=', topicId).execute()
}

/** One more open objection, only while the 公示 runs: under the result's row lock, so an objection never slips in after implementation started. */
export function countObjection(db: Db, topicId: string, now: Date) {
  return db
    .updateTable('consultation_outcome')
    .set((eb) => ({ objections_open: eb('objections_open', '+', 1) }))
    .where('topic_id', '=', topicId)
    .where('publicity_ends_at', '>', now)
    .where('published_at', '<=', now)
    .returning('topic_id')
    .executeTakeFirst()
}

export function uncountObjection(db: Db, topicId: string) {
  return db.updateTable('consultation_outcome').set((eb) => ({ objections_open: eb('objections_open', '-', 1) })).where('topic_id', '=', topicId).execute()
}

/** Undefined when she already objected to this result. */
export function insertObjection(db: Db, values: { topic_id: string; author_user_id: string; body: string; created_at: Date }) {
  return db
    .insertInto('consultation_objection')
    .values(values)
    .onConflict((oc) => oc.columns(['topic_id', 'author_user_id']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function findObjection(db: Db, objectionId: string) {
  return db.selectFrom('consultation_objection').selectAll().where('id', '=', objectionId).executeTakeFirst()
}

/** The answer, only to an objection not answered yet: of two staff answering at once, one wins. */
export function answerObjection(db: Db, objectionId: string, answer: { answer: string; answered_by: string; answered_at: Date }) {
  return db.updateTable('consultation_objection').set(answer).where('id', '=', objectionId).where('answered_at', 'is', null).returningAll().executeTakeFirst()
}

/** A result's objections, oldest first (the order staff answer them in), a page. */
export function listObjections(db: Db, filter: { topicId: string; after?: Position<Date>; limit: number }) {
  let q = db.selectFrom('consultation_objection').selectAll().where('topic_id', '=', filter.topicId)
  if (filter.after) q = q.where(afterPosition('consultation_objection.created_at', 'consultation_objection.id', filter.after, 'asc'))
  return q.orderBy('created_at').orderBy('id').limit(filter.limit).execute()
}

export async function countObjections(db: Db, topicId: string): Promise<number> {
  const row = await db.selectFrom('consultation_objection').select((eb) => eb.fn.countAll<string>().as('n')).where('topic_id', '=', topicId).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function hasObjected(db: Db, topicId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('consultation_objection').select('id').where('topic_id', '=', topicId).where('author_user_id', '=', userId).executeTakeFirst()
  return row !== undefined
}

export function insertUpdate(db: Db, values: Omit<Insertable<ConsultationImplementationUpdateTable>, 'milestones'> & { milestones: readonly MilestoneRecord[] }) {
  return db
    .insertInto('consultation_implementation_update')
    .values({ ...values, milestones: JSON.stringify(values.milestones) })
    .execute()
}

/** Newest first, in the order written. */
export function findUpdates(db: Db, topicId: string) {
  return db.selectFrom('consultation_implementation_update').selectAll().where('topic_id', '=', topicId).orderBy('id', 'desc').execute()
}

export function setFollowing(db: Db, topicId: string, userId: string, following: boolean, now: Date) {
  return db
    .insertInto('consultation_follower')
    .values({ topic_id: topicId, user_id: userId, following, updated_at: now })
    .onConflict((oc) => oc.columns(['topic_id', 'user_id']).doUpdateSet({ following, updated_at: now }))
    .execute()
}

export function findFollowChoice(db: Db, topicId: string, userId: string) {
  return db.selectFrom('consultation_follower').select('following').where('topic_id', '=', topicId).where('user_id', '=', userId).executeTakeFirst()
}

/**
 * Everyone who took part in a topic: the proposer, who supported it, who gave an opinion or a
 * reply, who voted (that she voted, never what), who attended one of its 议事会 (checked in).
 * One query; `userId` narrows it to one person.
 */
function participants(db: Db, topicId: string) {
  return db
    .selectFrom('consultation_topic')
    .select('proposer_user_id as user_id')
    .where('id', '=', topicId)
    .union(db.selectFrom('consultation_support').select('user_id').where('topic_id', '=', topicId))
    .union(db.selectFrom('consultation_opinion').select('author_user_id as user_id').where('topic_id', '=', topicId))
    .union(
      db
        .selectFrom('consultation_ballot')
        .innerJoin('consultation_vote', 'consultation_vote.id', 'consultation_ballot.vote_id')
        .select('consultation_ballot.user_id')
        .where('consultation_vote.topic_id', '=', topicId),
    )
    .union(attendeesOfTopic(db, topicId))
}

export async function tookPart(db: Db, topicId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom(participants(db, topicId).as('p')).select('p.user_id').where('p.user_id', '=', userId).executeTakeFirst()
  return row !== undefined
}

/** Followers of a topic: who took part or chose 关注, less who chose 取消关注. One query however many. */
export async function followerIds(db: Db, topicId: string): Promise<string[]> {
  const chosen = db.selectFrom('consultation_follower').select('user_id').where('topic_id', '=', topicId).where('following', '=', true)
  const left = db.selectFrom('consultation_follower').select('user_id').where('topic_id', '=', topicId).where('following', '=', false)
  const rows = await db
    .selectFrom(participants(db, topicId).union(chosen).as('f'))
    .select('f.user_id')
    .where('f.user_id', 'not in', left)
    .execute()
  return rows.map((r) => r.user_id)
}

/** Her first 评议 of this topic; undefined when she already gave one. */
export function insertRating(db: Db, values: { topic_id: string; user_id: string; level: number; comment: string; created_at: Date }) {
  return db.insertInto('consultation_outcome_rating').values(values).onConflict((oc) => oc.columns(['topic_id', 'user_id']).doNothing()).returning('level').executeTakeFirst()
}

export function findRating(db: Db, topicId: string, userId: string) {
  return db.selectFrom('consultation_outcome_rating').select('level').where('topic_id', '=', topicId).where('user_id', '=', userId).executeTakeFirst()
}

/** Counts per level: a GROUP BY over one topic's ratings (at most one per participant) on the primary key. */
export function ratingCounts(db: Db, topicId: string) {
  return db
    .selectFrom('consultation_outcome_rating')
    .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
    .where('topic_id', '=', topicId)
    .groupBy('level')
    .execute()
}

/** Implementation past its due day and not 已落实, in some communities, earliest due first, a page. */
export function listOverdue(db: Db, filter: { communityIds: readonly string[]; now: Date; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('consultation_outcome')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_outcome.topic_id')
    .select([
      'consultation_outcome.topic_id',
      'consultation_outcome.community_id',
      'consultation_topic.title',
      'consultation_outcome.responsible_unit',
      'consultation_outcome.due_on',
      'consultation_outcome.due_at',
      'consultation_outcome.progress',
    ])
    .where('consultation_outcome.community_id', 'in', filter.communityIds)
    .where('consultation_topic.state', '=', 'implementing')
    .where('consultation_outcome.done_at', 'is', null)
    .where('consultation_outcome.due_at', '<', filter.now)
  if (filter.after) q = q.where(afterPosition('consultation_outcome.due_at', 'consultation_outcome.topic_id', filter.after, 'asc'))
  return q.orderBy('consultation_outcome.due_at').orderBy('consultation_outcome.topic_id').limit(filter.limit).execute()
}

/** Overdue ones the job has not noticed yet, marked noticed in the same statement (so each is noticed once). */
export function markOverdueNoticed(db: Db, now: Date, limit: number) {
  const due = db
    .selectFrom('consultation_outcome')
    .innerJoin('consultation_topic', 'consultation_topic.id', 'consultation_outcome.topic_id')
    .select('consultation_outcome.topic_id')
    .where('consultation_topic.state', '=', 'implementing')
    .where('consultation_outcome.done_at', 'is', null)
    .where('consultation_outcome.overdue_noticed_at', 'is', null)
    .where('consultation_outcome.due_at', '<', now)
    .limit(limit)
  return db
    .updateTable('consultation_outcome')
    .set({ overdue_noticed_at: now })
    .where('topic_id', 'in', due)
    .where('overdue_noticed_at', 'is', null)
    .returning(['topic_id', 'community_id', 'due_on', 'responsible_unit', 'progress'])
    .execute()
}
