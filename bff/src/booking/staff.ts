import {
  type Booking,
  type BookingSetup,
  type BookingStatus,
  type BoardPage,
  type BoardQuerySchema,
  CLOSURE_DAYS_MAX,
  type ClosureInput,
  type ClosureListQuerySchema,
  type ClosurePage,
  type WalkInResult,
  type WalkInSchema,
} from '@linli/shared'
import type { z } from 'zod'
import { findOrRegisterResident, peopleByIds } from '../auth/residents'
import { serviceIdsOf, servicesByIds } from '../catalog/lookups'
import { findServiceById } from '../catalog/service'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Family } from '../cache/changes'
import { keptAnswer } from '../cache/kept'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { auditLook, writeAudit } from '../platform/audit'
import { assertCanManageCommunity, canManageCommunity } from '../region/access'
import { findCommunityById, findNoShowPolicy } from '../region/service'
import { freeSeat } from '../seats/seats'
import { endHelpersOfSlots, liveHelperRequestsOf } from '../volunteer/staffing'
import * as repo from './repository'
import { emitBookingServed } from './served'
import { assertServiceClock, maskName } from './rules'
import { BOOKING_MESSAGES, type BookingMessageKind, bookingMessagePayload } from './messages'
import { bookIn, bookableSlot, releaseOrPromote, toBookings, toSingleBooking, toSuspension, withCategoryNames } from './service'
import { type BookingView, findBookingView, withPlaces } from './view'
import { addDays, addMinutes, localDate, zonedInstant } from '../calendar/local-time'

type StaffAction = 'confirm' | 'decline' | 'check_in' | 'serve' | 'no_show' | 'cancel'

/** What the resident is told when staff act on her booking; checking in and serving she sees for herself. */
const MESSAGE_OF_ACTION: Partial<Record<StaffAction, BookingMessageKind>> = {
  confirm: BOOKING_MESSAGES.confirmed,
  decline: BOOKING_MESSAGES.declined,
  cancel: BOOKING_MESSAGES.cancelled_by_staff,
}

/** Which statuses each staff action starts from, and where it leads. */
const TRANSITIONS: Record<StaffAction, { from: BookingStatus[]; to: BookingStatus }> = {
  confirm: { from: ['pending'], to: 'confirmed' },
  decline: { from: ['pending'], to: 'declined' },
  check_in: { from: ['confirmed', 'pending'], to: 'checked_in' },
  serve: { from: ['confirmed', 'checked_in'], to: 'served' },
  no_show: { from: ['confirmed', 'pending'], to: 'no_show' },
  cancel: { from: ['pending', 'confirmed', 'waitlisted'], to: 'cancelled' },
}

/** Staff run their community's bookings; a provider (the lawyer) only their own services' — and only serves them. */
function staffRole(auth: Auth, row: { community_id: string; street_id: string; provider_id: string | null }): 'staff' | 'provider' | null {
  if (canManageCommunity(auth, { id: row.community_id, streetId: row.street_id })) return 'staff'
  if (auth.grants.some((g) => g.role === 'provider' && g.providerId === row.provider_id)) return 'provider'
  return null
}

const PROVIDER_ACTIONS: StaffAction[] = ['check_in', 'serve', 'no_show']

/**
 * A staff action on a booking.
 * 1. Staff of the booking's community (or the street admin); a provider may check in, serve and mark no-shows.
 * 2. Only from the statuses the action allows, and when the slot's clock allows it: check-in from
 *    `check_in_lead_minutes` before the start, 已服务 and 未到场 from the start on.
 * 3. Declining or cancelling frees the seat for the first on the waitlist, and tells the resident.
 * 4. A no-show may suspend self-booking in the category (per-community threshold and length);
 *    serving tells whoever follows `booking.served`, in the same transaction.
 * 5. Every action is in the audit log, in the same transaction.
 */
