import {
  type CategoryId,
  SLOT_HELPER_NOTIFY_MAX,
  type SlotHelpersBoard,
  type SlotHelpersInputSchema,
  type SlotHelpersQuerySchema,
  type SlotHelpersRequest,
  VOLUNTEER_SKILL_LABELS,
  type VolunteerSkill,
} from '@linli/shared'
import type { z } from 'zod'
import { getSetup, holdOpenSlot, listSlots } from '../booking/service'
import { maskName } from '../booking/rules'
import { findSlotContext } from '../booking/view'
import { localDate, localMoment, localTime, monthDayWords } from '../calendar/local-time'
import { servicesByIds, serviceIdsOf } from '../catalog/lookups'
import { findServiceById } from '../catalog/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import type { FieldCipher } from '../platform/crypto'
import { canManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import { newCodeSecret } from './facts'
import { VOLUNTEER_MESSAGES } from './messages'
import * as core from './repository'
import * as repo from './staffing-repository'

/**
 * 志愿者服务社区服务时段 (issue 12 item 7; docs/decisions/034-volunteers-staff-services.md). A booking
 * slot of a service (助餐送餐 at lunch, 课后托管 in the afternoon) asks for helper seats: an activity of
 * kind 'service_slot' with ONE shift at the slot's own times, published at once, so volunteers sign
 * up with the ordinary shift sign-up and their hours are recorded by the ordinary check-in and out
 * (the record's service_date is the slot's day). Booking and catalog are asked through their
 * functions; only this domain's tables are read here.
 */

/** The category a slot's hours are totalled by, from its service's category (助餐 → 助老, 托管 → 助学 …). */
export const SKILL_OF_SERVICE_CATEGORY: Record<CategoryId, VolunteerSkill> = {
  elder_care: 'elder_care',
  children: 'tutoring',
  legal: 'legal',
  mental_health: 'counselling',
  employment: 'other',
  disability: 'disability',
  health: 'medical',
  culture: 'culture_sports',
  convenience: 'other',
  safety: 'emergency',
}

const HOW_TO_SIGN_UP = '在「邻里」小程序 志愿服务 页找到本时段，报名岗位；服务当天凭组织者的签到码签到、签退'
const UNIQUE_VIOLATION = '23505'

function isOnePerSlotViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string }
  return e.code === UNIQUE_VIOLATION && e.constraint === 'volunteer_activity_one_per_slot'
}

async function assertStaffOf(db: Db, auth: Auth, communityId: string): Promise<void> {
  const community = await findCommunityById(db, communityId)
  if (!community || !canManageCommunity(auth, community)) throw new AppError('SLOT_HELPERS_FORBIDDEN')
}

/** Booking's state of one slot (a closure on its day answers 'closed'), through booking's own listing. */
async function slotState(deps: Deps, serviceId: string, slotId: string, day: string) {
  const { items } = await listSlots(deps, serviceId, { from: day, days: 1 })
  return items.find((s) => s.id === slotId)
}

/** What a published request looks like to staff: seats, taken, waiting, and who (names masked). */
function toRequest(
  row: repo.RequestRow,
  serviceName: string,
  tz: string,
  signups: { shift_id: string; status: 'signed_up' | 'waitlisted' | 'cancelled'; name_enc: string }[],
  cipher: FieldCipher,
): SlotHelpersRequest {
  const mine = signups.filter((s) => s.shift_id === row.shift_id)
  return {
    activityId: row.activity_id,
    shiftId: row.shift_id,
    slotId: row.slot_id ?? '',
    serviceName,
    title: row.title,
    role: row.role,
    category: row.category,
    requiredSkills: row.required_skills,
    place: row.place,
    status: row.status,
    cancelReason: row.cancel_reason,
    seats: row.capacity,
    taken: row.taken,
    waitlisted: mine.filter((s) => s.status === 'waitlisted').length,
    helpers: mine.map((s) => ({ name: maskName(cipher.decrypt(s.name_enc)), status: s.status })),
    startsAtLocal: localMoment(row.starts_at, tz),
    endsAtLocal: localMoment(row.ends_at, tz),
  }
}

