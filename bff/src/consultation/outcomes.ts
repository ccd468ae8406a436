import {
  type ImplementationStartSchema,
  type ImplementationUpdateSchema,
  type Milestone,
  type Objection,
  type ObjectionAnswerSchema,
  type ObjectionInputSchema,
  type ObjectionListQuerySchema,
  type OutcomePublishSchema,
  type OutcomeRatingInputSchema,
  type OutcomeView,
  type OverdueListQuerySchema,
  type PublicityNotice,
  RATING_LEVEL_LABELS,
} from '@linli/shared'
import qrcode from 'qrcode-generator'
import type { z } from 'zod'
import { peopleByIds } from '../auth/residents'
import { streetAdminIds } from '../auth/role-holders'
import { maskName } from '../booking/rules'
import { addDays, localDate, localMoment, monthDayWords, zonedInstant } from '../calendar/local-time'
import { workingDayCalendar } from '../calendar/service'
import { addWorkingDays } from '../calendar/working-days'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { communitiesByIds, communityIdsOnStreets } from '../region/service'
import { CONSULTATION_MESSAGES, type ConsultationMessageKind } from './messages'
import * as repo from './outcome-repository'
import type { ObjectionRow, OutcomeRow } from './outcome-table'
import { findTopic } from './repository'
import { communityOrThrow, isStaffOf, moveByOutcome } from './service'
import type { TopicRow } from './table'

/**
 * 协商结果、公示、异议、落实与评议 (issue 11 item 6, docs/decisions/024-outcomes-and-publicity.md).
 * A result is published once per topic with a 公示 counted in working days; residents object
 * inside it, staff answer every objection; implementation starts only after the 公示 ended with
 * no objection unanswered, reports progress to the followers, and ends 已落实 at 100 %; then
 * those who took part rate it once each with the 好差评 levels.
 */

/** How much of the result or the update a message carries: the page has the rest. */
const DETAIL_MAX = 40
/** Overdue implementations the job notices per run; the next run takes the rest. */
const OVERDUE_BATCH = 100
/** The H5 app's topic page (hash router), for the QR code on the printed 公示. */
const TOPIC_PAGE = '/#/packages/consultation/pages/topic/index?id='

type Community = Awaited<ReturnType<typeof communityOrThrow>>