export async function act(
  deps: Deps,
  auth: Auth,
  bookingId: string,
  action: StaffAction,
  reason: string | null,
  requestId: string,
): Promise<Booking> {
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockBooking(trx, bookingId)
    const view = locked && (await findBookingView(trx, bookingId))
    if (!locked || !view) throw new AppError('BOOKING_NOT_FOUND')
    // 1.
    const role = staffRole(auth, view)
    if (!role) throw new AppError('BOOKING_NOT_FOUND')
    if (role === 'provider' && !PROVIDER_ACTIONS.includes(action)) throw new AppError('FORBIDDEN')
    // 2.
    const transition = TRANSITIONS[action]
    if (!transition.from.includes(locked.status)) throw new AppError('INVALID_STATUS')
    if (action === 'no_show' && deps.now() < view.starts_at) {
      throw new AppError('INVALID_STATUS', { message: '预约时间还没到，不能标记未到场' })
    }
    if (action === 'check_in' || action === 'serve') assertServiceClock(action, view, view.timezone, deps.now())
    const releases = (action === 'decline' || action === 'cancel') && locked.holds_seat
    await repo.setBookingStatus(trx, bookingId, {
      status: transition.to,
      holds_seat: releases ? false : locked.holds_seat,
      status_reason: reason ?? locked.status_reason,
      ...(action === 'serve' ? { served_at: deps.now() } : {}),
    })
    // 3.
    if (releases) await releaseOrPromote(trx, locked.slot_id, view.requires_confirmation)
    const kind = MESSAGE_OF_ACTION[action]
    if (kind) await enqueue(trx, { kind, recipient: { userId: view.booked_by, communityId: view.community_id }, payload: bookingMessagePayload(view, reason) })
    // 4.
    if (action === 'no_show') await suspendAfterNoShows(deps, trx, view)
    if (action === 'serve') await emitBookingServed(trx, { id: bookingId, communityId: view.community_id, bookedBy: view.booked_by, servedAt: deps.now() })
    // 5.
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: view.community_id,
      action: `booking.${action}`,
      targetType: 'booking',
      targetId: bookingId,
      detail: { from: locked.status, to: transition.to, ...(reason ? { reason } : {}) },
      requestId,
    })
  })
  const row = await findBookingView(deps.db, bookingId)
  if (!row) throw new AppError('BOOKING_NOT_FOUND')
  return toSingleBooking(deps, row, 'staff')
}

/** N no-shows within the window (per community) suspend self-booking in that category for M days. */
async function suspendAfterNoShows(deps: Deps, db: Db, view: BookingView): Promise<void> {
  const community = await findNoShowPolicy(db, view.community_id)
  const now = deps.now()
  // Two no-shows of one person marked at once must not both miss (or both insert) the suspension.
  await repo.lockPerson(db, `no-show:${view.booked_by}:${view.category_id}`)
  const since = addMinutes(now, -community.no_show_window_days * 24 * 60)
  const serviceIds = await serviceIdsOf(db, { communityId: view.community_id, categoryId: view.category_id })
  const counted = await repo.countNoShows(db, { userId: view.booked_by, serviceIds }, since)
  if (counted < community.no_show_threshold) return
  if (await repo.findActiveSuspension(db, view.booked_by, view.category_id, now)) return
  await repo.insertSuspension(db, {
    community_id: view.community_id,
    user_id: view.booked_by,
    category_id: view.category_id,
    until: addMinutes(now, community.no_show_suspension_days * 24 * 60),
    reason: `${community.no_show_window_days}天内${counted}次预约未到场`,
    lifted_at: null,
    lifted_by: null,
  })
}

export async function checkInByCode(deps: Deps, auth: Auth, communityId: string, code: string, requestId: string): Promise<Booking> {
  const row = await repo.findCheckInByCode(deps.db, communityId, code)
  if (!row) throw new AppError('BOOKING_NOT_FOUND', { message: '签到码无效或预约已结束' })
  return act(deps, auth, row.id, 'check_in', null, requestId)
}

/**
 * What a board page is made of: bookings and slots (seats), the services' booking settings
 * (schedule), services, places and communities (catalog), and who is served (auth: people and
 * family members). A page is kept until any of them changes (docs/decisions/047); the look is
 * written to the audit log each time.
 */
const BOARD_FAMILIES = ['seats', 'schedule', 'catalog', 'auth'] as const satisfies readonly Family[]

/**
 * The appointment board: one community's bookings on one local day, by service and status, a page
 * at a time in start order (then id, so the order is total and a cursor stable). `total` counts
 * the day under the same filters, for the heading.
 */
