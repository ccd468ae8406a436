import {
  type AvailabilityRule,
  PRICE_KIND_LABELS,
  type PriceKind,
  SERVICE_CHANGE_KIND_LABELS,
  type ServiceChange,
  ServiceChangeInputSchema,
  type TopicDetail,
  type TopicState,
  type ServiceVersion,
} from '@linli/shared'
import type { z } from 'zod'
import { getSetup } from '../booking/service'
import { saveSetup } from '../booking/staff'
import { localMoment } from '../calendar/local-time'
import { getTopic } from '../consultation/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import * as repo from './service-change-repository'
import type { ServiceChangeRow, ServiceSnapshot } from './service-change-table'
import { findServiceById } from './repository'

type ChangeInput = z.output<typeof ServiceChangeInputSchema>

/** A stored proposal, typed again: it was this schema's output when proposed. */
function proposalOf(change: Pick<ServiceChangeRow, 'kind' | 'proposal'>): ChangeInput {
  return ServiceChangeInputSchema.parse({ ...change.proposal, kind: change.kind })
}

/** Topic states whose 协商结果 was adopted: 已形成结果, 落实中, 已落实. */
const ADOPTED: ReadonlySet<TopicState> = new Set(['resolved', 'implementing', 'implemented'])

/**
 * The one place that decides whether a topic may carry a service change. Today: its state says a
 * result was adopted. The 协商结果 module may tighten it (e.g. only after the 公示 without an
 * open objection) without touching the callers.
 */