async function topicOrThrow(db: Db, topicId: string): Promise<TopicRow> {
  const topic = await findTopic(db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

async function staffTopic(deps: Deps, auth: Auth, topicId: string) {
  const topic = await topicOrThrow(deps.db, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以办理' })
  return { topic, community }
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX)}…` : line
}

/**
 * The 公示 of a result published at `publishedAt`: from that day to the end of its n-th working
 * day after, on the community's clock (国庆, 春节 and their 调休 from the calendar's notices).
 */
export function publicityPeriod(calendar: Awaited<ReturnType<typeof workingDayCalendar>>, publishedAt: Date, workingDays: number, tz: string) {
  const startsOn = localDate(publishedAt, tz)
  const endsOn = addWorkingDays(calendar, startsOn, workingDays)
  return { startsOn, endsOn, endsAt: zonedInstant(addDays(endsOn, 1), '00:00', tz) }
}

function publicityOf(outcome: OutcomeRow, tz: string, now: Date) {
  const endsOn = localDate(new Date(outcome.publicity_ends_at.getTime() - 1), tz)
  return {
    workingDays: outcome.publicity_working_days,
    startsOn: localDate(outcome.published_at, tz),
    endsOn,
    endsAt: outcome.publicity_ends_at.toISOString(),
    open: outcome.published_at <= now && now < outcome.publicity_ends_at,
  }
}

/** The end of a due day on the community's clock: overdue from the next midnight. */
function dueAt(dueOn: string, tz: string): Date {
  return zonedInstant(addDays(dueOn, 1), '00:00', tz)
}

/** Why implementation cannot start now, or null when it can (the rule startImplementation enforces). */
function startBlock(topic: TopicRow, outcome: OutcomeRow | undefined, now: Date): { code: 'OUTCOME_NOT_FOUND' | 'OUTCOME_NOT_ADOPTED' | 'PUBLICITY_NOT_ENDED' | 'OBJECTIONS_UNANSWERED' | 'TOPIC_MOVE_NOT_ALLOWED'; words: string } | null {
  if (topic.state !== 'resolved') return { code: 'TOPIC_MOVE_NOT_ALLOWED', words: '议题当前状态不能开始落实' }
  if (!outcome) return { code: 'OUTCOME_NOT_FOUND', words: '请先公布协商结果' }
  if (!outcome.adopted) return { code: 'OUTCOME_NOT_ADOPTED', words: '该协商结果未采纳，无需落实' }
  if (now < outcome.publicity_ends_at) return { code: 'PUBLICITY_NOT_ENDED', words: '公示期结束后才能开始落实' }
  if (outcome.objections_open > 0) return { code: 'OBJECTIONS_UNANSWERED', words: `还有 ${outcome.objections_open} 条异议未答复` }
  return null
}

/** One message to each follower of the topic, in the change's own transaction. */
async function notifyFollowers(trx: Db, topic: TopicRow, kind: ConsultationMessageKind, detail: string): Promise<number> {
  const followers = await repo.followerIds(trx, topic.id)
  const payload = { topicId: topic.id, title: topic.title, detail }
  for (const userId of followers) await enqueue(trx, { kind, recipient: { userId, communityId: topic.community_id }, payload })
  return followers.length
}

async function isFollowing(db: Db, topicId: string, userId: string): Promise<boolean> {
  const choice = await repo.findFollowChoice(db, topicId, userId)
  return choice ? choice.following : repo.tookPart(db, topicId, userId)
}

/** The result, its 公示, the implementation and the 评议 counts of a topic, with what the caller may do: readable by anyone (四议两公开). */
export async function getOutcome(deps: Deps, auth: Auth | null, topicId: string): Promise<OutcomeView> {
  const topic = await topicOrThrow(deps.db, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  const tz = community.timezone
  const now = deps.now()
  const staff = isStaffOf(auth, community)
  const resident = auth !== null && auth.communityId === topic.community_id
  const [outcome, updates, counts, objectionCount, following, objected, rated, tookPart] = await Promise.all([
    repo.findOutcome(deps.db, topicId),
    repo.findUpdates(deps.db, topicId),
    repo.ratingCounts(deps.db, topicId),
    repo.countObjections(deps.db, topicId),
    auth ? isFollowing(deps.db, topicId, auth.userId) : false,
    auth ? repo.hasObjected(deps.db, topicId, auth.userId) : false,
    auth ? repo.findRating(deps.db, topicId, auth.userId) : undefined,
    auth && topic.state === 'implemented' ? repo.tookPart(deps.db, topicId, auth.userId) : false,
  ])
  const publicity = outcome ? publicityOf(outcome, tz, now) : null
  const block = startBlock(topic, outcome, now)
  const byLevel = new Map(counts.map((c) => [c.level, Number(c.n)]))
  const started = outcome?.started_at && outcome.responsible_unit && outcome.due_on && outcome.due_at
  return {
    topicId,
    state: topic.state,
    result:
      outcome && publicity
        ? {
            summary: outcome.summary,
            adopted: outcome.adopted,
            reason: outcome.reason,
            publishedAt: outcome.published_at.toISOString(),
            publishedAtLocal: localMoment(outcome.published_at, tz),
            publicity,
            objectionCount,
            objectionsOpen: outcome.objections_open,
          }
        : null,
    implementation:
      outcome && started
        ? {
            responsibleUnit: outcome.responsible_unit ?? '',
            dueOn: outcome.due_on ?? '',
            progress: outcome.progress,
            statusText: outcome.status_text,
            milestones: outcome.milestones,
            startedAtLocal: localMoment(outcome.started_at ?? now, tz),
            doneAtLocal: outcome.done_at ? localMoment(outcome.done_at, tz) : null,
            overdue: outcome.done_at === null && (outcome.due_at ?? now) < now,
          }
        : null,
    updates: updates.map((u) => ({
      statusText: u.status_text,
      progress: u.progress,
      milestones: u.milestones,
      responsibleUnit: u.responsible_unit,
      dueOn: u.due_on,
      reason: u.reason,
      at: u.at.toISOString(),
      atLocal: localMoment(u.at, tz),
    })),
    ratings: { total: counts.reduce((sum, c) => sum + Number(c.n), 0), levels: [5, 4, 3, 2, 1].map((level) => ({ level, count: byLevel.get(level) ?? 0 })) },
    me: {
      following,
      canFollow: resident,
      objected,
      canObject: resident && !objected && publicity !== null && publicity.open,
      ratedLevel: rated?.level ?? null,
      canRate: resident && tookPart && !rated,
    },
    staff: {
      canPublish: staff && !outcome && (topic.state === 'deliberating' || topic.state === 'resolved'),
      canStart: staff && block === null,
      startBlockedBy: staff && topic.state === 'resolved' && block ? block.words : null,
      canUpdate: staff && topic.state === 'implementing',
      canComplete: staff && topic.state === 'implementing' && outcome !== undefined && outcome.progress === 100 && outcome.milestones.every((m) => m.done),
      canAnswer: staff && outcome !== undefined,
    },
  }
}

/**
 * Staff publish the 协商结果:
 * 1. Staff of the topic's community (or the street's admin).
 * 2. The topic is 已形成结果 (a vote passed) or 协商中 (decided by consultation without a vote,
 *    which moves it to 已形成结果 now).
 * 3. Once per topic.
 * The 公示 ends after the working days asked for; the result, the move, the audit entry and a
 * message to each follower are one transaction.
 */
export async function publishOutcome(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof OutcomePublishSchema>, requestId: string): Promise<OutcomeView> {
  // 1.
  const { topic, community } = await staffTopic(deps, auth, topicId)
  // 2.
  if (topic.state !== 'deliberating' && topic.state !== 'resolved') throw new AppError('OUTCOME_NOT_PUBLISHABLE')
  const now = deps.now()
  const period = publicityPeriod(await workingDayCalendar(deps.db), now, input.publicityWorkingDays, community.timezone)
  await inTransaction(deps.db, async (trx) => {
    // 3.
    const inserted = await repo.insertOutcome(trx, {
      topic_id: topic.id,
      community_id: topic.community_id,
      summary: input.summary,
      adopted: input.adopted,
      reason: input.reason || null,
      publicity_working_days: input.publicityWorkingDays,
      published_at: now,
      publicity_ends_at: period.endsAt,
      published_by: auth.userId,
      responsible_unit: null,
      due_on: null,
      due_at: null,
      status_text: null,
      started_at: null,
      done_at: null,
      overdue_noticed_at: null,
    })
    if (!inserted) throw new AppError('OUTCOME_EXISTS')
    if (topic.state === 'deliberating') await moveByOutcome(trx, topic, { to: 'resolved', actorUserId: auth.userId, now, requestId })
    const followers = await notifyFollowers(trx, topic, CONSULTATION_MESSAGES.result_published, `${input.adopted ? '采纳' : '不采纳'}：${excerpt(input.summary)}（公示至 ${monthDayWords(period.endsOn)}）`)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: topic.community_id,
      action: 'outcome.published',
      targetType: 'consultation_topic',
      targetId: topic.id,
      detail: { adopted: input.adopted, publicityWorkingDays: input.publicityWorkingDays, publicityEndsOn: period.endsOn, followers },
      requestId,
    })
  })
  return getOutcome(deps, auth, topicId)
}

/** 关注 or 取消关注, by a resident of the topic's community; her choice outlasts what taking part implies. */
export async function setFollowing(deps: Deps, auth: Auth, topicId: string, following: boolean) {
  const topic = await topicOrThrow(deps.db, topicId)
  if (auth.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以关注议题' })
  await repo.setFollowing(deps.db, topicId, auth.userId, following, deps.now())
  return { following }
}

/** Objections as the topic page shows them: the objector's name masked, the answer public. */
async function toObjections(deps: Deps, auth: Auth | null, tz: string, rows: readonly ObjectionRow[]): Promise<Objection[]> {
  const people = await peopleByIds(deps.db, deps.cipher, rows.map((r) => r.author_user_id))
  return rows.map((r) => ({
    id: r.id,
    authorName: maskName(people.get(r.author_user_id)?.name ?? ''),
    body: r.body,
    mine: auth?.userId === r.author_user_id,
    createdAtLocal: localMoment(r.created_at, tz),
    answer: r.answer,
    answeredAtLocal: r.answered_at ? localMoment(r.answered_at, tz) : null,
  }))
}

/** A result's objections with their answers, oldest first, names masked: public, like the result. */
export async function listObjections(deps: Deps, auth: Auth | null, topicId: string, query: z.output<typeof ObjectionListQuerySchema>) {
  const topic = await topicOrThrow(deps.db, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listObjections(deps.db, { topicId, after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  return {
    items: await toObjections(deps, auth, community.timezone, page.rows),
    nextCursor: page.nextCursor,
  }
}

/**
 * 异议 on a published result:
 * 1. A resident of the topic's community.
 * 2. Inside the 公示 (checked in the counter's own update, so none slips in after it ends).
 * 3. Once per resident per result: one considered objection that staff answer in writing, rather
 *    than a thread (a second is refused, a replay with the same Idempotency-Key answers the first).
 * The objection, the open-objections counter and the audit entry are one transaction.
 */
export async function raiseObjection(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof ObjectionInputSchema>, requestId: string) {
  const topic = await topicOrThrow(deps.db, topicId)
  // 1.
  if (auth.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以提出异议' })
  const community = await communityOrThrow(deps.db, topic.community_id)
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    if (!(await repo.findOutcome(trx, topicId))) throw new AppError('OUTCOME_NOT_FOUND')
    // 2.
    if (!(await repo.countObjection(trx, topicId, now))) throw new AppError('PUBLICITY_CLOSED')
    // 3.
    const objection = await repo.insertObjection(trx, { topic_id: topicId, author_user_id: auth.userId, body: input.body, created_at: now })
    if (!objection) throw new AppError('ALREADY_OBJECTED')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: topic.community_id, action: 'objection.raised', targetType: 'consultation_objection', targetId: objection.id, detail: { topicId }, requestId })
    return objection
  })
  return oneObjection(deps, auth, community.timezone, row)
}

async function oneObjection(deps: Deps, auth: Auth, tz: string, row: ObjectionRow): Promise<Objection> {
  const [shown] = await toObjections(deps, auth, tz, [row])
  if (!shown) throw new AppError('OBJECTION_NOT_FOUND')
  return shown
}

/**
 * Staff answer an objection, once; the answer is public on the topic and the objector is told.
 * The answer, the counter, the audit entry and her message are one transaction.
 */
export async function answerObjection(deps: Deps, auth: Auth, objectionId: string, input: z.output<typeof ObjectionAnswerSchema>, requestId: string) {
  const objection = await repo.findObjection(deps.db, objectionId)
  if (!objection) throw new AppError('OBJECTION_NOT_FOUND')
  const { topic, community } = await staffTopic(deps, auth, objection.topic_id)
  const now = deps.now()
  const answered = await inTransaction(deps.db, async (trx) => {
    const row = await repo.answerObjection(trx, objectionId, { answer: input.answer, answered_by: auth.userId, answered_at: now })
    if (!row) throw new AppError('OBJECTION_ANSWERED')
    await repo.uncountObjection(trx, topic.id)
    await writeAudit(trx, { actorUserId: auth.userId, communityId: topic.community_id, action: 'objection.answered', targetType: 'consultation_objection', targetId: objectionId, detail: { topicId: topic.id }, requestId })
    await enqueue(trx, {
      kind: CONSULTATION_MESSAGES.objection_answered,
      recipient: { userId: objection.author_user_id, communityId: topic.community_id },
      payload: { topicId: topic.id, title: topic.title, detail: `答复：${excerpt(input.answer)}` },
    })
    return row
  })
  return oneObjection(deps, auth, community.timezone, answered)
}

function assertDueNotPast(dueOn: string, community: Community, now: Date) {
  if (dueOn < localDate(now, community.timezone)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'dueOn', message: '完成期限不能早于今天' }] })
}

/**
 * Staff start implementation (已形成结果 → 落实中) with the responsible unit and a due date:
 * 1. Staff of the community.
 * 2. An adopted result whose 公示 ended, with every objection answered — checked under the
 *    result's row lock, which an objection's counter also takes.
 * 3. The due date is today or later.
 * The first update, the move and the message to the followers are one transaction.
 */
export async function startImplementation(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof ImplementationStartSchema>, requestId: string): Promise<OutcomeView> {
  // 1.
  const { topic, community } = await staffTopic(deps, auth, topicId)
  const now = deps.now()
  // 3.
  assertDueNotPast(input.dueOn, community, now)
  await inTransaction(deps.db, async (trx) => {
    // 2.
    const outcome = await repo.lockOutcome(trx, topicId)
    const block = startBlock(topic, outcome, now)
    if (block) throw new AppError(block.code)
    await repo.updateOutcome(trx, topicId, {
      responsible_unit: input.responsibleUnit,
      due_on: input.dueOn,
      due_at: dueAt(input.dueOn, community.timezone),
      milestones: JSON.stringify(input.milestones),
      status_text: '开始落实',
      started_at: now,
    })
    await repo.insertUpdate(trx, { topic_id: topicId, status_text: '开始落实', progress: 0, milestones: input.milestones, responsible_unit: input.responsibleUnit, due_on: input.dueOn, reason: null, actor_user_id: auth.userId, at: now })
    await moveByOutcome(trx, topic, { to: 'implementing', actorUserId: auth.userId, now, requestId })
    await notifyFollowers(trx, topic, CONSULTATION_MESSAGES.implementation_updated, `开始落实：${input.responsibleUnit}负责，${input.dueOn} 前完成`)
  })
  return getOutcome(deps, auth, topicId)
}

/**
 * A 落实进展 by staff while 落实中:
 * 1. Staff of the community; the topic is 落实中.
 * 2. Progress lower than the last one needs a reason (it is shown with the update): a step undone
 *    is said, never quietly rewritten.
 * 3. A new due date is today or later; unit, due date and milestones stay as they were unless given.
 * The update, the result's current picture, the audit entry and the followers' messages are one
 * transaction, under the result's row lock (two updates at once apply one after the other).
 */
export async function updateImplementation(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof ImplementationUpdateSchema>, requestId: string): Promise<OutcomeView> {
  // 1.
  const { topic, community } = await staffTopic(deps, auth, topicId)
  if (topic.state !== 'implementing') throw new AppError('NOT_IMPLEMENTING')
  const now = deps.now()
  // 3.
  if (input.dueOn) assertDueNotPast(input.dueOn, community, now)
  await inTransaction(deps.db, async (trx) => {
    const outcome = await repo.lockOutcome(trx, topicId)
    if (!outcome?.responsible_unit || !outcome.due_on) throw new AppError('NOT_IMPLEMENTING')
    // 2.
    const reason = input.reason || null
    if (input.progress < outcome.progress && !reason) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'reason', message: `进度低于上次的 ${outcome.progress}%，请填写原因` }] })
    }
    const milestones: Milestone[] = input.milestones ?? outcome.milestones
    const unit = input.responsibleUnit ?? outcome.responsible_unit
    const dueOn = input.dueOn ?? outcome.due_on
    const dueChanged = dueOn !== outcome.due_on
    await repo.updateOutcome(trx, topicId, {
      progress: input.progress,
      status_text: input.statusText,
      milestones: JSON.stringify(milestones),
      responsible_unit: unit,
      due_on: dueOn,
      due_at: dueAt(dueOn, community.timezone),
      // A new due date is a new promise: overdue again is noticed again.
      ...(dueChanged ? { overdue_noticed_at: null } : {}),
    })
    await repo.insertUpdate(trx, { topic_id: topicId, status_text: input.statusText, progress: input.progress, milestones, responsible_unit: unit, due_on: dueOn, reason, actor_user_id: auth.userId, at: now })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: topic.community_id,
      action: 'implementation.updated',
      targetType: 'consultation_topic',
      targetId: topicId,
      detail: { progress: input.progress, previous: outcome.progress, reason, dueOn, responsibleUnit: unit },
      requestId,
    })
    await notifyFollowers(trx, topic, CONSULTATION_MESSAGES.implementation_updated, `进度 ${input.progress}%：${excerpt(input.statusText)}`)
  })
  return getOutcome(deps, auth, topicId)
}

/**
 * Staff confirm 已落实 (落实中 → 已落实): progress at 100 % and every milestone done. The move and
 * the followers' messages (an invitation to 评议) are one transaction.
 */
export async function completeImplementation(deps: Deps, auth: Auth, topicId: string, requestId: string): Promise<OutcomeView> {
  const { topic } = await staffTopic(deps, auth, topicId)
  if (topic.state !== 'implementing') throw new AppError('NOT_IMPLEMENTING')
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const outcome = await repo.lockOutcome(trx, topicId)
    if (!outcome || outcome.progress < 100 || outcome.milestones.some((m) => !m.done)) throw new AppError('IMPLEMENTATION_INCOMPLETE')
    await repo.updateOutcome(trx, topicId, { done_at: now })
    await moveByOutcome(trx, topic, { to: 'implemented', actorUserId: auth.userId, now, requestId })
    await notifyFollowers(trx, topic, CONSULTATION_MESSAGES.implementation_done, `${outcome.responsible_unit ?? ''}已落实，欢迎评议`)
  })
  return getOutcome(deps, auth, topicId)
}

/**
 * 评议 of an implemented topic:
 * 1. A resident of its community who took part (proposed, supported, gave an opinion, voted).
 * 2. The topic is 已落实.
 * 3. Once each (by primary key); a replay with the same Idempotency-Key answers the first.
 */
export async function rateOutcome(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof OutcomeRatingInputSchema>, requestId: string): Promise<OutcomeView> {
  const topic = await topicOrThrow(deps.db, topicId)
  // 1.
  if (auth.communityId !== topic.community_id || !(await repo.tookPart(deps.db, topicId, auth.userId))) throw new AppError('NOT_A_PARTICIPANT')
  // 2.
  if (topic.state !== 'implemented') throw new AppError('NOT_IMPLEMENTED')
  await inTransaction(deps.db, async (trx) => {
    // 3.
    const rated = await repo.insertRating(trx, { topic_id: topicId, user_id: auth.userId, level: input.level, comment: input.comment, created_at: deps.now() })
    if (!rated) throw new AppError('ALREADY_EVALUATED')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: topic.community_id, action: 'outcome.rated', targetType: 'consultation_topic', targetId: topicId, detail: { level: RATING_LEVEL_LABELS[input.level] }, requestId })
  })
  return getOutcome(deps, auth, topicId)
}

/** The communities whose overdue implementation the caller oversees: her own as staff, her streets' as street admin. */
async function overseenCommunities(db: Db, auth: Auth): Promise<string[]> {
  const own = auth.grants.flatMap((g) => (g.role === 'staff' && g.communityId ? [g.communityId] : []))
  const streets = auth.grants.flatMap((g) => (g.role === 'street_admin' && g.streetId ? [g.streetId] : []))
  return [...new Set([...own, ...(await communityIdsOnStreets(db, streets))])]
}

/** Implementation past its due date and not 已落实, earliest due first: for the street admin (and each community's staff). */
export async function listOverdue(deps: Deps, auth: Auth, query: z.output<typeof OverdueListQuerySchema>) {
  const communityIds = await overseenCommunities(deps.db, auth)
  if (communityIds.length === 0) return { items: [], nextCursor: null }
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listOverdue(deps.db, { communityIds, now: deps.now(), after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.due_at ?? new Date(0), id: r.topic_id }))
  const communities = await communitiesByIds(deps.db, page.rows.map((r) => r.community_id))
  return {
    items: page.rows.map((r) => ({
      topicId: r.topic_id,
      communityId: r.community_id,
      communityName: communities.get(r.community_id)?.name ?? '',
      title: r.title,
      responsibleUnit: r.responsible_unit ?? '',
      dueOn: r.due_on ?? '',
      progress: r.progress,
    })),
    nextCursor: page.nextCursor,
  }
}

/**
 * Marks each implementation that went overdue, once, with an audit entry the street's log shows,
 * and tells the street admins of the topic's street (implementation_overdue) in the same
 * transaction: the mark and the messages are written together, so a second run sends none.
 */
export async function noticeOverdue(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const noticed = await repo.markOverdueNoticed(trx, now, OVERDUE_BATCH)
    const communities = await communitiesByIds(trx, noticed.map((r) => r.community_id))
    const admins = new Map<string, string[]>()
    for (const row of noticed) {
      const community = communities.get(row.community_id)
      const topic = await findTopic(trx, row.topic_id)
      if (community && topic) {
        const streetAdmins = admins.get(community.street_id) ?? (await streetAdminIds(trx, community.street_id))
        admins.set(community.street_id, streetAdmins)
        const detail = `${community.name}：${row.responsible_unit ?? ''}应于 ${row.due_on ?? ''} 前落实，目前进度 ${row.progress}%`
        const payload = { topicId: topic.id, title: topic.title, detail }
        for (const userId of streetAdmins) await enqueue(trx, { kind: CONSULTATION_MESSAGES.implementation_overdue, recipient: { userId, communityId: row.community_id }, payload })
      }
      await writeAudit(trx, {
        actorUserId: null,
        communityId: row.community_id,
        action: 'implementation.overdue',
        targetType: 'consultation_topic',
        targetId: row.topic_id,
        detail: { dueOn: row.due_on, responsibleUnit: row.responsible_unit },
      })
    }
    return noticed.length
  })
}

/** The topic's page in the H5 app as a QR code: an SVG data URI an <Image> shows and a printer prints sharp. */
function qrCodeOf(url: string): string {
  const code = qrcode(0, 'M')
  code.addData(url)
  code.make()
  const svg = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/** The printable 公示 of a published result, with a QR code back to the topic on `origin` (where the H5 app is served). */
export async function publicityNotice(deps: Deps, topicId: string, origin: string): Promise<PublicityNotice> {
  const topic = await topicOrThrow(deps.db, topicId)
  const outcome = await repo.findOutcome(deps.db, topicId)
  if (!outcome) throw new AppError('OUTCOME_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  const topicUrl = `${origin}${TOPIC_PAGE}${topic.id}`
  return {
    topicId,
    title: topic.title,
    communityName: community.name,
    summary: outcome.summary,
    adopted: outcome.adopted,
    reason: outcome.reason,
    publishedOn: localDate(outcome.published_at, community.timezone),
    publicity: publicityOf(outcome, community.timezone, deps.now()),
    topicUrl,
    qrCode: qrCodeOf(topicUrl),
  }
}