/** What a published helper request is: a 'service_slot' activity with what GB/T 40143 asks, and ONE shift at the slot's own times. */
export async function insertRequest(
  trx: Db,
  r: {
    slot: { id: string; community_id: string; starts_at: Date; ends_at: Date }
    title: string
    content: string
    category: VolunteerSkill
    place: string
    input: Pick<z.output<typeof SlotHelpersInputSchema>, 'seats' | 'role' | 'requiredSkills' | 'training' | 'risks' | 'risky' | 'insurance'>
    actorUserId: string
    now: Date
    status?: 'published' | 'finished'
  },
) {
  const activity = await core.insertActivity(trx, {
    community_id: r.slot.community_id,
    team_id: null,
    kind: 'service_slot',
    title: r.title,
    content: r.content,
    category: r.category,
    place: r.place,
    required_skills: r.input.requiredSkills,
    min_age: 18,
    minors_with_guardian: false,
    training: r.input.training || null,
    headcount: r.input.seats,
    how_to_sign_up: HOW_TO_SIGN_UP,
    risks: r.input.risks,
    risky: r.input.risky,
    insurance: r.input.insurance || null,
    status: r.status ?? 'published',
    cancel_reason: null,
    slot_id: r.slot.id,
    created_by: r.actorUserId,
    published_by: r.actorUserId,
    published_at: r.now,
  })
  const [shift] = await core.insertShifts(trx, [
    {
      activity_id: activity.id,
      community_id: r.slot.community_id,
      role: r.input.role,
      starts_at: r.slot.starts_at,
      ends_at: r.slot.ends_at,
      capacity: r.input.seats,
      // Sign-up stays open to the slot's start: a helper who falls ill is replaced the same morning.
      signup_deadline: r.slot.starts_at,
      code_secret: newCodeSecret(),
    },
  ])
  if (!shift) throw new Error(`no shift inserted for helper request ${activity.id}`)
  return { id: activity.id, shiftId: shift.id }
}

/** The title staff and volunteers read: 「助餐送餐上门 12月3日 送餐员」. */
export function requestTitle(serviceName: string, day: string, role: string): string {
  return `${serviceName} ${monthDayWords(day)} ${role}`
}

/**
 * Staff ask a slot for helpers.
 * 1. The slot exists; staff of its community (or the street admin over it) only.
 * 2. The slot is still ahead, its service in operation and no closure covers its day.
 * 3. The place comes from the service's facility; a service without one needs staff to say where.
 * 4. Activity and shift in one transaction, with the audit entry and the messages to at most
 *    SLOT_HELPER_NOTIFY_MAX active volunteers of the community with the skill; a second live request
 *    for the slot (two staff at once) is refused by the partial unique index.
 */
