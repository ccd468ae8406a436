import type { TopicState } from '@linli/shared'
import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { ConsultationSettingsTable, ConsultationTopicMoveTable, ConsultationTopicTable, TopicRow } from './table'

export function findSettings(db: Db, communityId: string) {
  return db.selectFrom('consultation_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst()
}

export function upsertSettings(db: Db, values: ConsultationSettingsTable) {
  return db
    .insertInto('consultation_settings')
    .values(values)
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ support_min: values.support_min, support_share_bp: values.support_share_bp, collection_days: values.collection_days }))
    .execute()
}

/** The default directory and the community's own rows, in the directory's order. */
export function findCategories(db: Db, communityId: string) {
  return db
    .selectFrom('consultation_category')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('community_id', 'is', null), eb('community_id', '=', communityId)]))
    .orderBy('sort_order')
    .orderBy('name')
    .execute()
}

export function insertTopic(db: Db, values: Insertable<ConsultationTopicTable>) {
  return db.insertInto('consultation_topic').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findTopic(db: Db, topicId: string): Promise<TopicRow | undefined> {
  return db.selectFrom('consultation_topic').selectAll().where('id', '=', topicId).executeTakeFirst()
}

/** A community's topics, newest first (created, then id), a page; of one state when given; drafts only `withDrafts`. */
export function listTopics(db: Db, filter: { communityId: string; state?: TopicState; after?: Position<Date>; limit: number; withDrafts?: boolean }) {
  let q = db.selectFrom('consultation_topic').selectAll().where('community_id', '=', filter.communityId)
  if (filter.state) q = q.where('state', '=', filter.state)
  if (!filter.withDrafts) q = q.where('state', '!=', 'draft')
  if (filter.after) q = q.where(afterPosition('consultation_topic.created_at', 'consultation_topic.id', filter.after, 'desc'))
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
}

/** What a topic's summary shows: the list reads only these columns, with its category's name. */
export type TopicSummaryRow = Pick<TopicRow, 'id' | 'community_id' | 'category_id' | 'proposer_user_id' | 'title' | 'state' | 'support_count' | 'threshold' | 'created_at' | 'expires_at'> & {
  category_name?: string | null
}

/**
 * The list page's read in one statement: listTopics' filters and order, the summary's columns only
 * (no description or links) and each topic's category name joined. A fixed SQL text with optional
 * conditions, as the list runs on every visit (docs/decisions/027-request-cost.md).
 */
export async function listTopicSummaries(db: Db, filter: { communityId: string; state?: TopicState; after?: Position<Date>; limit: number; withDrafts?: boolean }): Promise<TopicSummaryRow[]> {
  const state = filter.state ? sql`and t.state = ${filter.state}` : sql``
  const drafts = filter.withDrafts ? sql`` : sql`and t.state != 'draft'`
  const after = filter.after ? sql`and ${afterPosition('t.created_at', 't.id', filter.after, 'desc')}` : sql``
  const result = await sql<TopicSummaryRow>`select t.id, t.community_id, t.category_id, t.proposer_user_id, t.title, t.state, t.support_count, t.threshold, t.created_at, t.expires_at,
      cat.name as category_name
    from consultation_topic t left join consultation_category cat on cat.id = t.category_id
    where t.community_id = ${filter.communityId} ${state} ${drafts} ${after}
    order by t.created_at desc, t.id desc
    limit ${filter.limit}`.execute(db)
  return result.rows
}

export function categoryNames(db: Db, ids: readonly string[]) {
  return db.selectFrom('consultation_category').select(['id', 'name']).where('id', 'in', ids).execute()
}

/** True when this is her first support of the topic; a repeat changes nothing. */
export async function insertSupport(db: Db, topicId: string, userId: string): Promise<boolean> {
  const row = await db.insertInto('consultation_support').values({ topic_id: topicId, user_id: userId }).onConflict((oc) => oc.doNothing()).returning('topic_id').executeTakeFirst()
  return row !== undefined
}

export async function hasSupported(db: Db, topicId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('consultation_support').select('topic_id').where('topic_id', '=', topicId).where('user_id', '=', userId).executeTakeFirst()
  return row !== undefined
}

/**
 * One more support, only while the topic is collecting and its period runs: the row lock this
 * update takes orders concurrent supports, so the counter is exact without counting rows.
 */
export function incrementSupport(db: Db, topicId: string, now: Date) {
  return db
    .updateTable('consultation_topic')
    .set((eb) => ({ support_count: eb('support_count', '+', 1) }))
    .where('id', '=', topicId)
    .where('state', '=', 'collecting')
    .where('expires_at', '>', now)
    .returning(['support_count', 'threshold'])
    .executeTakeFirst()
}

/** Moves a topic only from the state it was read in: of two moves at once, one wins. */
export function moveTopic(db: Db, topicId: string, from: TopicState, to: TopicState, reason: string | null) {
  return db
    .updateTable('consultation_topic')
    .set({ state: to, state_reason: reason })
    .where('id', '=', topicId)
    .where('state', '=', from)
    .returning(['id'])
    .executeTakeFirst()
}

export function insertMove(db: Db, values: Insertable<ConsultationTopicMoveTable>) {
  return db.insertInto('consultation_topic_move').values(values).execute()
}

export function findMoves(db: Db, topicId: string) {
  return db.selectFrom('consultation_topic_move').selectAll().where('topic_id', '=', topicId).orderBy('id').execute()
}

/** Topics still collecting whose period ended below their threshold, oldest first. */
export function findExpired(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('consultation_topic')
    .selectAll()
    .where('state', '=', 'collecting')
    .where('expires_at', '<=', now)
    .whereRef('support_count', '<', 'threshold')
    .orderBy('expires_at')
    .limit(limit)
    .execute()
}

/** A draft's 征集 starts when it is published: the period runs from then. */
export function restartCollection(db: Db, topicId: string, expiresAt: Date) {
  return db.updateTable('consultation_topic').set({ expires_at: expiresAt }).where('id', '=', topicId).execute()
}

/** Staff edit a draft's title and text; only while it is still a draft. */
export function updateDraft(db: Db, topicId: string, values: { title: string; description: string }) {
  return db.updateTable('consultation_topic').set(values).where('id', '=', topicId).where('state', '=', 'draft').returning('id').executeTakeFirst()
}
