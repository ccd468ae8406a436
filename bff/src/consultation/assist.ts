import type { AssistHelperRole, AssistInputSchema, AssistKind, AssistLogQuerySchema, AssistLookupSchema, AssistOptions, AssistResult } from '@linli/shared'
import type { z } from 'zod'
import { findResidentForAssist } from '../auth/assist-lookup'
import { peopleByIds } from '../auth/residents'
import { maskName } from '../booking/rules'
import { localDayRange, localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { listFamily } from '../family/service'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import * as repo from './assist-repository'
import type { ConsultationAssistRow } from './assist-table'
import { postOpinion } from './opinions'
import type { AssistedAct, Participant } from './participant'
import { findTopic } from './repository'
import { communityOrThrow, isStaffOf, supportTopic } from './service'
import type { TopicRow } from './table'
import { castBallot } from './votes'

type Community = Awaited<ReturnType<typeof communityOrThrow>>

async function topicOrThrow(db: Db, topicId: string): Promise<TopicRow> {
  const topic = await findTopic(db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

/**
 * What the caller acts as in the topic's community when she helps by name and birth date: its
 * staff, its 网格员, or the street's admin; null for anyone else (a 网格员 of another community too).
 */
function officialRole(auth: Auth, community: Community): Exclude<AssistHelperRole, 'family'> | null {
  if (auth.grants.some((g) => g.role === 'staff' && g.communityId === community.id)) return 'staff'
  if (auth.grants.some((g) => g.role === 'grid_worker' && g.communityId === community.id)) return 'grid_worker'
  return isStaffOf(auth, community) ? 'street_admin' : null
}

/** Her own 家人, when she lives in the topic's community: the only people a resident may act for. */
async function familyFor(deps: Deps, auth: Auth, topic: TopicRow) {
  if (auth.communityId !== topic.community_id) return []
  return (await listFamily(deps, auth)).items
}

/** The act the topic's state allows now: 附议 while 征集中, 意见 while 协商中, 投票 while 表决中. */
function kindNow(deps: Deps, topic: TopicRow): AssistKind | null {
  if (topic.state === 'collecting' && topic.expires_at > deps.now()) return 'support'
  if (topic.state === 'deliberating') return 'opinion'
  if (topic.state === 'voting') return 'ballot'
  return null
}

/** Whether the topic page shows 代办 to the caller, and for whom she may act. */
export async function assistOptions(deps: Deps, auth: Auth, topicId: string): Promise<AssistOptions> {
  const topic = await topicOrThrow(deps.db, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  const family = await familyFor(deps, auth, topic)
  return {
    helperRole: officialRole(auth, community),
    familyMembers: family.map((m) => ({ id: m.id, name: m.name, relation: m.relation })),
    kind: kindNow(deps, topic),
  }
}

/**
 * Who the helper acts for, and as what:
 * 1. By name and birth date (and a phone tail for namesakes): staff, 网格员 or street admin of the
 *    topic's community, the resident found in that community only.
 * 2. One of her own 家人 (family/ decides which are hers; a removed one is not): a resident of the
 *    topic's community, for a member who is a resident of it too, found by the member's name and
 *    birth date.
 * 3. Never herself: her own acts she does herself, unmarked.
 */
async function resolve(deps: Deps, auth: Auth, topic: TopicRow, resident: z.output<typeof AssistLookupSchema>['resident']) {
  const community = await communityOrThrow(deps.db, topic.community_id)
  let found: { userId: string; communityId: string; name: string }
  let helperRole: AssistHelperRole
  if ('familyMemberId' in resident) {
    // 2.
    const member = (await familyFor(deps, auth, topic)).find((m) => m.id === resident.familyMemberId)
    if (!member) throw new AppError('ASSIST_NOT_ALLOWED', { message: '只能替“我的家人”中已添加、且与您同一社区的家人代办' })
    found = await findResidentForAssist(deps, deps.db, community.id, { name: member.name, birthDate: member.birthDate })
    helperRole = 'family'
  } else {
    // 1.
    const role = officialRole(auth, community)
    if (!role) throw new AppError('ASSIST_NOT_ALLOWED')
    found = await findResidentForAssist(deps, deps.db, community.id, resident)
    helperRole = role
  }
  // 3.
  if (found.userId === auth.userId) throw new AppError('ASSIST_SELF')
  return { found, helperRole, community }
}

/** The look-up alone, so the helper can read out whom she found before she acts: the name masked. */
export async function lookupResident(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof AssistLookupSchema>) {
  const topic = await topicOrThrow(deps.db, topicId)
  const { found, helperRole } = await resolve(deps, auth, topic, input.resident)
  return { residentName: maskName(found.name), helperRole }
}

/**
 * 代办: the act done for a resident who is present (issue 11 item 5, docs/decisions/023):
 * 1. A reason, always (ASSIST_REASON_REQUIRED): the 居务监督委员会 reads it.
 * 2. The helper may act for this resident (see `resolve`).
 * 3. The act itself runs as hers (supportTopic, postOpinion, castBallot check her, never the
 *    helper) and calls `record` in its own transaction once it is stored, which writes the 代办
 *    row and the audit entry: a refused act leaves neither. A ballot's row and audit never say what.
 */
export async function assistAct(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof AssistInputSchema>, requestId: string): Promise<AssistResult> {
  const topic = await topicOrThrow(deps.db, topicId)
  // 1.
  const reason = input.reason?.trim() ?? ''
  if (reason === '') throw new AppError('ASSIST_REASON_REQUIRED')
  // 2.
  const { found, helperRole, community } = await resolve(deps, auth, topic, input.resident)
  const participant: Participant = { userId: found.userId, communityId: found.communityId }
  // 3.
  let recorded: ConsultationAssistRow | undefined
  const assisted: AssistedAct = {
    helperUserId: auth.userId,
    reason,
    record: async (trx, act) => {
      recorded = await repo.insertAssist(trx, {
        topic_id: act.topicId,
        community_id: topic.community_id,
        kind: act.kind,
        opinion_id: act.opinionId ?? null,
        resident_user_id: participant.userId,
        helper_user_id: auth.userId,
        helper_role: helperRole,
        reason,
        created_at: deps.now(),
      })
      await writeAudit(trx, {
        actorUserId: auth.userId,
        communityId: topic.community_id,
        action: `assist.${act.kind}`,
        targetType: 'consultation_assist',
        targetId: recorded.id,
        detail: { topicId: act.topicId, residentUserId: participant.userId, helperRole, reason, ...(act.opinionId ? { opinionId: act.opinionId } : {}) },
        requestId,
      })
    },
  }
  const act = input.act
  if (act.kind === 'support') await supportTopic(deps, participant, topicId, assisted)
  if (act.kind === 'opinion') await postOpinion(deps, participant, topicId, { stance: act.stance, body: act.body }, requestId, assisted)
  if (act.kind === 'ballot') {
    await castBallot(deps, participant, topicId, { optionId: act.optionId }, assisted).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'ALREADY_VOTED') throw new AppError('ALREADY_VOTED', { message: '这位居民已经投过票了，每人只能投一次' })
      throw err
    })
  }
  if (!recorded) throw new AppError('CONFLICT')
  return {
    id: recorded.id,
    kind: recorded.kind,
    topicId,
    residentName: maskName(found.name),
    helperRole,
    reason,
    createdAt: recorded.created_at.toISOString(),
    createdAtLocal: localMoment(recorded.created_at, community.timezone),
  }
}

/**
 * The 居务监督委员会's daily list: one community's 代办 acts on one day of its own clock, newest
 * first, paged by cursor. Staff of the community and the street's admin only (not a 网格员: she is
 * the one being checked).
 */
export async function listAssistLog(deps: Deps, auth: Auth, query: z.output<typeof AssistLogQuerySchema>) {
  const community = await communityOrThrow(deps.db, query.communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  const [from, to] = localDayRange(query.date, community.timezone)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listAssists(deps.db, { communityId: community.id, from, to, after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  const people = await peopleByIds(deps.db, deps.cipher, page.rows.flatMap((r) => [r.resident_user_id, r.helper_user_id]))
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      topicId: r.topic_id,
      topicTitle: r.topic_title,
      residentName: maskName(people.get(r.resident_user_id)?.name ?? ''),
      helperName: people.get(r.helper_user_id)?.name ?? '',
      helperRole: r.helper_role,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      createdAtLocal: localMoment(r.created_at, community.timezone),
    })),
    nextCursor: page.nextCursor,
  }
}