export async function board(
  deps: Deps,
  auth: Auth,
  query: z.output<typeof BoardQuerySchema>,
  requestId: string,
): Promise<BoardPage> {
  const community = await findCommunityById(deps.db, query.communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const staff = canManageCommunity(auth, { id: community.id, streetId: community.streetId })
  const providerIds = auth.grants.filter((g) => g.role === 'provider' && g.providerId).map((g) => g.providerId as string)
  if (!staff && providerIds.length === 0) throw new AppError('FORBIDDEN')
  const own = staff ? undefined : await serviceIdsOf(deps.db, { communityId: community.id, providerIds })
  const key = JSON.stringify([community.id, own ?? null, query.date, query.serviceId ?? null, query.status ?? null, query.cursor ?? null, query.limit])
  const answer = await keptAnswer(deps.db, BOARD_FAMILIES, 'staff-board', key, async (): Promise<BoardPage> => {
    const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
    const day = {
      communityId: community.id,
      from: zonedInstant(query.date, '00:00', community.timezone),
      to: zonedInstant(addDays(query.date, 1), '00:00', community.timezone),
      own,
      serviceId: query.serviceId,
      status: query.status,
    }
    const fetched = await repo.boardPage(deps.db, { ...day, fetch: query.limit + 1, afterKey: after?.key, afterId: after?.id })
    const total = fetched[0]?.total ?? (after ? (await repo.boardTotal(deps.db, day))[0]?.n : 0) ?? 0
    const page = pageFrom(fetched, query.limit, (r) => ({ key: r.starts_at, id: r.id }))
    const rows = await withPlaces(deps.db, page.rows)
    return { items: await toBookings(deps, rows, 'staff'), nextCursor: page.nextCursor, total: Number(total) }
  })
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId: community.id,
    action: 'booking.board_viewed',
    targetType: 'community',
    targetId: community.id,
    // What this look showed: the page's bookings, not the day's.
    detail: { date: query.date, count: answer.items.length, ...(query.cursor ? { page: 'next' } : {}) },
    requestId,
  })
  return answer
}

/**
 * 窗口代办: staff book for a resident at the counter. The same rules apply as for self-booking,
 * except a no-show suspension (staff can decide). The answer carries the check-in code to read out.
 */
export async function walkIn(deps: Deps, auth: Auth, input: z.output<typeof WalkInSchema>, requestId: string): Promise<WalkInResult> {
  const slot = await bookableSlot(deps, input.slotId, (s) => {
    if (!canManageCommunity(auth, { id: s.community_id, streetId: s.street_id })) throw new AppError('FORBIDDEN')
  })
  // One transaction: a refused booking (full, not eligible) leaves no newly registered person behind.
  const { bookingId, found } = await inTransaction(deps.db, async (trx) => {
    const { resident, found } = await findOrRegisterResident(deps, trx, slot.community_id, input)
    const { id: bookingId } = await bookIn(
      deps,
      trx,
      slot,
      { userId: resident.id, communityId: resident.communityId, birthDate: resident.birthDate },
      { answers: input.answers, joinWaitlist: false },
      'walk_in',
    )
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: slot.community_id,
      action: 'booking.walk_in',
      targetType: 'booking',
      targetId: bookingId,
      detail: { resident: found ? 'found' : 'registered', byPhone: input.phone !== undefined },
      requestId,
    })
    return { bookingId, found }
  })
  const row = await findBookingView(deps.db, bookingId)
  if (!row) throw new AppError('BOOKING_NOT_FOUND')
  return { ...(await toSingleBooking(deps, row, 'staff')), checkInCode: row.check_in_code, resident: found ? 'found' : 'registered' }
}

/**
 * Staff set a service's booking settings and weekly availability. Future slots nobody has booked
 * are dropped so they come back from the new rules; booked ones stay as they are.
 */
export async function saveSetup(deps: Deps, auth: Auth, serviceId: string, setup: BookingSetup, requestId: string): Promise<void> {
  const service = await findServiceById(deps.db, serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  if (!canManageCommunity(auth, { id: service.community_id, streetId: service.street_id })) throw new AppError('FORBIDDEN')
  const s = setup.settings
  if (s.mode === 'timed' && !s.slotMinutes) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'settings.slotMinutes', message: '按时段预约需要填写每个时段的分钟数' }] })
  }
  await inTransaction(deps.db, async (trx) => {
    const values = {
      community_id: service.community_id,
      mode: s.mode,
      slot_minutes: s.slotMinutes,
      min_notice_minutes: s.minNoticeMinutes,
      max_days_ahead: s.maxDaysAhead,
      cancel_before_minutes: s.cancelBeforeMinutes,
      cancel_by_local_time: s.cancelByLocalTime,
      max_open_per_person: s.maxOpenPerPerson,
      max_per_day_per_person: s.maxPerDayPerPerson,
      requires_confirmation: s.requiresConfirmation,
      reminder_lead_minutes: s.reminderLeadMinutes,
      check_in_lead_minutes: s.checkInLeadMinutes,
      questions: JSON.stringify(s.questions),
      updated_at: new Date(),
    }
    await repo.upsertSettings(trx, serviceId, values)
    await repo.replaceRules(
      trx,
      serviceId,
      setup.rules.map((r) => ({
        service_id: serviceId,
        community_id: service.community_id,
        weekday: r.weekday,
        start_time: r.startTime,
        end_time: r.endTime,
        capacity: r.capacity,
      })),
    )
    await repo.deleteUnbookedSlotsAfter(trx, serviceId, deps.now())
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: service.community_id,
      action: 'booking.setup_saved',
      targetType: 'service',
      targetId: serviceId,
      detail: { settings: s, rules: setup.rules.length },
      requestId,
    })
  })
}

