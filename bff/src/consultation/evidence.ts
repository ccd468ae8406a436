import {
  type EvidenceInputSchema,
  TOPIC_TITLE_MAX_LENGTH,
  type TopicDetail,
  type TopicDraftEditSchema,
  type TopicEvidence,
} from '@linli/shared'
import type { z } from 'zod'
import { registeredResidents } from '../auth/residents'
import { localDate, localMoment } from '../calendar/local-time'
import { servicesByIds } from '../catalog/lookups'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { rectificationCaseFacts, servicePoorCounts } from '../rating/evidence'
import * as evidenceRepo from './evidence-repository'
import type { TopicEvidenceRow } from './evidence-table'
import * as repo from './repository'
import { communityOrThrow, getTopic, isStaffOf, settingsOf, supportThreshold } from './service'

const DAY_MS = 24 * 60 * 60 * 1000

/** 差评 share above which a service's month is evidence: 20 %, strictly (5 × poor > ratings, no floats). */
const POOR_SHARE_DENOMINATOR = 5

/** The 协商目录 entry a topic about a service goes under by default (staff can change it later). */
const CATEGORY_FOR_ELDERS_AND_CHILDREN = '为老为小服务'
const CATEGORY_OTHER = '其他公共事务'

type Evidence = Omit<TopicEvidenceRow, 'topic_id'> & { serviceName: string }

function percent(poor: number, ratings: number): string {
  return ratings === 0 ? '—' : `${Math.round((poor * 1000) / ratings) / 10}%`
}

/** The evidence in one line, for the draft's text and the topic page. */
/** `2026-11` or `2026-11-01` as residents read it: 2026年11月 (with 1日 for a day). */
function chineseDate(isoDate: string, withDay: boolean): string {
  const [y, m, d] = isoDate.split('-')
  return `${y}年${Number(m)}月${withDay && d ? `${Number(d)}日` : ''}`
}

function evidenceText(e: Evidence, tz: string): string {
  const counts = `${chineseDate(e.month, false)}共 ${e.ratings} 条评价，其中差评 ${e.poor} 条（${percent(e.poor, e.ratings)}）`
  if (e.kind === 'poor_share') return `「${e.serviceName}」${counts}，超过 20%。`
  const deadline = e.deadline ? chineseDate(localDate(e.deadline, tz), true) : ''
  const reply = e.replied_at ? `${chineseDate(localDate(e.replied_at, tz), true)}才答复` : '至今未答复'
  return `「${e.serviceName}」的差评整改工单应于 ${deadline} 前答复，${reply}；${counts}。`
}

/**
 * What the evidence holds, checked against 好差评's own figures:
 * 1. An overdue case: the case exists and went overdue (EVIDENCE_NOT_OVERDUE otherwise).
 * 2. A month's share: above 20 % of the counted ratings (EVIDENCE_SHARE_TOO_LOW at 20 % or below).
 */
