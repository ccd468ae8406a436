import {
  COLLECTION_DAYS_DEFAULT,
  type ConsultationCategory,
  type ConsultationSettings,
  SUPPORT_MIN_DEFAULT,
  SUPPORT_SHARE_BP_DEFAULT,
  type TopicDetail,
  type TopicInputSchema,
  type TopicListQuerySchema,
  type TopicMoveSchema,
  type TopicState,
  type TopicSummary,
} from '@linli/shared'
import type { z } from 'zod'
import { peopleByIds, registeredResidents } from '../auth/residents'
import { maskName } from '../booking/rules'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import { momentOf } from './local-moments'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import { CONSULTATION_MESSAGES } from './messages'
import type { AssistedAct, Participant } from './participant'
import * as repo from './repository'
import type { TopicMover, TopicRow } from './table'

const DAY_MS = 24 * 60 * 60 * 1000
const BASIS_POINTS = 10_000

/**
 * Who moves a topic from each state to which (docs/decisions/020-consultation-domain.md):
 * 'staff' and 'proposer' through POST /consultation/topics/{id}/moves, 'system' by the expiry job,
 * 'vote' and 'outcome' only by the vote and the 协商结果 modules of the next items, which check
 * their own conditions (a closed vote, a 公示 period that ended) before they move it.
 * Anything not listed is refused with TOPIC_MOVE_NOT_ALLOWED.
 */
type Mover = TopicMover | 'vote' | 'outcome'
const MOVES: Record<TopicState, Partial<Record<TopicState, readonly Mover[]>>> = {
  // A draft raised from 差评 evidence (evidence.ts): staff publish it, and its 征集 starts then, or drop it.
  draft: { collecting: ['staff'], terminated: ['staff'] },
  collecting: { accepted: ['staff'], declined: ['staff', 'system'], terminated: ['staff', 'proposer'] },
  accepted: { deliberating: ['staff'], terminated: ['staff'] },
  declined: {},
  deliberating: { voting: ['vote'], resolved: ['outcome'], terminated: ['staff'] },
  voting: { resolved: ['vote'], terminated: ['staff'] },
  resolved: { implementing: ['outcome'], terminated: ['staff'] },
  implementing: { implemented: ['outcome'], terminated: ['staff'] },
  implemented: {},
  terminated: {},
}

/** Moves whose reason the proposer and every reader are owed: why not, why ended. */
const NEEDS_REASON: ReadonlySet<TopicState> = new Set(['declined', 'terminated'])

/** What the expiry job writes as the reason of a topic whose 征集 ended below its threshold. */
export const EXPIRED_REASON = '征集期内附议人数未达到立项门槛'
/** Topics the expiry job moves per run; the next minute takes the rest. */
const EXPIRY_BATCH = 100

/** The settings a community set, or the defaults. */
export async function settingsOf(db: Db, communityId: string): Promise<ConsultationSettings> {
  const row = await repo.findSettings(db, communityId)
  return {
    supportMin: row?.support_min ?? SUPPORT_MIN_DEFAULT,
    supportShareBasisPoints: row?.support_share_bp ?? SUPPORT_SHARE_BP_DEFAULT,
    collectionDays: row?.collection_days ?? COLLECTION_DAYS_DEFAULT,
  }
}

/** max(supportMin, ⌈share × residents⌉), in integers so 1 % of 2001 residents is 21, not 20.01 rounded by floats. */
export function supportThreshold(settings: ConsultationSettings, residents: number): number {
  return Math.max(settings.supportMin, Math.ceil((residents * settings.supportShareBasisPoints) / BASIS_POINTS), 1)
}

export async function communityOrThrow(db: Db, communityId: string) {
  const community = await findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community
}

export function isStaffOf(auth: Auth | null, community: { id: string; streetId: string }): boolean {
  return auth !== null && canManageCommunity(auth, community)
}

/** The moves the caller may make from the topic's state, as the mover she is. */
function movesFor(auth: Auth | null, topic: TopicRow, staff: boolean): TopicState[] {
  const movers = new Set<Mover>()
  if (staff) movers.add('staff')
  if (auth?.userId === topic.proposer_user_id) movers.add('proposer')
  return (Object.entries(MOVES[topic.state]) as [TopicState, readonly Mover[]][]).filter(([, by]) => by.some((m) => movers.has(m))).map(([to]) => to)
}