/** Whether the caller runs the community (staff of it, or its street's admin; the street is region's). */
async function runsCommunity(db: Db, auth: Auth, communityId: string): Promise<boolean> {
  const community = await findCommunityById(db, communityId)
  return community !== undefined && canManageCommunity(auth, { id: community.id, streetId: community.streetId })
}

/** The community, if the caller runs it (staff of it, or its street's admin). */
async function managedCommunity(deps: Deps, auth: Auth, communityId: string) {
  const community = await findCommunityById(deps.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  assertCanManageCommunity(auth, { id: community.id, streetId: community.streetId })
  return community
}

/**
 * The local days a closure covers, as instants in the community's zone. A closure starts today or
 * later (past days are history, not closable) and covers at most CLOSURE_DAYS_MAX days.
 */
function closureSpan(deps: Deps, timezone: string, input: { startsOn: string; endsOn: string }) {
  if (input.endsOn < input.startsOn) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endsOn', message: '结束日期不能早于开始日期' }] })
  }
  if (input.startsOn < localDate(deps.now(), timezone)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'startsOn', message: '开始日期不能早于今天' }] })
  }
  if (addDays(input.startsOn, CLOSURE_DAYS_MAX) <= input.endsOn) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endsOn', message: `一次最多暂停${CLOSURE_DAYS_MAX}天` }] })
  }
  return { from: zonedInstant(input.startsOn, '00:00', timezone), to: zonedInstant(addDays(input.endsOn, 1), '00:00', timezone) }
}

async function assertServiceOfCommunity(db: Db, serviceId: string | null | undefined, communityId: string): Promise<void> {
  if (!serviceId) return
  const service = await findServiceById(db, serviceId)
  if (!service || service.community_id !== communityId) throw new AppError('SERVICE_NOT_FOUND')
}

/** A closure starts today at midnight; helpers of a slot already started today keep their shift (they may be serving). */
function notBefore(from: Date, now: Date): Date {
  return from > now ? from : now
}

/** How many open bookings and helper requests a closure would cancel, so the confirmation can say so before anything happens. */
export async function previewClosure(
  deps: Deps,
  auth: Auth,
  query: { communityId: string; serviceId?: string; startsOn: string; endsOn: string },
): Promise<{ bookings: number; helperRequests: number }> {
  const community = await managedCommunity(deps, auth, query.communityId)
  await assertServiceOfCommunity(deps.db, query.serviceId, community.id)
  const { from, to } = closureSpan(deps, community.timezone, query)
  const row = await repo
    .openBookingsBetween(deps.db, { communityId: community.id, serviceId: query.serviceId ?? null }, from, to)
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const helperRequests = await liveHelperRequestsOf(deps.db, await repo.slotIdsBetween(deps.db, { communityId: community.id, serviceId: query.serviceId ?? null }, notBefore(from, deps.now()), to))
  return { bookings: Number(row.n), helperRequests }
}

/**
 * A closure (holiday, facility closed) for one service or the whole community. Bookings already
 * made on those days are cancelled in the same transaction and each resident is told why.
 */