export async function requestHelpers(deps: Deps, auth: Auth, input: z.output<typeof SlotHelpersInputSchema>, requestId: string): Promise<SlotHelpersRequest> {
  const now = deps.now()
  // 1.
  const slot = await findSlotContext(deps.db, input.slotId)
  if (!slot) throw new AppError('SLOT_NOT_FOUND')
  if (!canManageCommunity(auth, { id: slot.community_id, streetId: slot.street_id })) throw new AppError('SLOT_HELPERS_FORBIDDEN')
  // 2.
  const tz = slot.timezone
  const day = localDate(slot.starts_at, tz)
  if (slot.starts_at <= now || slot.service_status !== 'active') throw new AppError('SLOT_HELPERS_SLOT_CLOSED')
  const state = await slotState(deps, slot.service_id, slot.id, day)
  if (!state || state.state === 'closed') throw new AppError('SLOT_HELPERS_SLOT_CLOSED', state?.note ? { message: `该服务时段已暂停：${state.note}` } : {})
  // 3.
  const service = await findServiceById(deps.db, slot.service_id)
  if (!service) throw new AppError('SLOT_NOT_FOUND')
  const facility = [service.facility_name, service.facility_address].filter(Boolean).join('，')
  const place = input.place || facility
  if (!place) throw new AppError('SLOT_HELPERS_PLACE_REQUIRED', { fields: [{ path: 'place', message: '请填写服务地点' }] })
  const category = SKILL_OF_SERVICE_CATEGORY[slot.category_id]
  const skills = input.requiredSkills.length > 0 ? input.requiredSkills : [category]
  const time = `${localTime(slot.starts_at, tz)}–${localTime(slot.ends_at, tz)}`
  const title = requestTitle(service.name, day, input.role)
  const content = [service.summary, `志愿者岗位：${input.role}。`, input.duties].filter(Boolean).join('\n')
  // 4.
  try {
    const created = await inTransaction(deps.db, async (trx) => {
      // Checked again under the slot's lock: a closure added a moment ago (in any process) refuses it.
      const closure = await holdOpenSlot(trx, slot)
      if (closure) throw new AppError('SLOT_HELPERS_SLOT_CLOSED', { message: `该服务时段已暂停：${closure.reason}` })
      const activity = await insertRequest(trx, { slot, title, content, category, place, input, actorUserId: auth.userId, now })
      await writeAudit(trx, {
        actorUserId: auth.userId,
        communityId: slot.community_id,
        action: 'volunteer.slot_helpers_requested',
        targetType: 'volunteer_activity',
        targetId: activity.id,
        detail: { slotId: slot.id, serviceId: slot.service_id, seats: input.seats, role: input.role, requiredSkills: input.requiredSkills },
        requestId,
      })
      const volunteers = await repo.volunteersWithSkills(trx, slot.community_id, skills, SLOT_HELPER_NOTIFY_MAX)
      const detail = `${day} ${time} ${service.name} · ${input.role}，招募 ${input.seats} 人（${skills.map((s) => VOLUNTEER_SKILL_LABELS[s]).join('、')}）`
      for (const v of volunteers) {
        await enqueue(trx, {
          kind: VOLUNTEER_MESSAGES.slot_helpers_needed,
          recipient: { userId: v.user_id, communityId: v.community_id },
          payload: { title, activityId: activity.id, detail },
        })
      }
      return { activityId: activity.id, notified: volunteers.length }
    })
    const [row] = await repo.requestsOfSlots(deps.db, [slot.id])
    if (!row || row.activity_id !== created.activityId) throw new Error(`helper request ${created.activityId} not found after insert`)
    return { ...toRequest(row, service.name, tz, [], deps.cipher), notified: created.notified }
  } catch (err) {
    if (isOnePerSlotViolation(err)) throw new AppError('SLOT_HELPERS_EXIST')
    throw err
  }
}

/** What ending a request does, in the caller's transaction: cancelled with its reason, sign-ups cancelled and told. */
async function endRequest(
  trx: Db,
  request: { activity_id: string; community_id: string; title: string; shift_id: string },
  reason: string,
  actorUserId: string | null,
  now: Date,
  requestId: string | null,
): Promise<number> {
  await repo.markCancelled(trx, request.activity_id, reason)
  const cancelled = await repo.cancelSignupsOf(trx, request.shift_id, now)
  for (const s of cancelled) {
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.activity_cancelled,
      recipient: { userId: s.user_id, communityId: s.community_id },
      payload: { title: request.title, activityId: request.activity_id, detail: `取消原因：${reason}` },
    })
  }
  await writeAudit(trx, {
    actorUserId,
    communityId: request.community_id,
    action: 'volunteer.slot_helpers_cancelled',
    targetType: 'volunteer_activity',
    targetId: request.activity_id,
    detail: { reason, signupsCancelled: cancelled.length },
    requestId,
  })
  return cancelled.length
}

/**
 * Staff cancel a slot's helper request with a reason.
 * 1. A 'service_slot' activity; staff of its community only.
 * 2. Only a live one (a second cancel is told it is over).
 * 3. Its sign-ups cancelled and their seats given back, each volunteer told (`activity_cancelled`), audited.
 */