/** A community's topics, on its clock. */
async function toSummaries(deps: Deps, tz: string, rows: readonly repo.TopicSummaryRow[]): Promise<TopicSummary[]> {
  // Rows read with their category's name (the list) need no second read for it.
  const missing = [...new Set(rows.filter((r) => r.category_name === undefined).map((r) => r.category_id))]
  const [people, categories] = await Promise.all([
    peopleByIds(deps.db, deps.cipher, rows.map((r) => r.proposer_user_id)),
    missing.length === 0 ? [] : repo.categoryNames(deps.db, missing),
  ])
  const categoryName = new Map(categories.map((c) => [c.id, c.name]))
  return rows.map((r) => ({
    id: r.id,
    communityId: r.community_id,
    title: r.title,
    category: { id: r.category_id, name: r.category_name ?? categoryName.get(r.category_id) ?? '' },
    state: r.state,
    supportCount: r.support_count,
    threshold: r.threshold,
    proposerName: maskName(people.get(r.proposer_user_id)?.name ?? ''),
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    createdAtLocal: momentOf(r.created_at, tz),
    expiresAtLocal: momentOf(r.expires_at, tz),
  }))
}

export async function listCategories(db: Db, communityId: string): Promise<{ items: ConsultationCategory[] }> {
  await communityOrThrow(db, communityId)
  return { items: await repo.findCategories(db, communityId) }
}

/**
 * A community's topics, newest first, of one state when asked: readable by anyone (四议两公开),
 * except drafts (草稿), which only the community's staff see.
 */
export async function listTopics(deps: Deps, communityId: string, query: z.output<typeof TopicListQuerySchema>, auth: Auth | null = null) {
  const community = await communityOrThrow(deps.db, communityId)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listTopicSummaries(deps.db, { communityId, state: query.state, after, limit: query.limit + 1, withDrafts: isStaffOf(auth, community) })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  return { items: await toSummaries(deps, community.timezone, page.rows), nextCursor: page.nextCursor }
}

export async function getTopic(deps: Deps, auth: Auth | null, topicId: string): Promise<TopicDetail> {
  const topic = await repo.findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  // A draft is not public yet: to anyone but the community's staff it does not exist.
  if (topic.state === 'draft' && !isStaffOf(auth, community)) throw new AppError('TOPIC_NOT_FOUND')
  const [[summary], moves, supported] = await Promise.all([
    toSummaries(deps, community.timezone, [topic]),
    repo.findMoves(deps.db, topicId),
    auth ? repo.hasSupported(deps.db, topicId, auth.userId) : false,
  ])
  if (!summary) throw new AppError('TOPIC_NOT_FOUND')
  const collecting = topic.state === 'collecting' && topic.expires_at > deps.now()
  return {
    ...summary,
    description: topic.description,
    links: topic.links,
    stateReason: topic.state_reason,
    history: moves.map((m) => ({ from: m.from_state, to: m.to_state, reason: m.reason, by: m.actor_kind, at: m.at.toISOString(), atLocal: momentOf(m.at, community.timezone) })),
    supportedByMe: supported,
    proposedByMe: auth?.userId === topic.proposer_user_id,
    canSupport: collecting && !supported && auth?.communityId === topic.community_id,
    moves: movesFor(auth, topic, isStaffOf(auth, community)),
  }
}

/**
 * Raises a topic (议题提出):
 * 1. The proposer lives in the community, or is its staff (or the street's admin).
 * 2. The category is in the community's 协商目录.
 * 3. The threshold is fixed now from the settings and the residents registered today, and the
 *    征集 ends after the community's period.
 * The topic, its first history entry and the audit entry are one transaction.
 */
export async function proposeTopic(deps: Deps, auth: Auth, input: z.output<typeof TopicInputSchema>, requestId: string): Promise<TopicDetail> {
  const community = await communityOrThrow(deps.db, input.communityId)
  // 1.
  if (auth.communityId !== community.id && !isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只能在您所在的社区提出议题' })
  // 2.
  const categories = await repo.findCategories(deps.db, community.id)
  if (!categories.some((c) => c.id === input.categoryId)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'categoryId', message: '请从本社区的协商目录中选择类别' }] })
  }
  // 3.
  const [settings, residents] = await Promise.all([settingsOf(deps.db, community.id), registeredResidents(deps.db, community.id)])
  const now = deps.now()
  const id = await inTransaction(deps.db, async (trx) => {
    const topic = await repo.insertTopic(trx, {
      community_id: community.id,
      category_id: input.categoryId,
      proposer_user_id: auth.userId,
      title: input.title,
      description: input.description,
      links: input.links,
      state: 'collecting',
      state_reason: null,
      threshold: supportThreshold(settings, residents),
      expires_at: new Date(now.getTime() + settings.collectionDays * DAY_MS),
      created_at: now,
    })
    await repo.insertMove(trx, { topic_id: topic.id, from_state: null, to_state: 'collecting', reason: null, actor_kind: 'proposer', actor_user_id: auth.userId, at: now })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'topic.proposed', targetType: 'consultation_topic', targetId: topic.id, detail: { title: input.title }, requestId })
    return topic.id
  })
  return getTopic(deps, auth, id)
}