export function assertTopicAllowsServiceChange(topic: Pick<TopicDetail, 'state'>): void {
  if (!ADOPTED.has(topic.state)) throw new AppError('TOPIC_NOT_ADOPTED')
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

/** 周一至周五, or 周一、周三: a run of three or more days reads as a range. */
function daysText(days: readonly number[]): string {
  const runs: number[][] = []
  for (const day of [...days].sort((a, b) => a - b)) {
    const run = runs.at(-1)
    if (run && run.at(-1) === day - 1) run.push(day)
    else runs.push([day])
  }
  return runs.map((run) => (run.length >= 3 ? `${WEEKDAYS[run[0] ?? 0]}至${WEEKDAYS[run.at(-1) ?? 0]}` : run.map((d) => WEEKDAYS[d]).join('、'))).join('、')
}

/** Weekly periods in words, the days of one period together: 周一至周五 08:00–11:30，20 人. */
function rulesText(rules: readonly AvailabilityRule[]): string {
  const periods = new Map<string, number[]>()
  for (const r of rules) {
    const period = `${r.startTime}–${r.endTime}，${r.capacity} 人`
    periods.set(period, [...(periods.get(period) ?? []), r.weekday])
  }
  return [...periods].map(([period, days]) => `${daysText(days)} ${period}`).join('；')
}

/** A version's before or after in words, for the service's history. */
function snapshotText(value: ServiceSnapshot): string {
  if (Array.isArray(value.rules)) return rulesText(value.rules as AvailabilityRule[])
  const price = PRICE_KIND_LABELS[value.priceKind as PriceKind] ?? ''
  if (typeof value.name === 'string') return `${value.name}：${String(value.summary)}（${price}）`
  return typeof value.priceNote === 'string' && value.priceNote ? `${price}（${value.priceNote}）` : price
}

/** What a proposed change sets, in one line, for the topic page. */
function proposalText(input: ChangeInput): string {
  switch (input.kind) {
    case 'hours':
      return rulesText(input.rules)
    case 'seats':
      return `每个时段 ${input.capacity} 人`
    case 'price_kind':
      return `${PRICE_KIND_LABELS[input.priceKind]}${input.priceNote ? `（${input.priceNote}）` : ''}`
    case 'new_service':
      return `${input.name}：${input.summary}（${PRICE_KIND_LABELS[input.priceKind]}）`
  }
}

/** The topic as the caller may read it, its community, and whether she runs that community. */
async function topicContext(deps: Deps, auth: Auth | null, topicId: string) {
  const topic = await getTopic(deps, auth, topicId)
  const community = await findCommunityById(deps.db, topic.communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return { topic, community, staff: auth !== null && canManageCommunity(auth, community) }
}

function toView(row: Awaited<ReturnType<typeof repo.findChangesOfTopic>>[number], tz: string): ServiceChange {
  const input = proposalOf(row)
  return {
    id: row.id,
    topicId: row.topic_id,
    kind: row.kind,
    kindLabel: SERVICE_CHANGE_KIND_LABELS[row.kind],
    serviceId: row.service_id,
    serviceName: row.service_name ?? (input.kind === 'new_service' ? input.name : ''),
    summary: proposalText(input),
    status: row.status,
    version: row.version,
    proposedAt: row.proposed_at.toISOString(),
    proposedAtLocal: localMoment(row.proposed_at, tz),
    appliedAtLocal: row.applied_at ? localMoment(row.applied_at, tz) : null,
  }
}

/** The changes a topic carries (public, 四议两公开), and for its staff what they may propose. */
export async function listTopicChanges(deps: Deps, auth: Auth | null, topicId: string) {
  const { topic, community, staff } = await topicContext(deps, auth, topicId)
  const canPropose = staff && ADOPTED.has(topic.state)
  const [rows, services] = await Promise.all([repo.findChangesOfTopic(deps.db, topicId), canPropose ? repo.serviceNamesOf(deps.db, community.id) : []])
  return { items: rows.map((r) => toView(r, community.timezone)), canPropose, services }
}

async function changeView(deps: Deps, changeId: string, topicId: string, tz: string): Promise<ServiceChange> {
  const row = (await repo.findChangesOfTopic(deps.db, topicId)).find((r) => r.id === changeId)
  if (!row) throw new AppError('SERVICE_CHANGE_NOT_FOUND')
  return toView(row, tz)
}

/**
 * Staff propose a change the topic's result carries:
 * 1. Staff of the topic's community (or its street's admin).
 * 2. The topic's result was adopted (assertTopicAllowsServiceChange).
 * 3. The service is one of that community's; hours and seats need a bookable service (its
 *    availability is booking's, changed through booking's own function when applied).
 * The change and its audit entry are one transaction; nothing changes on the service yet.
 */
export async function proposeChange(deps: Deps, auth: Auth, topicId: string, input: ChangeInput, requestId: string): Promise<ServiceChange> {
  const { topic, community, staff } = await topicContext(deps, auth, topicId)
  // 1.
  if (!staff) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以调整服务' })
  // 2.
  assertTopicAllowsServiceChange(topic)
  // 3.
  const serviceId = input.kind === 'new_service' ? null : input.serviceId
  if (serviceId !== null) {
    const service = await findServiceById(deps.db, serviceId)
    if (!service || service.community_id !== community.id) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'serviceId', message: '请选择本社区的服务' }] })
    }
    if (input.kind === 'hours' || input.kind === 'seats') await getSetup(deps, serviceId)
  }
  const { kind, ...proposal } = input
  const id = await inTransaction(deps.db, async (trx) => {
    const change = await repo.insertChange(trx, { community_id: community.id, topic_id: topicId, kind, service_id: serviceId, proposal: JSON.stringify(proposal), proposed_by: auth.userId, proposed_at: deps.now() })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'service_change.proposed', targetType: 'service_change', targetId: change.id, detail: { topicId, kind, serviceId }, requestId })
    return change.id
  })
  return changeView(deps, id, topicId, community.timezone)
}

/** What applying a change does to the service, as before and after snapshots. */
type Applied = { serviceId: string; before: ServiceSnapshot | null; after: ServiceSnapshot }

/**
 * Hours and seats are booking's weekly availability: booking's saveSetup replaces it (in its own
 * transaction, audited there, unbooked future slots re-made from the new rules). Replacing with the
 * same rules twice is harmless, so a retry after a failure below finishes the job.
 */
async function applyAvailability(deps: Deps, auth: Auth, serviceId: string, input: ChangeInput & { kind: 'hours' | 'seats' }, requestId: string) {
  const setup = await getSetup(deps, serviceId)
  const rules = input.kind === 'hours' ? input.rules : setup.rules.map((r) => ({ ...r, capacity: input.capacity }))
  await saveSetup(deps, auth, serviceId, { settings: setup.settings, rules }, requestId)
  return { serviceId, before: { rules: setup.rules }, after: { rules } }
}