async function gatherEvidence(deps: Deps, input: z.output<typeof EvidenceInputSchema>): Promise<Evidence & { communityId: string; categoryName: string }> {
  const now = deps.now()
  const facts = input.kind === 'overdue_case' ? await rectificationCaseFacts(deps.db, input.caseId, now) : undefined
  if (input.kind === 'overdue_case' && !facts) throw new AppError('CASE_NOT_FOUND')
  const serviceId = facts?.serviceId ?? (input.kind === 'poor_share' ? input.serviceId : '')
  const service = (await servicesByIds(deps.db, [serviceId])).get(serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  const community = await communityOrThrow(deps.db, service.community_id)
  const month = input.kind === 'poor_share' ? input.month : localDate(facts?.createdAt ?? now, community.timezone).slice(0, 7)
  const counts = await servicePoorCounts(deps.db, community.id, serviceId, month)
  // 1.
  if (facts && !facts.overdue) throw new AppError('EVIDENCE_NOT_OVERDUE')
  // 2.
  if (!facts && counts.poor * POOR_SHARE_DENOMINATOR <= counts.ratings) throw new AppError('EVIDENCE_SHARE_TOO_LOW')
  const elders = service.category_id === 'elder_care' || service.category_id === 'children'
  return {
    communityId: community.id,
    categoryName: elders ? CATEGORY_FOR_ELDERS_AND_CHILDREN : CATEGORY_OTHER,
    evidence_key: facts ? `case:${facts.id}` : `service:${serviceId}:${month}`,
    kind: input.kind,
    service_id: serviceId,
    serviceName: service.name,
    case_id: facts?.id ?? null,
    month,
    ratings: counts.ratings,
    poor: counts.poor,
    deadline: facts?.deadline ?? null,
    replied_at: facts?.repliedAt ?? null,
  }
}

/**
 * 差评 → a draft topic in one step (issue 11 item 7):
 * 1. Staff of the service's community (or its street's admin).
 * 2. The evidence holds (gatherEvidence).
 * 3. Once per case, or per service and month: the evidence key is unique, so two taps at once
 *    raise one draft and the other is refused (EVIDENCE_ALREADY_RAISED), nothing written.
 * 4. The draft (草稿) carries a prefilled title and text; only staff see it until they publish it,
 *    and its 征集 starts then. Topic, history, evidence and audit entry are one transaction.
 */
export async function raiseDraft(deps: Deps, auth: Auth, input: z.output<typeof EvidenceInputSchema>, requestId: string): Promise<TopicDetail> {
  const evidence = await gatherEvidence(deps, input)
  const community = await communityOrThrow(deps.db, evidence.communityId)
  // 1. Checked after the facts are read, but before anything is written.
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以把差评转为协商议题' })
  const categories = await repo.findCategories(deps.db, community.id)
  const category = categories.find((c) => c.name === evidence.categoryName) ?? categories.find((c) => c.name === CATEGORY_OTHER) ?? categories[0]
  if (!category) throw new AppError('CONFLICT', { message: '本社区协商目录为空，请先设置协商目录' })
  const [settings, residents] = await Promise.all([settingsOf(deps.db, community.id), registeredResidents(deps.db, community.id)])
  const now = deps.now()
  const reason = evidence.kind === 'overdue_case' ? '差评整改超期' : '差评率偏高'
  const title = `改进「${evidence.serviceName}」：${reason}`.slice(0, TOPIC_TITLE_MAX_LENGTH)
  const { serviceName: _name, communityId: _community, categoryName: _category, ...row } = evidence
  const id = await inTransaction(deps.db, async (trx) => {
    const topic = await repo.insertTopic(trx, {
      community_id: community.id,
      category_id: category.id,
      proposer_user_id: auth.userId,
      title,
      description: `${evidenceText(evidence, community.timezone)}请居民就如何改进这项服务提出意见。`,
      links: [],
      state: 'draft',
      state_reason: null,
      threshold: supportThreshold(settings, residents),
      // Restarted when published: a draft does not collect.
      expires_at: new Date(now.getTime() + settings.collectionDays * DAY_MS),
      created_at: now,
    })
    // 3.
    if (!(await evidenceRepo.insertEvidence(trx, { topic_id: topic.id, ...row }))) throw new AppError('EVIDENCE_ALREADY_RAISED')
    await repo.insertMove(trx, { topic_id: topic.id, from_state: null, to_state: 'draft', reason: null, actor_kind: 'staff', actor_user_id: auth.userId, at: now })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'topic.drafted_from_evidence', targetType: 'consultation_topic', targetId: topic.id, detail: { evidence: row.evidence_key, ratings: row.ratings, poor: row.poor }, requestId })
    return topic.id
  })
  return getTopic(deps, auth, id)
}

/** The evidence a topic was raised from, for its community's staff; null for a topic raised by a person. */
export async function topicEvidence(deps: Deps, auth: Auth, topicId: string): Promise<TopicEvidence | null> {
  const topic = await getTopic(deps, auth, topicId)
  const community = await communityOrThrow(deps.db, topic.communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  const row = await evidenceRepo.findEvidence(deps.db, topicId)
  if (!row) return null
  const serviceName = (await servicesByIds(deps.db, [row.service_id])).get(row.service_id)?.name ?? ''
  return {
    kind: row.kind,
    serviceId: row.service_id,
    serviceName,
    caseId: row.case_id,
    month: row.month,
    ratings: row.ratings,
    poor: row.poor,
    poorShare: row.ratings === 0 ? null : row.poor / row.ratings,
    deadlineLocal: row.deadline ? localMoment(row.deadline, community.timezone) : null,
    repliedAtLocal: row.replied_at ? localMoment(row.replied_at, community.timezone) : null,
    summary: evidenceText({ ...row, serviceName }, community.timezone),
  }
}

/** Staff edit a draft's title and text before publishing it; refused once it is published. Audited. */
export async function editDraft(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof TopicDraftEditSchema>, requestId: string): Promise<TopicDetail> {
  const topic = await getTopic(deps, auth, topicId)
  const community = await communityOrThrow(deps.db, topic.communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  await inTransaction(deps.db, async (trx) => {
    if (!(await repo.updateDraft(trx, topicId, input))) throw new AppError('TOPIC_NOT_DRAFT')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'topic.draft_edited', targetType: 'consultation_topic', targetId: topicId, detail: { title: input.title }, requestId })
  })
  return getTopic(deps, auth, topicId)
}