/**
 * 附议: a resident of the topic's community, once, while it is collecting. A repeat answers the
 * same and counts nothing; the counter goes up in the support's own transaction, under the
 * topic's row lock, so 100 at once count 100. With 代办 (`assisted`, item 5) every check is on the
 * participant, a repeat is refused with ALREADY_SUPPORTED (no 代办 row may claim an act that did
 * not happen), and the 代办 row is written in the same transaction after the support.
 */
export async function supportTopic(deps: Deps, participant: Participant, topicId: string, assisted?: AssistedAct) {
  const topic = await repo.findTopic(deps.db, topicId)
  // A draft is not public yet: nobody supports it, and the answer must not tell it exists.
  if (!topic || topic.state === 'draft') throw new AppError('TOPIC_NOT_FOUND')
  if (participant.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以附议' })
  const now = deps.now()
  return inTransaction(deps.db, async (trx) => {
    const first = await repo.insertSupport(trx, topicId, participant.userId)
    if (!first) {
      if (assisted) throw new AppError('ALREADY_SUPPORTED', { message: '这位居民已经附议过了，每人只能附议一次' })
      const current = await repo.findTopic(trx, topicId)
      return { supportCount: current?.support_count ?? topic.support_count, threshold: topic.threshold, supportedByMe: true as const }
    }
    // Rolled back with the support row when the topic stopped collecting meanwhile.
    const counted = await repo.incrementSupport(trx, topicId, now)
    if (!counted) throw new AppError('TOPIC_NOT_COLLECTING')
    await assisted?.record(trx, { kind: 'support', topicId })
    return { supportCount: counted.support_count, threshold: counted.threshold, supportedByMe: true as const }
  })
}

/** Writes one move: the state (only from the state read), the history entry, the audit entry and the proposer's message. */
async function recordMove(
  trx: Db,
  topic: TopicRow,
  move: { to: TopicState; reason: string | null; by: TopicMover; actorUserId: string | null; now: Date; requestId: string | null },
): Promise<void> {
  const moved = await repo.moveTopic(trx, topic.id, topic.state, move.to, move.reason)
  if (!moved) throw new AppError('TOPIC_MOVE_NOT_ALLOWED', { message: '议题状态已变化，请刷新后再试' })
  await repo.insertMove(trx, { topic_id: topic.id, from_state: topic.state, to_state: move.to, reason: move.reason, actor_kind: move.by, actor_user_id: move.actorUserId, at: move.now })
  await writeAudit(trx, {
    actorUserId: move.actorUserId,
    communityId: topic.community_id,
    action: `topic.${move.to}`,
    targetType: 'consultation_topic',
    targetId: topic.id,
    detail: { from: topic.state, to: move.to, reason: move.reason },
    requestId: move.requestId,
  })
  const recipient = { userId: topic.proposer_user_id, communityId: topic.community_id }
  const payload = { topicId: topic.id, title: topic.title, ...(move.reason ? { reason: move.reason } : {}) }
  // Her own withdrawal needs no message: the page she tapped told her.
  if (move.to === 'accepted') await enqueue(trx, { kind: CONSULTATION_MESSAGES.topic_accepted, recipient, payload })
  if (move.to === 'declined') await enqueue(trx, { kind: CONSULTATION_MESSAGES.topic_declined, recipient, payload })
}

/**
 * A move only the vote module makes, in the vote's own transaction: 协商中 → 表决中 when staff open
 * a vote (the history shows it as theirs), 表决中 → 已形成结果 when the close job ends it (the system's).
 */
export async function moveByVote(trx: Db, topic: TopicRow, move: { to: TopicState; actorUserId: string | null; now: Date; requestId: string }): Promise<void> {
  if (!MOVES[topic.state][move.to]?.includes('vote')) throw new AppError('TOPIC_MOVE_NOT_ALLOWED', { message: '议题须在协商中才能发起表决' })
  // Staff open a vote; the close job (no actor) ends it, and the history says the system did.
  const by: TopicMover = move.actorUserId ? 'staff' : 'system'
  await recordMove(trx, topic, { to: move.to, reason: null, by, actorUserId: move.actorUserId, now: move.now, requestId: move.requestId })
}

/**
 * A move only the 协商结果 module makes (协商中 or 已形成结果 → 落实中 → 已落实, see MOVES), in its own
 * transaction after it checked its own conditions (a result published, a 公示 period that ended);
 * the history shows it as staff's when a staff member did it, else as the system's (a job).
 */
export async function moveByOutcome(
  trx: Db,
  topic: TopicRow,
  move: { to: TopicState; actorUserId: string | null; reason?: string | null; now: Date; requestId: string | null },
): Promise<void> {
  if (!MOVES[topic.state][move.to]?.includes('outcome')) throw new AppError('TOPIC_MOVE_NOT_ALLOWED')
  const by: TopicMover = move.actorUserId ? 'staff' : 'system'
  await recordMove(trx, topic, { to: move.to, reason: move.reason ?? null, by, actorUserId: move.actorUserId, now: move.now, requestId: move.requestId })
}

/**
 * A move by staff or the proposer:
 * 1. Only a move the state machine lists for the caller (staff of the community, the proposer).
 * 2. 未立项 and 已终止 carry a reason.
 * 3. 已立项 only once the supports reached the threshold.
 * 4. A draft published (草稿 → 征集中) starts its 征集 period then.
 */
export async function moveTopic(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof TopicMoveSchema>, requestId: string): Promise<TopicDetail> {
  const topic = await repo.findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  const staff = isStaffOf(auth, community)
  if (topic.state === 'draft' && !staff) throw new AppError('TOPIC_NOT_FOUND')
  // 1. A move nobody makes here (not listed, or only the job's or a vote's) is 409; one that
  // staff or the proposer make, asked by someone else, is 403.
  const people = (MOVES[topic.state][input.to] ?? []).filter((m): m is 'staff' | 'proposer' => m === 'staff' || m === 'proposer')
  if (people.length === 0) throw new AppError('TOPIC_MOVE_NOT_ALLOWED')
  const by = staff && people.includes('staff') ? 'staff' : auth.userId === topic.proposer_user_id && people.includes('proposer') ? 'proposer' : undefined
  if (!by) throw new AppError('FORBIDDEN')
  // 2.
  const reason = input.reason ?? ''
  if (NEEDS_REASON.has(input.to) && reason === '') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'reason', message: '请填写原因' }] })
  // 3.
  if (input.to === 'accepted' && topic.support_count < topic.threshold) throw new AppError('TOPIC_BELOW_THRESHOLD')
  const now = deps.now()
  // 4. A published draft's 征集 starts now, for the community's full period.
  const collectionDays = topic.state === 'draft' ? (await settingsOf(deps.db, topic.community_id)).collectionDays : null
  await inTransaction(deps.db, async (trx) => {
    await recordMove(trx, topic, { to: input.to, reason: reason || null, by, actorUserId: auth.userId, now, requestId })
    if (collectionDays !== null && input.to === 'collecting') await repo.restartCollection(trx, topicId, new Date(now.getTime() + collectionDays * DAY_MS))
  })
  return getTopic(deps, auth, topicId)
}