export async function addClosure(deps: Deps, auth: Auth, input: ClosureInput, requestId: string): Promise<{ id: string; cancelled: number; helperRequestsEnded: number }> {
  const community = await managedCommunity(deps, auth, input.communityId)
  await assertServiceOfCommunity(deps.db, input.serviceId, community.id)
  const { from, to } = closureSpan(deps, community.timezone, input)
  return inTransaction(deps.db, async (trx) => {
    const id = await repo.insertClosure(trx, {
      community_id: community.id,
      service_id: input.serviceId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      reason: input.reason,
      created_by: auth.userId,
      lifted_at: null,
      lifted_by: null,
    })
    const rows = await withPlaces(trx, await repo.openBookingsBetween(trx, { communityId: community.id, serviceId: input.serviceId }, from, to).execute())
    for (const row of rows) {
      await repo.setBookingStatus(trx, row.id, { status: 'cancelled', holds_seat: false, status_reason: input.reason })
      if (row.holds_seat) await freeSeat(trx, repo.SLOT_SEATS, row.slot_id)
      await enqueue(trx, {
        kind: BOOKING_MESSAGES.cancelled_by_closure,
        recipient: { userId: row.booked_by, communityId: row.community_id },
        payload: bookingMessagePayload(row, input.reason),
      })
    }
    // Volunteers asked to help on those slots are stood down in the same transaction, and told.
    // Locked: a helper request being made on one of them (holdOpenSlot) is committed and seen first.
    const slotIds = await repo.slotIdsBetween(trx, { communityId: community.id, serviceId: input.serviceId }, notBefore(from, deps.now()), to, true)
    const helperRequestsEnded = await endHelpersOfSlots(trx, slotIds, input.reason, deps.now(), { actorUserId: auth.userId, requestId })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'booking.closure_added',
      targetType: 'closure',
      targetId: id,
      detail: { serviceId: input.serviceId, startsOn: input.startsOn, endsOn: input.endsOn, reason: input.reason, cancelled: rows.length, helperRequestsEnded },
      requestId,
    })
    return { id, cancelled: rows.length, helperRequestsEnded }
  })
}

/** Closures in force from today on, soonest first: of one service (with its community's), or of the whole community. */
export async function listClosures(deps: Deps, auth: Auth, query: z.output<typeof ClosureListQuerySchema>): Promise<ClosurePage> {
  const community = await managedCommunity(deps, auth, query.communityId)
  const rows = await repo.upcomingClosures(deps.db, community.id, query.serviceId, localDate(deps.now(), community.timezone), {
    after: query.cursor ? decodeCursor(query.cursor, 'date') : undefined,
    limit: query.limit + 1,
  })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.starts_on, id: r.id }))
  const services = await servicesByIds(deps.db, page.rows.flatMap((r) => (r.service_id ? [r.service_id] : [])))
  return {
    items: page.rows.map((r) => ({ id: r.id, serviceId: r.service_id, serviceName: r.service_id ? services.get(r.service_id)?.name ?? null : null, startsOn: r.starts_on, endsOn: r.ends_on, reason: r.reason })),
    nextCursor: page.nextCursor,
  }
}

/**
 * Lifts a closure: its days can be booked again. Bookings it cancelled stay cancelled (their
 * residents were told, and may have made other plans); the closure stays on record, audited.
 */
export async function liftClosure(deps: Deps, auth: Auth, closureId: string, requestId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const closure = await repo.lockClosure(trx, closureId)
    if (!closure || !(await runsCommunity(trx, auth, closure.community_id))) throw new AppError('CLOSURE_NOT_FOUND')
    if (closure.lifted_at !== null) throw new AppError('INVALID_STATUS', { message: '该暂停服务安排已经取消过了' })
    await repo.liftClosure(trx, closureId, auth.userId, deps.now())
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: closure.community_id,
      action: 'booking.closure_lifted',
      targetType: 'closure',
      targetId: closureId,
      detail: { serviceId: closure.service_id, startsOn: closure.starts_on, endsOn: closure.ends_on, reason: closure.reason },
      requestId,
    })
  })
}

/** Staff lift a no-show suspension in their community (e.g. the resident was in hospital). */
export async function liftSuspension(deps: Deps, auth: Auth, suspensionId: string, reason: string, requestId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const row = await repo.lockSuspension(trx, suspensionId)
    if (!row || !(await runsCommunity(trx, auth, row.community_id))) throw new AppError('NOT_FOUND')
    if (row.lifted_at !== null) throw new AppError('INVALID_STATUS', { message: '该限制已解除' })
    await repo.liftSuspension(trx, suspensionId, auth.userId, deps.now())
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: row.community_id,
      action: 'booking.suspension_lifted',
      targetType: 'no_show_suspension',
      targetId: suspensionId,
      detail: { reason },
      requestId,
    })
  })
}

/** A community's active suspensions for the staff page, names masked. */
export async function communitySuspensions(deps: Deps, auth: Auth, communityId: string) {
  const community = await managedCommunity(deps, auth, communityId)
  const rows = await withCategoryNames(deps.db, await repo.activeSuspensions(deps.db, { communityId }, deps.now()))
  const people = await peopleByIds(deps.db, deps.cipher, rows.map((r) => r.user_id))
  return { items: rows.map((r) => toSuspension(r, `${maskName(people.get(r.user_id)?.name ?? '')}：${r.reason}`, community.timezone)) }
}
