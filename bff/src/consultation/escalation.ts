import type { Escalation, EscalationAnswerSchema, EscalationInputSchema, EscalationStatus, StreetEscalationQuerySchema, TopicEscalations, TopicState } from '@linli/shared'
import type { z } from 'zod'
import { CHINA_TIME_ZONE, localDate, localMoment } from '../calendar/local-time'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { communitiesByIds } from '../region/service'
import { CONSULTATION_MESSAGES } from './messages'
import { followerIds } from './outcome-repository'
import * as repo from './oversight-repository'
import type { EscalationRow } from './oversight-table'
import { findTopic } from './repository'
import { communityOrThrow, isStaffOf } from './service'

/**
 * 上报街道 (issue 11 item 8, docs/decisions/026): a topic beyond the community's authority (a road
 * outside the estate, a matter for the street's budget) goes to its street with a due day; the
 * street admin answers, and the answer is published on the topic for everyone and sent to those
 * who follow it.
 */

/** From 已立项 to 落实中: before 立项 nothing is decided yet, after 已落实 / 已终止 nothing is left to decide. */
const ESCALATABLE: ReadonlySet<TopicState> = new Set(['accepted', 'deliberating', 'voting', 'resolved', 'implementing'])
/** How much of the answer the message carries; the topic page has all of it. */
const ANSWER_IN_MESSAGE = 60

function streetAdminOf(auth: Auth | null, streetId: string): boolean {
  return auth?.grants.some((g) => g.role === 'street_admin' && g.streetId === streetId) ?? false
}

function statusOf(row: EscalationRow, today: string): EscalationStatus {
  if (row.answered_at) return 'answered'
  return row.due_date < today ? 'overdue' : 'waiting'
}

/** Rows to the published shape, each on its community's clock: one query for titles, one for communities. */
async function toEscalations(deps: Deps, rows: readonly EscalationRow[]): Promise<Escalation[]> {
  const [titles, communities] = await Promise.all([
    repo.topicTitles(deps.db, [...new Set(rows.map((r) => r.topic_id))]),
    communitiesByIds(deps.db, rows.map((r) => r.community_id)),
  ])
  const titleOf = new Map(titles.map((t) => [t.id, t.title]))
  const now = deps.now()
  return rows.map((r) => {
    const community = communities.get(r.community_id)
    const tz = community?.timezone ?? CHINA_TIME_ZONE
    return {
      id: r.id,
      topicId: r.topic_id,
      topicTitle: titleOf.get(r.topic_id) ?? '',
      communityId: r.community_id,
      communityName: community?.name ?? '',
      reason: r.reason,
      dueDate: r.due_date,
      status: statusOf(r, localDate(now, tz)),
      sentAt: r.sent_at.toISOString(),
      sentAtLocal: localMoment(r.sent_at, tz),
      answer: r.answer,
      answeredAt: r.answered_at?.toISOString() ?? null,
      answeredAtLocal: r.answered_at ? localMoment(r.answered_at, tz) : null,
    }
  })
}

/** A topic's escalations, for everyone (四议两公开), and whether the caller may send or answer one. */
export async function topicEscalations(deps: Deps, auth: Auth | null, topicId: string): Promise<TopicEscalations> {
  const topic = await findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  const rows = await repo.listTopicEscalations(deps.db, topicId)
  const open = rows.some((r) => r.answered_at === null)
  return {
    items: await toEscalations(deps, rows),
    canEscalate: isStaffOf(auth, community) && ESCALATABLE.has(topic.state) && !open,
    canAnswer: open && streetAdminOf(auth, community.streetId),
  }
}

/**
 * Staff send a topic to the street:
 * 1. Staff of the topic's community (or its street's admin).
 * 2. The topic is between 已立项 and 落实中.
 * 3. The due day is today or later on the community's clock.
 * 4. Not while an earlier one waits for its answer (the partial unique index decides a race).
 * The row and the audit entry are one transaction.
 */
