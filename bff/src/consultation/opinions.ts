import type { OpinionInputSchema, OpinionListQuerySchema, OpinionModerationSchema, OpinionWithReplies } from '@linli/shared'
import type { z } from 'zod'
import { peopleByIds } from '../auth/residents'
import { keptById } from '../cache/kept'
import { maskName } from '../booking/rules'
import { momentOf } from './local-moments'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { consumeRate } from '../platform/rate-limit'
import * as repo from './opinion-repository'
import { findTopic } from './repository'
import { assistMarks } from './assist-marks'
import type { AssistHelperRole } from './assist-table'
import type { AssistedAct, Participant } from './participant'
import { communityOrThrow, isStaffOf } from './service'
import type { OpinionRow, TopicRow } from './table'

/** Opinions and replies one resident may post in an hour (a flood drowns the neighbours' voices). */
export const OPINIONS_PER_HOUR = 10
const HOUR_SECONDS = 60 * 60
/** Reports by distinct residents that hide an opinion until staff review it. */
export const REPORTS_TO_REVIEW = 3

async function topicOrThrow(db: Db, topicId: string): Promise<TopicRow> {
  const topic = await findTopic(db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

/** An opinion the caller can see: visible, her own, or any for staff of the community. */
async function opinionFor(deps: Deps, auth: Auth, opinionId: string) {
  const opinion = await repo.findOpinion(deps.db, opinionId)
  if (!opinion) throw new AppError('OPINION_NOT_FOUND')
  const topic = await topicOrThrow(deps.db, opinion.topic_id)
  const community = await communityOrThrow(deps.db, topic.community_id)
  const staff = isStaffOf(auth, community)
  if (opinion.status !== 'visible' && opinion.author_user_id !== auth.userId && !staff) throw new AppError('OPINION_NOT_FOUND')
  return { opinion, topic, community, staff }
}

/** Residents of the topic's community take part, only while it is 协商中. */
function assertParticipant(participant: Participant, topic: TopicRow) {
  if (participant.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以参与协商' })
  if (topic.state !== 'deliberating') throw new AppError('TOPIC_NOT_DELIBERATING')
}

type AssistMarks = Map<string, { helperRole: AssistHelperRole; helperName: string }>

/** The reason staff gave is for its author and staff only; names are masked for everyone, a 代办's helper's too. */
function shapeOpinions(auth: { userId: string } | null, staff: boolean, tz: string, rows: readonly OpinionRow[], names: Map<string, { name: string }>, liked: ReadonlySet<string>, assisted: AssistMarks) {
  return rows.map((r) => {
    const mine = auth?.userId === r.author_user_id
    return {
      id: r.id,
      topicId: r.topic_id,
      parentId: r.parent_id,
      stance: r.stance,
      authorName: maskName(names.get(r.author_user_id)?.name ?? ''),
      body: r.body,
      likeCount: r.like_count,
      likedByMe: liked.has(r.id),
      mine,
      status: r.status,
      hiddenReason: mine || staff ? r.hidden_reason : null,
      assisted: assisted.get(r.id) ?? null,
      createdAt: r.created_at.toISOString(),
      createdAtLocal: momentOf(r.created_at, tz),
    }
  })
}

async function toOpinions(deps: Deps, auth: { userId: string } | null, staff: boolean, tz: string, rows: readonly OpinionRow[]) {
  const [people, liked, assisted] = await Promise.all([
    peopleByIds(deps.db, deps.cipher, rows.map((r) => r.author_user_id)),
    auth ? repo.likedAmong(deps.db, rows.map((r) => r.id), auth.userId) : new Set<string>(),
    assistMarks(deps, rows.map((r) => r.id)),
  ])
  return shapeOpinions(auth, staff, tz, rows, people, liked, assisted)
}

/** Whether some community's staff could be this caller: only a staff or street admin grant can make her so. */
function mayManageSomeCommunity(auth: Auth | null): boolean {
  return auth !== null && auth.grants.some((g) => g.role === 'staff' || g.role === 'street_admin')
}

/**
 * A topic's opinions, newest first, each with its replies, and the counts per stance (one row, kept by each write): readable by anyone (四议两公开).
 * Read in one statement (opinion-repository readOpinionPage) and one for the names (authors and
 * 代办 helpers together); a caller who may be staff somewhere has the topic read first, as whether
 * she sees hidden opinions depends on its community.
 */
async function readOpinions(deps: Deps, auth: Auth | null, topicId: string, query: z.output<typeof OpinionListQuerySchema>) {
  let staff = false
  if (mayManageSomeCommunity(auth)) {
    const known = await topicOrThrow(deps.db, topicId)
    staff = isStaffOf(auth, await communityOrThrow(deps.db, known.community_id))
  }
  const viewer = auth?.userId ?? null
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const read = await repo.readOpinionPage(deps.db, { topicId, viewer, all: staff, after, limit: query.limit + 1 })
  const topic = read.topic
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const page = pageFrom(read.page, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  const parents = new Set(page.rows.map((r) => r.id))
  const replies = read.replies.filter((r) => r.parent_id !== null && parents.has(r.parent_id))
  const rows = [...page.rows, ...replies]
  const [community, people] = await Promise.all([
    communityOrThrow(deps.db, topic.community_id),
    peopleByIds(deps.db, deps.cipher, [...rows.map((r) => r.author_user_id), ...rows.flatMap((r) => (r.assist_helper_user_id ? [r.assist_helper_user_id] : []))]),
  ])
  const liked = new Set(rows.filter((r) => r.liked_by_me).map((r) => r.id))
  const assisted: AssistMarks = new Map(
    rows.flatMap((r) => (r.assist_helper_user_id && r.assist_helper_role ? [[r.id, { helperRole: r.assist_helper_role, helperName: maskName(people.get(r.assist_helper_user_id)?.name ?? '') }] as const] : [])),
  )
  const shown = shapeOpinions(auth, staff, community.timezone, rows, people, liked, assisted)
  const byParent = new Map<string, typeof shown>()
  for (const o of shown) {
    if (o.parentId === null) continue
    const list = byParent.get(o.parentId)
    if (list) list.push(o)
    else byParent.set(o.parentId, [o])
  }
  const items: OpinionWithReplies[] = shown.filter((o) => o.parentId === null).map((opinion) => ({ ...opinion, replies: byParent.get(opinion.id) ?? [] }))
  return {
    page: {
      items,
      nextCursor: page.nextCursor,
      counts: read.counts,
      canPost: auth?.communityId === topic.community_id && topic.state === 'deliberating',
      canModerate: staff,
    },
    topic,
    authors: new Map(rows.map((r) => [r.id, r.author_user_id])),
  }
}

type OpinionPage = Awaited<ReturnType<typeof readOpinions>>['page']

/** Public opinion pages kept at most (a page is ~15 KB; any cursor is a key). */
const KEPT_PAGES = 500
/** Residents' overlays of a page kept at most (her likes on it and whether she has a hidden opinion: a few ids). */
const KEPT_OVERLAYS = 5000

/**
 * A topic's opinions as the caller may see them. Everyone without a staff grant sees the same
 * public page, so it is read once and kept until anything 社区协商 shows changes (the change feed's
 * `consultation` family, cache/kept.ts); a signed-in resident's page is that page with what is hers
 * laid over it in one statement (which ones she liked, which are her own, whether she may post),
 * itself kept per resident and page until the same family changes (a like or an opinion anywhere
 * forgets it). Staff, and a resident with a hidden opinion of her own on the topic (she sees it,
 * with the reason), get the full read.
 */
export async function listOpinions(deps: Deps, auth: Auth | null, topicId: string, query: z.output<typeof OpinionListQuerySchema>): Promise<OpinionPage> {
  if (mayManageSomeCommunity(auth)) return (await readOpinions(deps, auth, topicId, query)).page
  const key = `${topicId}|${query.cursor ?? ''}|${query.limit}`
  const kept = await keptById(deps.db, 'consultation', 'opinion-page', [key], async () => [{ key, ...(await readOpinions(deps, null, topicId, query)) }], (p) => p.key, KEPT_PAGES)
  const shared = kept.get(key)
  if (!shared) throw new AppError('TOPIC_NOT_FOUND')
  if (!auth) return shared.page
  const ids = [...shared.authors.keys()]
  const mineKey = `${auth.userId}|${key}`
  const overlays = await keptById(deps.db, 'consultation', 'opinion-page-mine', [mineKey], async () => [{ key: mineKey, ...(await repo.mineAmong(deps.db, topicId, ids, auth.userId)) }], (m) => m.key, KEPT_OVERLAYS)
  const mine = overlays.get(mineKey)
  if (!mine) throw new Error('an overlay just loaded is always returned')
  if (mine.hasHidden) return (await readOpinions(deps, auth, topicId, query)).page
  const own = <O extends { id: string }>(o: O) => ({ ...o, likedByMe: mine.liked.has(o.id), mine: shared.authors.get(o.id) === auth.userId })
  return {
    ...shared.page,
    items: shared.page.items.map((o) => ({ ...own(o), replies: o.replies.map(own) })),
    canPost: auth.communityId === shared.topic.community_id && shared.topic.state === 'deliberating',
  }
}

/**
 * An opinion (with a stance) or a reply to one (without), the resident's own or given for her by a
 * helper (代办, item 5), every check on her:
 * 1. A resident of the community, while the topic is 协商中.
 * 2. A reply answers an opinion of the same topic, never another reply.
 * 3. At most OPINIONS_PER_HOUR an hour, counted in the post's transaction (a refused post counts nothing).
 * The 代办 row (`assisted.record`) is written in the same transaction, after the opinion.
 */
export async function postOpinion(deps: Deps, participant: Participant, topicId: string, input: z.output<typeof OpinionInputSchema>, requestId: string, assisted?: AssistedAct) {
  const topic = await topicOrThrow(deps.db, topicId)
  // 1.
  assertParticipant(participant, topic)
  // 2.
  if (input.parentId) {
    const parent = await repo.findOpinion(deps.db, input.parentId)
    if (!parent || parent.topic_id !== topicId || parent.status !== 'visible') throw new AppError('OPINION_NOT_FOUND')
    if (parent.parent_id !== null) throw new AppError('OPINION_REPLY_TOO_DEEP')
  }
  const community = await communityOrThrow(deps.db, topic.community_id)
  const now = deps.now()
  const row = await inTransaction(deps.db, async (trx) => {
    // 3.
    await consumeRate(trx, { bucket: `consultation-opinion:${participant.userId}`, windowSeconds: HOUR_SECONDS, max: OPINIONS_PER_HOUR }, now)
    const opinion = await repo.insertOpinion(trx, {
      topic_id: topicId,
      parent_id: input.parentId ?? null,
      author_user_id: participant.userId,
      stance: input.parentId ? null : (input.stance ?? null),
      body: input.body,
      hidden_reason: null,
      created_at: now,
    })
    await writeAudit(trx, { actorUserId: participant.userId, communityId: topic.community_id, action: 'opinion.posted', targetType: 'consultation_opinion', targetId: opinion.id, detail: { topicId }, requestId })
    await assisted?.record(trx, { kind: 'opinion', topicId, opinionId: opinion.id })
    return opinion
  })
  // A new opinion has no reason of staff's to show, so whether the caller is staff changes nothing.
  const [opinion] = await toOpinions(deps, participant, false, community.timezone, [row])
  if (!opinion) throw new AppError('OPINION_NOT_FOUND')
  return opinion
}

/** 点赞: once per resident, idempotent; the counter goes up in the like's transaction under the opinion's row lock. */
export async function likeOpinion(deps: Deps, auth: Auth, opinionId: string) {
  const { opinion, topic } = await opinionFor(deps, auth, opinionId)
  assertParticipant(auth, topic)
  return inTransaction(deps.db, async (trx) => {
    const first = await repo.insertLike(trx, opinionId, auth.userId)
    if (!first) {
      const current = await repo.findOpinion(trx, opinionId)
      return { likeCount: current?.like_count ?? opinion.like_count, likedByMe: true as const }
    }
    const counted = await repo.incrementLike(trx, opinionId)
    return { likeCount: counted.like_count, likedByMe: true as const }
  })
}

/** 举报: once per resident; the REPORTS_TO_REVIEW-th distinct one hides it until staff review, audited. */
export async function reportOpinion(deps: Deps, auth: Auth, opinionId: string, requestId: string) {
  const { opinion, topic } = await opinionFor(deps, auth, opinionId)
  if (auth.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以举报' })
  if (opinion.author_user_id === auth.userId) throw new AppError('FORBIDDEN', { message: '不能举报自己的意见' })
  await inTransaction(deps.db, async (trx) => {
    if (!(await repo.insertReport(trx, opinionId, auth.userId))) return
    const counted = await repo.incrementReport(trx, opinionId, REPORTS_TO_REVIEW)
    if (counted.status === 'pending_review' && counted.report_count === REPORTS_TO_REVIEW) {
      await writeAudit(trx, { actorUserId: null, communityId: topic.community_id, action: 'opinion.pending_review', targetType: 'consultation_opinion', targetId: opinionId, detail: { reports: counted.report_count }, requestId })
    }
  })
  return { reportedByMe: true as const }
}

/** Staff of the community hide an opinion with a reason its author sees (or confirm a reported one), or restore it. Audited. */
export async function moderateOpinion(deps: Deps, auth: Auth, opinionId: string, input: z.output<typeof OpinionModerationSchema>, requestId: string) {
  const { topic, community, staff } = await opinionFor(deps, auth, opinionId)
  if (!staff) throw new AppError('FORBIDDEN')
  const status = input.action === 'hide' ? 'hidden' : 'visible'
  const reason = input.action === 'hide' ? input.reason : null
  const row = await inTransaction(deps.db, async (trx) => {
    await repo.setStatus(trx, opinionId, status, reason)
    await writeAudit(trx, { actorUserId: auth.userId, communityId: topic.community_id, action: `opinion.${input.action}`, targetType: 'consultation_opinion', targetId: opinionId, detail: { reason }, requestId })
    return repo.findOpinion(trx, opinionId)
  })
  if (!row) throw new AppError('OPINION_NOT_FOUND')
  const [opinion] = await toOpinions(deps, auth, true, community.timezone, [row])
  if (!opinion) throw new AppError('OPINION_NOT_FOUND')
  return opinion
}
