import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { TopicState } from '@linli/shared'
import type { AssistHelperRole } from './assist-table'
import type { ConsultationOpinionTable, OpinionRow, OpinionStatus } from './table'

export function findOpinion(db: Db, id: string) {
  return db.selectFrom('consultation_opinion').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertOpinion(db: Db, values: Insertable<ConsultationOpinionTable>) {
  return db.insertInto('consultation_opinion').values(values).returningAll().executeTakeFirstOrThrow()
}

/**
 * A topic's opinions (not replies), newest first. `viewer` sees her own whatever their status;
 * `all` (staff) sees every one.
 */
export function listOpinions(db: Db, filter: { topicId: string; viewer: string | null; all: boolean; after?: Position<Date>; limit: number }) {
  let q = db.selectFrom('consultation_opinion').selectAll().where('topic_id', '=', filter.topicId).where('parent_id', 'is', null)
  if (!filter.all) {
    const viewer = filter.viewer
    q = q.where((eb) => (viewer ? eb.or([eb('status', '=', 'visible'), eb('author_user_id', '=', viewer)]) : eb('status', '=', 'visible')))
  }
  if (filter.after) q = q.where(afterPosition('consultation_opinion.created_at', 'consultation_opinion.id', filter.after, 'desc'))
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
}

/** The replies to these opinions, oldest first, under the same visibility as the list. */
export function listReplies(db: Db, parentIds: readonly string[], viewer: string | null, all: boolean) {
  if (parentIds.length === 0) return Promise.resolve([])
  let q = db.selectFrom('consultation_opinion').selectAll().where('parent_id', 'in', parentIds)
  if (!all) q = q.where((eb) => (viewer ? eb.or([eb('status', '=', 'visible'), eb('author_user_id', '=', viewer)]) : eb('status', '=', 'visible')))
  return q.orderBy('created_at').orderBy('id').execute()
}

/**
 * A topic's counters: visible opinions (not replies) per stance and when the latest visible 反对 was
 * posted, one row kept by the opinion table's trigger in each write's transaction (migration
 * 2026_12_01_2000), so no read counts the opinions.
 */
export async function tally(db: Db, topicId: string): Promise<{ counts: { support: number; oppose: number; neutral: number }; opposeLatestAt: Date | null }> {
  const row = await db.selectFrom('consultation_opinion_tally').selectAll().where('topic_id', '=', topicId).executeTakeFirst()
  return { counts: { support: row?.support ?? 0, oppose: row?.oppose ?? 0, neutral: row?.neutral ?? 0 }, opposeLatestAt: row?.oppose_latest_at ?? null }
}

export async function likedAmong(db: Db, opinionIds: readonly string[], userId: string): Promise<Set<string>> {
  if (opinionIds.length === 0) return new Set()
  const rows = await db.selectFrom('consultation_opinion_like').select('opinion_id').where('opinion_id', 'in', opinionIds).where('user_id', '=', userId).execute()
  return new Set(rows.map((r) => r.opinion_id))
}

/** Which of a page's opinions she liked, and whether she has an opinion on the topic that others do not see (hidden or in review). */
export async function mineAmong(db: Db, topicId: string, opinionIds: readonly string[], userId: string): Promise<{ liked: Set<string>; hasHidden: boolean }> {
  const result = await sql<{ liked: string[]; has_hidden: boolean }>`
    select coalesce((select array_agg(l.opinion_id) from consultation_opinion_like l where l.user_id = ${userId} and l.opinion_id = any(${opinionIds.length > 0 ? opinionIds : ['00000000-0000-0000-0000-000000000000']}::uuid[])), '{}') as liked,
      exists (select 1 from consultation_opinion o where o.topic_id = ${topicId} and o.author_user_id = ${userId} and o.status <> 'visible') as has_hidden`.execute(db)
  const row = result.rows[0]
  return { liked: new Set(row?.liked ?? []), hasHidden: row?.has_hidden ?? false }
}

/** True when this is her first like of the opinion; a repeat changes nothing. */
export async function insertLike(db: Db, opinionId: string, userId: string): Promise<boolean> {
  const row = await db.insertInto('consultation_opinion_like').values({ opinion_id: opinionId, user_id: userId }).onConflict((oc) => oc.doNothing()).returning('opinion_id').executeTakeFirst()
  return row !== undefined
}

/** One more like: the row lock this update takes orders concurrent likes, so the counter is exact. */
export function incrementLike(db: Db, opinionId: string) {
  return db
    .updateTable('consultation_opinion')
    .set((eb) => ({ like_count: eb('like_count', '+', 1) }))
    .where('id', '=', opinionId)
    .returning('like_count')
    .executeTakeFirstOrThrow()
}

export async function insertReport(db: Db, opinionId: string, userId: string): Promise<boolean> {
  const row = await db.insertInto('consultation_opinion_report').values({ opinion_id: opinionId, user_id: userId }).onConflict((oc) => oc.doNothing()).returning('opinion_id').executeTakeFirst()
  return row !== undefined
}

/** One more report; at `threshold` a visible opinion goes to review, in the same statement. */
export function incrementReport(db: Db, opinionId: string, threshold: number) {
  return db
    .updateTable('consultation_opinion')
    .set((eb) => ({
      report_count: eb('report_count', '+', 1),
      status: eb.case().when(eb.and([eb('status', '=', 'visible'), eb('report_count', '>=', threshold - 1)])).then(sql.lit<OpinionStatus>('pending_review')).else(eb.ref('status')).end(),
    }))
    .where('id', '=', opinionId)
    .returning(['status', 'report_count'])
    .executeTakeFirstOrThrow()
}

/**
 * Staff's review. A restored opinion starts its report count over: the reports staff answered
 * do not put it back in review with the next single one.
 */
export function setStatus(db: Db, opinionId: string, status: OpinionStatus, reason: string | null) {
  return db
    .updateTable('consultation_opinion')
    .set({ status, hidden_reason: reason, ...(status === 'visible' ? { report_count: 0 } : {}) })
    .where('id', '=', opinionId)
    .execute()
}

/** An opinion row of the page read, with what the page shows beside it. */
export type ShownOpinionRow = OpinionRow & { liked_by_me: boolean; assist_helper_user_id: string | null; assist_helper_role: AssistHelperRole | null }

export interface OpinionPageRead {
  /** Undefined when there is no such topic. */
  topic: { community_id: string; state: TopicState } | undefined
  counts: { support: number; oppose: number; neutral: number }
  /** The page's opinions (up to `limit`, newest first), then the replies to them (oldest first). */
  page: ShownOpinionRow[]
  replies: ShownOpinionRow[]
}

type PageReadRow = Partial<ShownOpinionRow> & {
  t_community_id: string
  t_state: TopicState
  t_support: number | null
  t_oppose: number | null
  t_neutral: number | null
}

/**
 * The opinions page in ONE statement (issue 11 Speed, docs/decisions/027-request-cost.md): the
 * topic's community and state, its tally row, a page of opinions under the list's visibility, the
 * replies to them, each one's 代办 mark and whether the viewer liked it. What listOpinions,
 * tally, listReplies, likedAmong and assistsOfOpinions read in five round trips, with the same
 * filters, served by the same indexes (consultation_opinion_list, consultation_opinion_replies).
 */
export async function readOpinionPage(db: Db, filter: { topicId: string; viewer: string | null; all: boolean; after?: Position<Date>; limit: number }): Promise<OpinionPageRead> {
  const { topicId, viewer } = filter
  const visible = filter.all ? sql`` : viewer ? sql`and (o.status = 'visible' or o.author_user_id = ${viewer})` : sql`and o.status = 'visible'`
  const after = filter.after ? sql`and ${afterPosition('o.created_at', 'o.id', filter.after, 'desc')}` : sql``
  const liked = viewer ? sql`exists (select 1 from consultation_opinion_like l where l.opinion_id = s.id and l.user_id = ${viewer})` : sql`false`
  const result = await sql<PageReadRow>`
    with page as (
      select o.* from consultation_opinion o
      where o.topic_id = ${topicId} and o.parent_id is null ${visible} ${after}
      order by o.created_at desc, o.id desc
      limit ${filter.limit}
    ), shown as (
      select * from page
      union all
      select o.* from consultation_opinion o where o.parent_id in (select id from page) ${visible}
    )
    select t.community_id as t_community_id, t.state as t_state, ot.support as t_support, ot.oppose as t_oppose, ot.neutral as t_neutral,
      s.*, a.helper_user_id as assist_helper_user_id, a.helper_role as assist_helper_role, ${liked} as liked_by_me
    from consultation_topic t
    left join consultation_opinion_tally ot on ot.topic_id = t.id
    left join shown s on true
    left join consultation_assist a on a.opinion_id = s.id
    where t.id = ${topicId}`.execute(db)
  const first = result.rows[0]
  if (!first) return { topic: undefined, counts: { support: 0, oppose: 0, neutral: 0 }, page: [], replies: [] }
  const page: ShownOpinionRow[] = []
  const replies: ShownOpinionRow[] = []
  for (const row of result.rows) {
    if (!row.id) continue
    const opinion = row as PageReadRow & ShownOpinionRow
    ;(opinion.parent_id === null ? page : replies).push(opinion)
  }
  // Newest first (created, then id) for the page, oldest first for the replies: the orders of the old reads.
  page.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  replies.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {
    topic: { community_id: first.t_community_id, state: first.t_state },
    counts: { support: first.t_support ?? 0, oppose: first.t_oppose ?? 0, neutral: first.t_neutral ?? 0 },
    page,
    replies,
  }
}