export async function escalateTopic(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof EscalationInputSchema>, requestId: string): Promise<Escalation> {
  const topic = await findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  // 1.
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以上报街道' })
  // 2.
  if (!ESCALATABLE.has(topic.state)) throw new AppError('ESCALATION_STATE')
  // 3.
  const now = deps.now()
  if (input.dueDate < localDate(now, community.timezone)) throw new AppError('ESCALATION_DUE_PAST', { fields: [{ path: 'dueDate', message: '答复期限不能早于今天' }] })
  const row = await inTransaction(deps.db, async (trx) => {
    // 4.
    const sent = await repo.insertEscalation(trx, {
      topic_id: topic.id,
      community_id: community.id,
      street_id: community.streetId,
      reason: input.reason,
      due_date: input.dueDate,
      sent_by: auth.userId,
      sent_at: now,
    })
    if (!sent) throw new AppError('ESCALATION_OPEN')
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'topic.escalated',
      targetType: 'consultation_escalation',
      targetId: sent.id,
      detail: { topicId: topic.id, streetId: community.streetId, dueDate: input.dueDate, reason: input.reason },
      requestId,
    })
    return sent
  })
  const [escalation] = await toEscalations(deps, [row])
  if (!escalation) throw new AppError('ESCALATION_NOT_FOUND')
  return escalation
}

/** The streets a caller administers. */
function streetsOf(auth: Auth): string[] {
  return auth.grants.flatMap((g) => (g.role === 'street_admin' && g.streetId ? [g.streetId] : []))
}

/** The street admin's list: open ones by due day (overdue first), or the answered ones, a page. */
export async function streetEscalations(deps: Deps, auth: Auth, query: z.output<typeof StreetEscalationQuerySchema>) {
  const streetIds = streetsOf(auth)
  if (streetIds.length === 0) throw new AppError('FORBIDDEN')
  if (query.status === 'open') {
    const after = query.cursor ? decodeCursor(query.cursor, 'date') : undefined
    const rows = await repo.listOpenForStreets(deps.db, { streetIds, after, limit: query.limit + 1 })
    const page = pageFrom(rows, query.limit, (r) => ({ key: r.due_date, id: r.id }))
    return { items: await toEscalations(deps, page.rows), nextCursor: page.nextCursor }
  }
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listAnsweredForStreets(deps.db, { streetIds, after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.answered_at ?? r.sent_at, id: r.id }))
  return { items: await toEscalations(deps, page.rows), nextCursor: page.nextCursor }
}

/**
 * The street answers:
 * 1. Only an admin of the street it was sent to (a community's staff and other streets' admins are refused).
 * 2. Once: a second answer, or one that lost a race, is 409.
 * The answer, the audit entry and the messages to the proposer and the topic's followers are one transaction.
 */
export async function answerEscalation(deps: Deps, auth: Auth, escalationId: string, input: z.output<typeof EscalationAnswerSchema>, requestId: string): Promise<Escalation> {
  const escalation = await repo.findEscalation(deps.db, escalationId)
  if (!escalation) throw new AppError('ESCALATION_NOT_FOUND')
  // 1.
  if (!streetAdminOf(auth, escalation.street_id)) throw new AppError('ESCALATION_OTHER_STREET')
  // 2.
  if (escalation.answered_at) throw new AppError('ESCALATION_ANSWERED')
  const topic = await findTopic(deps.db, escalation.topic_id)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    const answered = await repo.answerEscalation(trx, escalationId, { answer: input.answer, answeredBy: auth.userId, at: now })
    if (!answered) throw new AppError('ESCALATION_ANSWERED')
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: escalation.community_id,
      action: 'topic.escalation_answered',
      targetType: 'consultation_escalation',
      targetId: escalationId,
      detail: { topicId: topic.id },
      requestId,
    })
    const detail = input.answer.length > ANSWER_IN_MESSAGE ? `${input.answer.slice(0, ANSWER_IN_MESSAGE)}…` : input.answer
    // The topic's followers (who took part or chose 关注), and the proposer whatever she chose.
    const followers = new Set([topic.proposer_user_id, ...(await followerIds(trx, topic.id))])
    for (const userId of followers) {
      await enqueue(trx, {
        kind: CONSULTATION_MESSAGES.escalation_answered,
        recipient: { userId, communityId: topic.community_id },
        payload: { topicId: topic.id, title: topic.title, detail },
      })
    }
    return answered
  })
  const [published] = await toEscalations(deps, [row])
  if (!published) throw new AppError('ESCALATION_NOT_FOUND')
  return published
}
