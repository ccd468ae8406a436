import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { ConsultationEscalationTable, EscalationRow } from './oversight-table'

/**
 * Reads of the staff and street views (issue 11 item 9) and the rows of 上报街道 (item 8). Every
 * figure is one aggregate over all the asked communities, grouped by community: the cost does not
 * grow with the number of topics a page shows.
 */

export type Span = { from: Date; to: Date }

export function insertEscalation(db: Db, values: Insertable<ConsultationEscalationTable>) {
  return db.insertInto('consultation_escalation').values(values).onConflict((oc) => oc.column('topic_id').where('answered_at', 'is', null).doNothing()).returningAll().executeTakeFirst()
}

export function findEscalation(db: Db, id: string): Promise<EscalationRow | undefined> {
  return db.selectFrom('consultation_escalation').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findOpenEscalation(db: Db, topicId: string): Promise<EscalationRow | undefined> {
  return db.selectFrom('consultation_escalation').selectAll().where('topic_id', '=', topicId).where('answered_at', 'is', null).executeTakeFirst()
}

/** A topic's escalations, oldest first: the history the topic page shows. */
export function listTopicEscalations(db: Db, topicId: string) {
  return db.selectFrom('consultation_escalation').selectAll().where('topic_id', '=', topicId).orderBy('sent_at').orderBy('id').execute()
}

/** The street's unanswered escalations, earliest due day first (the overdue ones lead). */
export function listOpenForStreets(db: Db, filter: { streetIds: readonly string[]; after?: Position<string>; limit: number }) {
  let q = db.selectFrom('consultation_escalation').selectAll().where('street_id', 'in', filter.streetIds).where('answered_at', 'is', null)
  if (filter.after) q = q.where(afterPosition('consultation_escalation.due_date', 'consultation_escalation.id', filter.after, 'asc'))
  return q.orderBy('due_date').orderBy('id').limit(filter.limit).execute()
}

/** The street's answered escalations, last answered first. */
export function listAnsweredForStreets(db: Db, filter: { streetIds: readonly string[]; after?: Position<Date>; limit: number }) {
  let q = db.selectFrom('consultation_escalation').selectAll().where('street_id', 'in', filter.streetIds).where('answered_at', 'is not', null)
  if (filter.after) q = q.where(afterPosition('consultation_escalation.answered_at', 'consultation_escalation.id', filter.after, 'desc'))
  return q.orderBy('answered_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
}

/** The answer, only to one not answered yet: of two answers at once, one wins. */
export function answerEscalation(db: Db, id: string, values: { answer: string; answeredBy: string; at: Date }) {
  return db
    .updateTable('consultation_escalation')
    .set({ answer: values.answer, answered_by: values.answeredBy, answered_at: values.at })
    .where('id', '=', id)
    .where('answered_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

export function topicTitles(db: Db, topicIds: readonly string[]) {
  if (topicIds.length === 0) return Promise.resolve([])
  return db.selectFrom('consultation_topic').select(['id', 'title']).where('id', 'in', topicIds).execute()
}

/** Topics per community and state, as they are now. */
export function pipelineCounts(db: Db, communityIds: readonly string[]) {
  return db
    .selectFrom('consultation_topic')
    .select(['community_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('community_id', 'in', communityIds)
    .groupBy(['community_id', 'state'])
    .execute()
}

/** Topics raised in the span, per community. */
export function raisedCounts(db: Db, communityIds: readonly string[], span: Span) {
  return db
    .selectFrom('consultation_topic')
    .select(['community_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('community_id', 'in', communityIds)
    .where('created_at', '>=', span.from)
    .where('created_at', '<', span.to)
    .groupBy('community_id')
    .execute()
}

/**
 * Per community, topics put on the agenda (立项) and topics that became 已落实 in the span, and for
 * the latter the mean days from their 立项 to their 已落实, from the topic's move history.
 */
export function moveFigures(db: Db, communityIds: readonly string[], span: Span) {
  return sql<{ community_id: string; adopted: string; implemented: string; avg_days: string | null }>`
    select t.community_id,
           count(*) filter (where m.to_state = 'accepted') as adopted,
           count(*) filter (where m.to_state = 'implemented') as implemented,
           avg(extract(epoch from (m.at - acc.at)) / 86400) filter (where m.to_state = 'implemented') as avg_days
      from consultation_topic_move m
      join consultation_topic t on t.id = m.topic_id
      left join lateral (
        select min(a.at) as at from consultation_topic_move a where a.topic_id = m.topic_id and a.to_state = 'accepted'
      ) acc on m.to_state = 'implemented'
     where t.community_id in (${sql.join(communityIds)})
       and m.to_state in ('accepted', 'implemented')
       and m.at >= ${span.from} and m.at < ${span.to}
     group by t.community_id`.execute(db)
}

/**
 * Distinct residents who took part, per community: supported a topic or posted an opinion in the
 * span, or voted in a vote that opened in it (a ballot carries no time, on purpose: decision 020).
 */
export function participantCounts(db: Db, communityIds: readonly string[], span: Span) {
  const ids = sql.join(communityIds)
  return sql<{ community_id: string; n: string }>`
    select community_id, count(distinct user_id) as n from (
      select t.community_id, s.user_id
        from consultation_support s join consultation_topic t on t.id = s.topic_id
       where t.community_id in (${ids}) and s.created_at >= ${span.from} and s.created_at < ${span.to}
      union
      select t.community_id, o.author_user_id
        from consultation_opinion o join consultation_topic t on t.id = o.topic_id
       where t.community_id in (${ids}) and o.created_at >= ${span.from} and o.created_at < ${span.to}
      union
      select t.community_id, b.user_id
        from consultation_ballot b join consultation_vote v on v.id = b.vote_id join consultation_topic t on t.id = v.topic_id
       where t.community_id in (${ids}) and v.opens_at >= ${span.from} and v.opens_at < ${span.to}
    ) p
    group by community_id`.execute(db)
}

/** Unanswered escalations per community, and how many of them are past their due day (`today` on the communities' clock). */
export function escalationCounts(db: Db, communityIds: readonly string[], today: string) {
  return db
    .selectFrom('consultation_escalation')
    .select(['community_id', (eb) => eb.fn.countAll<string>().as('open'), sql<string>`count(*) filter (where due_date < ${today}::date)`.as('overdue')])
    .where('community_id', 'in', communityIds)
    .where('answered_at', 'is', null)
    .groupBy('community_id')
    .execute()
}

/** Opinions of the community's topics that three residents reported (待审核) or staff hid, newest first. */
export function listModeration(db: Db, filter: { communityId: string; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('consultation_opinion as o')
    .innerJoin('consultation_topic as t', 't.id', 'o.topic_id')
    .select(['o.id', 'o.topic_id', 't.title as topic_title', 'o.stance', 'o.author_user_id', 'o.body', 'o.status', 'o.report_count', 'o.hidden_reason', 'o.created_at'])
    .where('t.community_id', '=', filter.communityId)
    .where('o.status', 'in', ['pending_review', 'hidden'])
  if (filter.after) q = q.where(afterPosition('o.created_at', 'o.id', filter.after, 'desc'))
  return q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(filter.limit).execute()
}

/** The community's votes, last opened first, with their participation counters. */
export function listVotes(db: Db, filter: { communityId: string; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('consultation_vote as v')
    .innerJoin('consultation_topic as t', 't.id', 'v.topic_id')
    .select(['v.id', 'v.topic_id', 't.title as topic_title', 'v.rule', 'v.opens_at', 'v.closes_at', 'v.eligible', 'v.turnout'])
    .where('t.community_id', '=', filter.communityId)
  if (filter.after) q = q.where(afterPosition('v.opens_at', 'v.id', filter.after, 'desc'))
  return q.orderBy('v.opens_at', 'desc').orderBy('v.id', 'desc').limit(filter.limit).execute()
}

/** The communities' topics for the CSV export, by community then newest first (bounded by `limit`). */
export function topicsForExport(db: Db, communityIds: readonly string[], limit: number) {
  return db
    .selectFrom('consultation_topic')
    .select(['id', 'community_id', 'title', 'state', 'support_count', 'threshold', 'created_at'])
    .where('community_id', 'in', communityIds)
    .orderBy('community_id')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** Whether a community ever sent a topic to the street (the demo seed writes its own once). */
export async function hasEscalations(db: Db, communityId: string): Promise<boolean> {
  return (await db.selectFrom('consultation_escalation').select('id').where('community_id', '=', communityId).limit(1).executeTakeFirst()) !== undefined
}