/** 征集中 topics whose period ended below their threshold become 未立项, and the proposer is told why. */
export async function expireTopics(db: Db, now: Date): Promise<number> {
  const expired = await repo.findExpired(db, now, EXPIRY_BATCH)
  let moved = 0
  for (const topic of expired) {
    // One transaction each: a topic staff moved meanwhile is skipped, the others still expire.
    const done = await inTransaction(db, async (trx) => {
      await recordMove(trx, topic, { to: 'declined', reason: EXPIRED_REASON, by: 'system', actorUserId: null, now, requestId: null })
      return true
    }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'TOPIC_MOVE_NOT_ALLOWED') return false
      throw err
    })
    if (done) moved++
  }
  return moved
}

export async function getSettings(deps: Deps, auth: Auth, communityId: string): Promise<ConsultationSettings> {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  return settingsOf(deps.db, communityId)
}

/** Staff change the threshold and the 征集 period; topics already raised keep theirs. Audited. */
export async function updateSettings(deps: Deps, auth: Auth, communityId: string, settings: ConsultationSettings, requestId: string): Promise<ConsultationSettings> {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  await inTransaction(deps.db, async (trx) => {
    await repo.upsertSettings(trx, { community_id: communityId, support_min: settings.supportMin, support_share_bp: settings.supportShareBasisPoints, collection_days: settings.collectionDays })
    await writeAudit(trx, { actorUserId: auth.userId, communityId, action: 'consultation.settings', targetType: 'community', targetId: communityId, detail: { ...settings }, requestId })
  })
  return settingsOf(deps.db, communityId)
}