export async function cancelHelpers(deps: Deps, auth: Auth, activityId: string, reason: string, requestId: string): Promise<{ signupsCancelled: number }> {
  const now = deps.now()
  return inTransaction(deps.db, async (trx) => {
    // 1.
    const request = await repo.lockRequest(trx, activityId)
    if (!request) throw new AppError('SLOT_HELPERS_NOT_FOUND')
    await assertStaffOf(trx, auth, request.community_id)
    // 2.
    if (request.status !== 'published' && request.status !== 'draft') throw new AppError('SLOT_HELPERS_ALREADY_ENDED')
    // 3.
    return { signupsCancelled: await endRequest(trx, request, reason, auth.userId, now, requestId) }
  })
}

/** How many of these slots' helper requests are live: what a closure over them would end (its confirmation says so). */
export async function liveHelperRequestsOf(db: Db, slotIds: readonly string[]): Promise<number> {
  return (await repo.requestsOfSlots(db, slotIds)).filter((r) => r.status === 'draft' || r.status === 'published').length
}

/**
 * A slot closed by booking staff ends its helper request: booking's `addClosure` calls this in its
 * own transaction with the slots the closure takes out that have not started (decision 034), as the
 * staff member who closed them.
 */
export async function endHelpersOfSlots(
  trx: Db,
  slotIds: readonly string[],
  reason: string,
  now: Date,
  by: { actorUserId: string | null; requestId: string | null } = { actorUserId: null, requestId: null },
): Promise<number> {
  const live = await repo.lockLiveRequestsOfSlots(trx, slotIds)
  for (const request of live) await endRequest(trx, request, `服务时段已暂停：${reason}`, by.actorUserId, now, by.requestId)
  return live.length
}

/**
 * The community's services that take bookings and so have slots to staff. Booking answers per
 * service whether it is bookable (`getSetup`); there are a handful of services per community.
 */
export async function slotServices(deps: Deps, auth: Auth, communityId: string) {
  await assertStaffOf(deps.db, auth, communityId)
  const services = await servicesByIds(deps.db, await serviceIdsOf(deps.db, { communityId }))
  const active = [...services.values()].filter((s) => s.status === 'active')
  const bookable = await Promise.all(
    active.map((s) =>
      getSetup(deps, s.id).then(
        () => true,
        (err: unknown) => {
          if (err instanceof AppError && err.code === 'SERVICE_NOT_BOOKABLE') return false
          throw err
        },
      ),
    ),
  )
  return {
    items: active
      .filter((_, i) => bookable[i])
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((s) => ({ serviceId: s.id, name: s.name, category: SKILL_OF_SERVICE_CATEGORY[s.category_id] })),
  }
}

/** Staff's view of one service's upcoming slots (booking's listing) with their helper requests and helpers. */
export async function slotBoard(deps: Deps, auth: Auth, serviceId: string, query: z.output<typeof SlotHelpersQuerySchema>): Promise<SlotHelpersBoard> {
  const service = (await servicesByIds(deps.db, [serviceId])).get(serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  await assertStaffOf(deps.db, auth, service.community_id)
  const slots = await listSlots(deps, serviceId, query)
  const now = deps.now()
  const ahead = slots.items.filter((s) => new Date(s.endsAt) > now)
  const rows = await repo.requestsOfSlots(deps.db, ahead.map((s) => s.id))
  // The live request of a slot, else its newest ended one (rows come newest first).
  const bySlot = new Map<string, repo.RequestRow>()
  for (const row of rows) {
    const kept = row.slot_id ? bySlot.get(row.slot_id) : undefined
    if (row.slot_id && (!kept || (kept.status === 'cancelled' && row.status === 'published'))) bySlot.set(row.slot_id, row)
  }
  const signups = await repo.openSignupsOf(deps.db, [...bySlot.values()].filter((r) => r.status === 'published').map((r) => r.shift_id))
  return {
    serviceId,
    serviceName: service.name,
    category: SKILL_OF_SERVICE_CATEGORY[service.category_id],
    items: ahead.map((s) => {
      const row = bySlot.get(s.id)
      return {
        slotId: s.id,
        date: s.date,
        time: s.time,
        state: s.state,
        started: new Date(s.startsAt) <= now,
        note: s.note,
        request: row ? toRequest(row, service.name, slots.timezone, signups, deps.cipher) : null,
      }
    }),
  }
}