/** Price kind and a new service are catalog's own rows: written in the version's transaction. */
async function applyToCatalog(trx: Db, change: ServiceChangeRow, input: ChangeInput & { kind: 'price_kind' | 'new_service' }, now: Date): Promise<Applied> {
  if (input.kind === 'price_kind') {
    const current = await repo.lockService(trx, input.serviceId)
    if (!current) throw new AppError('SERVICE_NOT_FOUND')
    const after = { priceKind: input.priceKind, priceNote: input.priceNote ?? null }
    await repo.updatePriceKind(trx, input.serviceId, after)
    return { serviceId: input.serviceId, before: { priceKind: current.price_kind, priceNote: current.price_note }, after }
  }
  const created = await repo.insertService(trx, {
    community_id: change.community_id,
    code: `consultation-${change.id}`,
    category_id: input.categoryId,
    name: input.name,
    summary: input.summary,
    description: input.description,
    provider_id: null,
    facility_id: null,
    price_kind: input.priceKind,
    price_note: null,
    subsidy_note: null,
    min_age: null,
    child_min_age: null,
    child_max_age: null,
    created_at: now,
    updated_at: now,
  })
  const { kind: _kind, ...after } = input
  return { serviceId: created.id, before: null, after }
}

/**
 * Staff apply a proposed change:
 * 1. Staff of its community; the topic still adopted.
 * 2. Once: an applied change is refused (SERVICE_CHANGE_APPLIED); of two applies at once one
 *    marks it applied, the other is refused and writes no version.
 * 3. The service gets the next version number under its row lock, with before and after, the
 *    topic and who; the version table is append-only, so history is never overwritten. Audited.
 */
export async function applyChange(deps: Deps, auth: Auth, changeId: string, requestId: string): Promise<ServiceChange> {
  const change = await repo.findChange(deps.db, changeId)
  if (!change) throw new AppError('SERVICE_CHANGE_NOT_FOUND')
  const { topic, community, staff } = await topicContext(deps, auth, change.topic_id)
  // 1.
  if (!staff) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以调整服务' })
  assertTopicAllowsServiceChange(topic)
  // 2.
  if (change.status === 'applied') throw new AppError('SERVICE_CHANGE_APPLIED')
  const input = proposalOf(change)
  const availability = input.kind === 'hours' || input.kind === 'seats' ? await applyAvailability(deps, auth, input.serviceId, input, requestId) : null
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const applied = availability ?? (input.kind === 'price_kind' || input.kind === 'new_service' ? await applyToCatalog(trx, change, input, now) : null)
    if (!applied) throw new AppError('SERVICE_CHANGE_NOT_FOUND')
    // 3.
    if (availability && !(await repo.lockService(trx, applied.serviceId))) throw new AppError('SERVICE_NOT_FOUND')
    if (!(await repo.markApplied(trx, changeId, { appliedBy: auth.userId, appliedAt: now, serviceId: applied.serviceId }))) throw new AppError('SERVICE_CHANGE_APPLIED')
    const version = await repo.nextVersion(trx, applied.serviceId)
    await repo.insertVersion(trx, {
      service_id: applied.serviceId,
      version,
      change_id: changeId,
      topic_id: topic.id,
      topic_title: topic.title,
      kind: change.kind,
      before: applied.before,
      after: applied.after,
      applied_by: auth.userId,
      applied_at: now,
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'service.changed_by_consultation',
      targetType: 'service',
      targetId: applied.serviceId,
      detail: { changeId, topicId: topic.id, kind: change.kind, version, before: applied.before, after: applied.after },
      requestId,
    })
  })
  return changeView(deps, changeId, change.topic_id, community.timezone)
}

/** A service's versions, newest first, paged (public: what residents decided is public). */
export async function serviceHistory(deps: Deps, serviceId: string, query: { cursor?: string; limit: number }) {
  const service = await findServiceById(deps.db, serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  const after = query.cursor ? decodeCursor(query.cursor, 'integer') : undefined
  const rows = await repo.listVersions(deps.db, serviceId, { after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.version, id: r.id }))
  const items: ServiceVersion[] = page.rows.map((r) => ({
    version: r.version,
    kind: r.kind,
    kindLabel: SERVICE_CHANGE_KIND_LABELS[r.kind],
    topicId: r.topic_id,
    topicTitle: r.topic_title,
    before: r.before,
    after: r.after,
    beforeText: r.before ? snapshotText(r.before) : null,
    afterText: snapshotText(r.after),
    appliedAt: r.applied_at.toISOString(),
    appliedAtLocal: localMoment(r.applied_at, service.timezone),
  }))
  return { items, nextCursor: page.nextCursor }
}
