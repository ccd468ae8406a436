import {
  type BookRequestSchema,
  type Booking,
  type BookingStatus,
  type BookingSetup,
  OPEN_STATUSES,
  type Slot,
  type SlotQuerySchema,
} from '@linli/shared'
import { randomUUID } from 'node:crypto'
import { type Insertable, sql } from 'kysely'
import type { z } from 'zod'
import { categoryNames, servicesByIds } from '../catalog/lookups'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { afterPosition, decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { enqueue, enqueueEach, enqueueWhen } from '../notify/outbox'
import { auditLook, writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import { familyMemberOf } from '../family/service'
import * as seats from '../seats/seats'
import { TOGETHER, Together, queuePerApp } from '../platform/together'
import { BOOKING_MESSAGES, type BookingMessageKind, bookingMessagePayload } from './messages'
import * as repo from './repository'
import type { BookingTable } from './table'
import { type Rule, closuresOf, ensureDays, rulesOf, settingsOf, slotRowsOf } from './schedule'
import { assertEligible, cancelDeadline, inBookingWindow, maskName } from './rules'
import { type BookingView, type ServedPerson, type SlotContext, findBookingView, findSlotContext, newBookingView, servedPeople, withPlaces } from './view'
import { addDays, isoWeekday, localDate, localMoment, localTime, minutesOf, timeOf, zonedInstant } from '../calendar/local-time'
import { communityZones } from '../calendar/service'

type BookRequest = z.output<typeof BookRequestSchema>

/** The service's booking setup; services without one are not bookable online. All from memory while nothing changes (schedule.ts). */
async function bookableService(db: Db, serviceId: string) {
  const service = (await servicesByIds(db, [serviceId])).get(serviceId)
  if (!service) throw new AppError('SERVICE_NOT_FOUND')
  const [settings, zoneOf] = await Promise.all([settingsOf(db, serviceId), communityZones(db, [service.community_id])])
  if (!settings) throw new AppError('SERVICE_NOT_BOOKABLE')
  return { service: { ...service, timezone: zoneOf(service.community_id) }, settings }
}

export async function getSetup(deps: Deps, serviceId: string): Promise<BookingSetup> {
  const { settings } = await bookableService(deps.db, serviceId)
  const rules = await rulesOf(deps.db, serviceId)
  return {
    settings: {
      mode: settings.mode,
      slotMinutes: settings.slot_minutes,
      minNoticeMinutes: settings.min_notice_minutes,
      maxDaysAhead: settings.max_days_ahead,
      cancelBeforeMinutes: settings.cancel_before_minutes,
      cancelByLocalTime: settings.cancel_by_local_time,
      maxOpenPerPerson: settings.max_open_per_person,
      maxPerDayPerPerson: settings.max_per_day_per_person,
      requiresConfirmation: settings.requires_confirmation,
      reminderLeadMinutes: settings.reminder_lead_minutes,
      checkInLeadMinutes: settings.check_in_lead_minutes,
      questions: settings.questions,
    },
    rules: rules.map((r) => ({ weekday: r.weekday, startTime: r.start_time, endTime: r.end_time, capacity: r.capacity })),
  }
}

/**
 * The slots of some local days, from the weekly rules: a timed service cuts each rule into
 * `slot_minutes` pieces (legal consultation: 30 min, 1 seat), a session service gets one slot per
 * rule (lunch 11:30–12:30, 40 seats).
 */
function slotsFromRules(
  service: { id: string; community_id: string },
  settings: { mode: 'timed' | 'session'; slot_minutes: number | null },
  rules: readonly Rule[],
  tz: string,
  days: readonly string[],
) {
  const slots = []
  for (const date of days) {
    for (const rule of rules.filter((r) => r.weekday === isoWeekday(date))) {
      const start = minutesOf(rule.start_time)
      const end = minutesOf(rule.end_time)
      const step = settings.mode === 'timed' && settings.slot_minutes ? settings.slot_minutes : end - start
      for (let t = start; t + step <= end; t += step) {
        slots.push({
          community_id: service.community_id,
          service_id: service.id,
          starts_at: zonedInstant(date, timeOf(t), tz),
          ends_at: zonedInstant(date, timeOf(t + step), tz),
          capacity: rule.capacity,
        })
      }
    }
  }
  return slots
}

function closureOn(closures: { service_id: string | null; starts_on: string; ends_on: string; reason: string }[], day: string) {
  return closures.find((c) => c.starts_on <= day && c.ends_on >= day) ?? null
}

/** The next days' slots with remaining seats, in the community's time zone. */
export async function listSlots(
  deps: Deps,
  serviceId: string,
  query: z.output<typeof SlotQuerySchema>,
): Promise<{ timezone: string; items: Slot[] }> {
  const { service, settings } = await bookableService(deps.db, serviceId)
  const tz = service.timezone
  const now = deps.now()
  const today = localDate(now, tz)
  const from = query.from ?? today
  // Listing makes slot rows, and anyone may list: only a window that starts on a bookable day is
  // made, so a caller cannot fill the table with year-5000 slots (at most SLOT_DAYS_MAX days on).
  const lastBookableDay = addDays(today, settings.max_days_ahead)
  if (from < today || from > lastBookableDay) {
    throw new AppError('DATE_OUT_OF_RANGE', { message: `可查看的开始日期为 ${today} 至 ${lastBookableDay}` })
  }
  const rules = await rulesOf(deps.db, serviceId)
  await ensureDays(deps.db, serviceId, Array.from({ length: query.days }, (_, i) => addDays(from, i)), (days) => slotsFromRules(service, settings, rules, tz, days))
  const to = addDays(from, query.days)
  const [rows, closures] = await Promise.all([
    slotRowsOf(deps.db, serviceId, zonedInstant(from, '00:00', tz), zonedInstant(to, '00:00', tz)),
    closuresOf(deps.db, service.community_id, today).then((all) => all.filter((c) => c.service_id === null || c.service_id === serviceId)),
  ])
  return {
    timezone: tz,
    items: rows.map((row) => {
      const date = localDate(row.starts_at, tz)
      const closure = closureOn(closures, date)
      const remaining = row.capacity - row.booked
      const state = closure
        ? 'closed'
        : service.status !== 'active' || !inBookingWindow(row.starts_at, settings, tz, now)
          ? 'unavailable'
          : remaining <= 0
            ? 'full'
            : 'open'
      return {
        id: row.id,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        date,
        time: `${localTime(row.starts_at, tz)}–${localTime(row.ends_at, tz)}`,
        capacity: row.capacity,
        remaining: Math.max(remaining, 0),
        waitlisted: Number(row.waitlisted ?? 0),
        state,
        note: closure?.reason ?? null,
      }
    }),
  }
}

/** Who is served: the booker, or one of their family members (亲情代办). */
async function servedPerson(deps: Deps, db: Db, bookerId: string, birthDate: string | null, familyMemberId: string | undefined) {
  if (!familyMemberId) return { familyMemberId: null, birthDate }
  const member = await familyMemberOf(deps, db, bookerId, familyMemberId)
  if (!member) throw new AppError('FAMILY_MEMBER_NOT_FOUND')
  return { familyMemberId: member.id, birthDate: member.birthDate }
}

function validateAnswers(questions: { id: string; label: string; required: boolean; maxLength: number }[], answers: Record<string, string>) {
  const fields = []
  for (const q of questions) {
    const value = answers[q.id]?.trim() ?? ''
    if (q.required && value === '') fields.push({ path: `answers.${q.id}`, message: `请填写：${q.label}` })
    if (value.length > q.maxLength) fields.push({ path: `answers.${q.id}`, message: `${q.label}最多${q.maxLength}字` })
  }
  const known = new Set(questions.map((q) => q.id))
  for (const id of Object.keys(answers)) if (!known.has(id)) fields.push({ path: `answers.${id}`, message: '没有这个问题' })
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
  return Object.fromEntries(questions.filter((q) => answers[q.id]?.trim()).map((q) => [q.id, answers[q.id]?.trim() ?? '']))
}

async function notify(db: Db, bookingId: string, kind: BookingMessageKind, reason?: string | null) {
  const row = await findBookingView(db, bookingId)
  if (!row) return
  await enqueue(db, { kind, recipient: { userId: row.booked_by, communityId: row.community_id }, payload: bookingMessagePayload(row, reason) })
}

/**
 * 1. The slot can be booked at all: its service is in operation, no closure covers its day, it is in
 * the booking window. On `deps.db` the closures come from memory (schedule.ts), so a booking asks
 * them before its transaction.
 */
async function assertSlotBookable(db: Db, slot: SlotContext, now: Date): Promise<void> {
  if (slot.service_status !== 'active') throw new AppError('SERVICE_NOT_BOOKABLE', { message: '该服务暂停中' })
  const day = localDate(slot.starts_at, slot.timezone)
  const closures = (await closuresOf(db, slot.community_id, localDate(now, slot.timezone))).filter((c) => c.service_id === null || c.service_id === slot.service_id)
  const closure = closureOn([...closures], day)
  if (closure) throw new AppError('SLOT_CLOSED', { message: `该时段暂停预约：${closure.reason}` })
  if (!inBookingWindow(slot.starts_at, slot, slot.timezone, now)) throw new AppError('OUTSIDE_BOOKING_WINDOW')
}

type Person = { bookerId: string; communityId: string | null; familyMemberId: string | null; birthDate: string | null }
type PersonOptions = { channel: 'self' | 'walk_in'; now: Date; moving?: string }

/**
 * The person may hold a seat in `slot` — the rules every way into a slot shares (booking, rescheduling):
 * 2. The person served is eligible (residence, age on the day, child range).
 * 3. Self-booking is not suspended; per-person limits (bookings a day, open bookings in the service) and no second seat in one slot,
 *    checked under a per-person lock (`lockKey`) so two taps at once cannot both pass. A booking being moved
 *    (`moving`) does not count against itself.
 * Returns what the per-person rules ask (`asked`), for the caller to ask them under her lock.
 */
function personRules(slot: SlotContext, person: Person, options: PersonOptions) {
  const day = localDate(slot.starts_at, slot.timezone)
  // 2.
  assertEligible(slot, { communityId: person.communityId }, { birthDate: person.birthDate }, day)
  return {
    lockKey: `${person.bookerId}:${person.familyMemberId ?? 'self'}`,
    person: { serviceId: slot.service_id, bookedBy: person.bookerId, familyMemberId: person.familyMemberId },
    asked: {
      from: zonedInstant(day, '00:00', slot.timezone),
      to: zonedInstant(addDays(day, 1), '00:00', slot.timezone),
      now: options.now,
      countOpen: slot.max_open_per_person !== null && !options.moving,
      suspendedIn: options.channel === 'self' ? slot.category_id : null,
    },
  }
}

/** `personRules`, then her lock: what is read after it has every booking of hers committed before. */
async function lockPersonMayBook(db: Db, slot: SlotContext, person: Person, options: PersonOptions) {
  const rules = personRules(slot, person, options)
  await repo.lockPerson(db, rules.lockKey)
  return rules
}

/** 3. as one statement after the lock, refused with the rule's code and message. */
async function assertPersonMayBook(db: Db, slot: SlotContext, person: Person, options: PersonOptions): Promise<void> {
  const { person: whose, asked } = await lockPersonMayBook(db, slot, person, options)
  refuseByFacts(slot, await repo.personFacts(db, whose, asked), options)
}

function refuseByFacts(slot: SlotContext, facts: Awaited<ReturnType<typeof repo.personFacts>>, options: PersonOptions): void {
  if (facts.suspendedUntil) {
    throw new AppError('BOOKING_SUSPENDED', {
      message: `因多次未到场，${localDate(facts.suspendedUntil, slot.timezone)}前暂停自助预约此类服务，可到社区窗口办理`,
    })
  }
  const sameDay = facts.sameDay.filter((b) => b.id !== options.moving)
  if (sameDay.some((b) => b.slot_id === slot.id)) throw new AppError('ALREADY_BOOKED')
  if (slot.max_per_day_per_person !== null && sameDay.length >= slot.max_per_day_per_person) {
    throw new AppError('BOOKING_LIMIT_REACHED', { message: `该服务每人每天最多预约${slot.max_per_day_per_person}次` })
  }
  if (slot.max_open_per_person !== null && facts.open !== null && facts.open >= slot.max_open_per_person) {
    throw new AppError('BOOKING_LIMIT_REACHED', { message: `该服务同时最多保留${slot.max_open_per_person}个预约，请先完成或取消已有预约` })
  }
}

/**
 * Books a seat for the booker or a family member.
 * 1. The slot is bookable (`assertSlotBookable`).
 * 2.–3. The person may hold a seat in it (`personRules`, asked under her lock); the answers fit the service's questions.
 * 4. The seat is taken by one conditional UPDATE in the same transaction as the booking row; a full
 *    slot offers the waitlist (`joinWaitlist`) or answers SLOT_FULL. Those who book the same slot
 *    at the same moment share that transaction (`platform/together`, docs/decisions/045).
 * 5. Pending when staff confirm bookings, else confirmed; the outbox gets the message in the same transaction.
 */
export async function book(
  deps: Deps,
  booker: { userId: string; communityId: string | null; birthDate: string | null },
  request: BookRequest,
  channel: 'self' | 'walk_in',
): Promise<Booking> {
  const slot = await bookableSlot(deps, request.slotId)
  const ask = await askForSeat(deps, deps.db, slot, booker, request, channel)
  const held = await slotQueue(deps.db).join(slot.id, ask.rules.lockKey, { slot, ask })
  if (!held) return refused(deps.db, slot, ask)
  return toSingleBooking(deps, heldView(slot, ask, held), 'booker')
}

type Asked = { slot: SlotContext; ask: SeatAsk }

/**
 * This app's bookings waiting per slot: one transaction takes the seats of all who asked meanwhile.
 * One batch of a slot at a time (sign-ups run two): with two, 20 residents booking over and over
 * split into batches of 1–3 and 16–18, and the hot slot ran at 0.40–0.48 of its raw bound; with
 * one, 0.46–0.57 (docs/decisions/048).
 */
const slotQueue = queuePerApp(
  (db: Db) =>
    new Together<Asked, seats.HeldSeat | null>((slotId, batch) => inTransaction(db, (trx) => bookTogether(trx, slotId, batch)), {
      ...TOGETHER,
      inFlight: 1,
      shared: (err) => err instanceof AppError,
    }),
)

/** 3.–5. for bookings of one slot at once: everyone's lock (`repo.lockPerson`'s, in one order) and the slot's, then the seats, the rules, the rows and the messages in one statement. */
async function bookTogether(trx: Db, slotId: string, batch: readonly Asked[]): Promise<(seats.HeldSeat | null)[]> {
  const first = batch[0]
  if (!first) return []
  const { slot } = first
  const asks = batch.map((b) => b.ask)
  // One set of rules for all (the same slot, so the same day and service): a caller mixing channels asks one at a time.
  if (asks.some((a) => a.options.channel !== first.ask.options.channel)) throw new Error('bookTogether: one channel per batch')
  await seats.lockHoldersAndRow(
    trx,
    repo.SLOT_SEATS,
    slotId,
    asks.map((a) => a.rules.lockKey),
  )
  const messages = asks.map((a) => ({ recipient: { userId: a.booker.userId, communityId: slot.community_id }, payload: bookingMessagePayload({ ...slot, id: a.id }) }))
  return seats.takeSeatsTogether(trx, repo.SLOT_SEATS, slotId, {
    columns: seats.columnsOf(
      BOOKING_COLUMNS,
      asks.map((a) => bookingRow(slot, a)),
    ),
    seated: seatedStatus(slot),
    waiting: 'waitlisted' satisfies BookingStatus,
    mayWait: asks.map((a) => a.joinWaitlist),
    codeIn: slot.community_id,
    // 3. Asked of everyone in the statement, after their locks; the channel and day are the slot's, so the rules are one.
    refused: (input) => repo.personRefusals(trx, input, slot.service_id, first.ask.rules.asked, { slotId: slot.id, perDay: slot.max_per_day_per_person, open: slot.max_open_per_person }),
    also: (held) => [
      ...enqueueEach(
        messages.map((m) => ({ kind: BOOKING_MESSAGES.booked, ...m })),
        sql`select n from ${held} where seated`,
      ),
      ...enqueueEach(
        messages.map((m) => ({ kind: BOOKING_MESSAGES.waitlisted, ...m })),
        sql`select n from ${held} where not seated`,
      ),
    ],
  })
}

/** The columns a booking is written with (its status, seat and code come from the seat statement), and their SQL types. */
const BOOKING_COLUMNS = { id: 'uuid', community_id: 'uuid', service_id: 'uuid', slot_id: 'uuid', booked_by: 'uuid', family_member_id: 'uuid', answers: 'jsonb', channel: 'text' } as const

function bookingRow(slot: SlotContext, ask: SeatAsk): Record<keyof typeof BOOKING_COLUMNS, unknown> & Omit<Insertable<BookingTable>, 'status' | 'holds_seat' | 'check_in_code'> {
  return {
    id: ask.id,
    community_id: slot.community_id,
    service_id: slot.service_id,
    slot_id: slot.id,
    booked_by: ask.booker.userId,
    family_member_id: ask.served.familyMemberId,
    answers: JSON.stringify(ask.answers),
    channel: ask.options.channel,
  }
}

function seatedStatus(slot: SlotContext): BookingStatus {
  return slot.requires_confirmation ? 'pending' : 'confirmed'
}

/** What asking for a seat needs, worked out before any lock: who is served, her answers, the rules to ask. */
type SeatAsk = Awaited<ReturnType<typeof askForSeat>>

async function askForSeat(
  deps: Deps,
  db: Db,
  slot: SlotContext,
  booker: { userId: string; communityId: string | null; birthDate: string | null },
  request: Omit<BookRequest, 'slotId'>,
  channel: 'self' | 'walk_in',
) {
  const now = deps.now()
  // 2.–3.
  const served = await servedPerson(deps, db, booker.userId, booker.birthDate, request.familyMemberId)
  const answers = validateAnswers(slot.questions, request.answers)
  const options: PersonOptions = { channel, now }
  const rules = personRules(slot, { bookerId: booker.userId, communityId: booker.communityId, familyMemberId: served.familyMemberId, birthDate: served.birthDate }, options)
  return { id: randomUUID(), booker, served, answers, options, rules, joinWaitlist: request.joinWaitlist === true }
}

/** Nothing was written: the rule that refused her, asked again; else the slot was full. */
async function refused(db: Db, slot: SlotContext, ask: SeatAsk): Promise<never> {
  refuseByFacts(slot, await repo.personFacts(db, ask.rules.person, ask.rules.asked), ask.options)
  // No rule refuses it now: full without the waiting list, or (a waiting list asked for) what
  // refused it was undone between the two statements by someone else, and a retry books it.
  throw new AppError(ask.joinWaitlist ? 'CONFLICT' : 'SLOT_FULL')
}

/** The booking as written, from what was asked and what the seat statement returned (not read back). */
function heldView(slot: SlotContext, ask: SeatAsk, held: { seated: boolean; checkInCode: string | null; createdAt: Date; waitingAhead: number | null }): BookingView {
  return newBookingView(slot, {
    id: ask.id,
    status: held.seated ? seatedStatus(slot) : 'waitlisted',
    booked_by: ask.booker.userId,
    family_member_id: ask.served.familyMemberId,
    check_in_code: held.checkInCode ?? '',
    answers: ask.answers,
    channel: ask.options.channel,
    created_at: held.createdAt,
    holds_seat: held.seated,
    waitingAhead: held.waitingAhead,
  })
}

/**
 * For a transaction that adds to a slot (a volunteer helper request): holds the slot's row FOR
 * SHARE to the commit and answers the closure covering its day, read fresh. A closure being added
 * locks its slots, so it either waits for this transaction and then finds what it added, or is
 * committed before and returned here.
 */
export async function holdOpenSlot(trx: Db, slot: SlotContext): Promise<{ reason: string } | null> {
  await repo.shareSlot(trx, slot.id)
  const day = localDate(slot.starts_at, slot.timezone)
  return closureOn(await repo.findClosures(trx, slot.community_id, slot.service_id, day, day), day)
}

/**
 * 1. The slot, checked bookable (after `authorise`, which may refuse the caller) before any transaction: its service's and community's facts and
 * the closures are read from memory on `deps.db` (inside a transaction they would be queried). The
 * seat statement re-checks what can change under it (the seats); a closure added in the same instant
 * cancels this booking with the others it finds, as it would a booking committed a moment earlier.
 */
export async function bookableSlot(deps: Deps, slotId: string, authorise: (slot: SlotContext) => void = () => undefined): Promise<SlotContext> {
  const slot = await findSlotContext(deps.db, slotId)
  if (!slot) throw new AppError('SLOT_NOT_FOUND')
  authorise(slot)
  await assertSlotBookable(deps.db, slot, deps.now())
  return slot
}

/**
 * `book`'s work in the caller's transaction (a walk-in registers the person in the same one), on a
 * slot `bookableSlot` checked; returns the booking's id, and whether a seat came free while it
 * joined the waiting list (the caller then runs seats.fillSeats once committed).
 */
export async function bookIn(
  deps: Deps,
  trx: Db,
  slot: SlotContext,
  booker: { userId: string; communityId: string | null; birthDate: string | null },
  request: Omit<BookRequest, 'slotId'>,
  channel: 'self' | 'walk_in',
): Promise<{ id: string; seatFreed: boolean; view: BookingView }> {
  const ask = await askForSeat(deps, trx, slot, booker, request, channel)
  await repo.lockPerson(trx, ask.rules.lockKey)
  // 4.–5. Everything else is done before the seat: the slot row is locked from this statement to the commit.
  const message = { recipient: { userId: booker.userId, communityId: slot.community_id }, payload: bookingMessagePayload({ ...slot, id: ask.id }) }
  const held = await seats.takeSeatAndHold(trx, repo.SLOT_SEATS, slot.id, {
    values: bookingRow(slot, ask),
    codeIn: slot.community_id,
    seated: seatedStatus(slot),
    waiting: ask.joinWaitlist ? ('waitlisted' satisfies BookingStatus) : null,
    also: (when) => [
      ...enqueueWhen({ kind: BOOKING_MESSAGES.booked, ...message }, when.seated),
      ...enqueueWhen({ kind: BOOKING_MESSAGES.waitlisted, ...message }, when.waiting),
    ],
    // 3. The per-person rules refuse it in the same statement; which one is asked only when one does.
    unless: repo.personRefusal(trx, ask.rules.person, ask.rules.asked, { slotId: slot.id, perDay: slot.max_per_day_per_person, open: slot.max_open_per_person }),
  })
  if (!held) return refused(trx, slot, ask)
  return { id: ask.id, seatFreed: held.seatFreed, view: heldView(slot, ask, held) }
}

/**
 * Gives a seat back, or hands it straight to the first person waiting, in the caller's transaction:
 * the promoted booking is confirmed (or pending) and told so through the outbox.
 */
export async function releaseOrPromote(db: Db, slotId: string, requiresConfirmation: boolean): Promise<void> {
  await seats.releaseSeat(db, repo.SLOT_SEATS, slotId, promoter(db, requiresConfirmation))
}

/** What seating a waiting booking means: confirmed (or pending when staff confirm), and told. */
function promoter(db: Db, requiresConfirmation: boolean) {
  return async (bookingId: string) => {
    await repo.setBookingStatus(db, bookingId, { status: requiresConfirmation ? 'pending' : 'confirmed', holds_seat: true })
    await notify(db, bookingId, BOOKING_MESSAGES.promoted)
  }
}

/**
 * A deleted account gives up its open bookings that have not started, in the caller's transaction:
 * each is cancelled and its seat goes back, or to the first person waiting, as her own cancel
 * does. The cut-off does not hold them: nobody is left to come. Returns how many.
 */
export async function cancelOpenBookingsOf(db: Db, userId: string, now: Date, reason: string): Promise<number> {
  const rows = await repo.lockOpenBookingsOf(db, userId, now)
  for (const row of rows) {
    await repo.setBookingStatus(db, row.id, { status: 'cancelled', holds_seat: false, status_reason: reason })
    if (row.holds_seat) await releaseOrPromote(db, row.slot_id, row.requires_confirmation)
  }
  return rows.length
}

/**
 * A resident cancels their own booking.
 * 1. Only the booker, only an open booking, only before the cut-off (e.g. meals before 09:30 that day).
 * 2. The seat goes back, or to the first on the waitlist, in the same transaction.
 */
export async function cancelOwn(deps: Deps, auth: Auth, bookingId: string, reason: string): Promise<Booking> {
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockBooking(trx, bookingId)
    const view = locked && (await findBookingView(trx, bookingId))
    // 1.
    if (!locked || !view || locked.booked_by !== auth.userId) throw new AppError('BOOKING_NOT_FOUND')
    if (!(OPEN_STATUSES as readonly string[]).includes(locked.status)) throw new AppError('INVALID_STATUS')
    if (deps.now() >= cancelDeadline(view.starts_at, view, view.timezone)) throw new AppError('CANCEL_DEADLINE_PASSED')
    await repo.setBookingStatus(trx, bookingId, { status: 'cancelled', holds_seat: false, status_reason: reason })
    // 2.
    if (locked.holds_seat) await releaseOrPromote(trx, locked.slot_id, view.requires_confirmation)
  })
  return getBookingFor(deps, bookingId, auth.userId)
}

/**
 * Moves a booking to another slot of the same service, under every rule a new booking meets.
 * 1. Only the booker, only a pending or confirmed booking, only before its cancel cut-off.
 * 2. The new slot is of the same service and bookable (`assertSlotBookable`).
 * 3. The person served may hold a seat in it (`assertPersonMayBook`: eligibility on the new day, a no-show
 *    suspension, one meal a day…), the moved booking not counting against itself.
 * 4. Both slot rows are locked in one fixed order (by id), so two residents moving in opposite directions
 *    queue behind each other instead of deadlocking.
 * 5. The new seat is taken before the old one is given up (to the first on its waitlist): a full slot changes nothing.
 */
export async function reschedule(deps: Deps, auth: Auth, bookingId: string, newSlotId: string): Promise<Booking> {
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    // 1.
    const locked = await repo.lockBooking(trx, bookingId)
    const view = locked && (await findBookingView(trx, bookingId))
    if (!locked || !view || locked.booked_by !== auth.userId) throw new AppError('BOOKING_NOT_FOUND')
    if (locked.status !== 'pending' && locked.status !== 'confirmed') throw new AppError('INVALID_STATUS')
    if (now >= cancelDeadline(view.starts_at, view, view.timezone)) throw new AppError('CANCEL_DEADLINE_PASSED')
    // 2.
    const target = await findSlotContext(trx, newSlotId)
    if (!target || target.service_id !== locked.service_id) throw new AppError('SLOT_NOT_FOUND')
    if (target.id === locked.slot_id) throw new AppError('ALREADY_BOOKED')
    await assertSlotBookable(trx, target, now)
    // 3.
    const served = await servedPerson(deps, trx, auth.userId, auth.birthDate, locked.family_member_id ?? undefined)
    await assertPersonMayBook(
      trx,
      target,
      { bookerId: auth.userId, communityId: auth.communityId, familyMemberId: served.familyMemberId, birthDate: served.birthDate },
      { channel: 'self', now, moving: bookingId },
    )
    // 4.
    await seats.lockInOrder(trx, repo.SLOT_SEATS, [locked.slot_id, target.id])
    // 5.
    if (!(await seats.takeSeat(trx, repo.SLOT_SEATS, target.id))) throw new AppError('SLOT_FULL')
    await repo.setBookingStatus(trx, bookingId, { status: locked.status, slot_id: target.id, holds_seat: true, reminded_at: null })
    await releaseOrPromote(trx, locked.slot_id, view.requires_confirmation)
    await enqueue(trx, {
      kind: BOOKING_MESSAGES.rescheduled,
      recipient: { userId: auth.userId, communityId: locked.community_id },
      payload: {
        ...bookingMessagePayload({ ...view, starts_at: target.starts_at, ends_at: target.ends_at }),
        fromDate: localDate(view.starts_at, view.timezone),
        fromTime: `${localTime(view.starts_at, view.timezone)}–${localTime(view.ends_at, view.timezone)}`,
      },
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: locked.community_id,
      action: 'booking.rescheduled',
      targetType: 'booking',
      targetId: bookingId,
      detail: { from: locked.slot_id, to: target.id },
    })
  })
  return getBookingFor(deps, bookingId, auth.userId)
}

/**
 * Answers with their questions' labels, in the service's order (忌口：少盐软烂). An answer to a
 * question the service has since removed keeps a neutral label rather than disappearing.
 */
function answerItems(questions: { id: string; label: string }[], answers: Record<string, string>) {
  const known = questions.filter((q) => answers[q.id]).map((q) => ({ label: q.label, value: answers[q.id] ?? '' }))
  const asked = new Set(questions.map((q) => q.id))
  const removed = Object.entries(answers).filter(([id]) => !asked.has(id)).map(([, value]) => ({ label: '预约时填写', value }))
  return [...known, ...removed]
}

/** Row → API shape. The booker sees names and the code; staff see names masked. */
function toBooking(deps: Deps, row: BookingView, viewer: 'booker' | 'staff', served: ServedPerson): Booking {
  const deadline = cancelDeadline(row.starts_at, row, row.timezone)
  const open = (OPEN_STATUSES as readonly string[]).includes(row.status)
  const name = served.name
  return {
    id: row.id,
    status: row.status,
    statusReason: row.status_reason,
    serviceId: row.service_id,
    serviceName: row.service_name,
    communityId: row.community_id,
    place: row.facility_name,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    date: localDate(row.starts_at, row.timezone),
    time: `${localTime(row.starts_at, row.timezone)}–${localTime(row.ends_at, row.timezone)}`,
    servedName: viewer === 'booker' ? name : maskName(name),
    servedRelation: served.relation,
    checkInCode: viewer === 'booker' && open ? row.check_in_code : null,
    waitlistPosition: row.status === 'waitlisted' ? Number(row.waitlist_ahead ?? 0) + 1 : null,
    answers: row.answers,
    answerItems: answerItems(row.questions, row.answers),
    channel: row.channel,
    viewer,
    canCancel: viewer === 'booker' && open && deps.now() < deadline,
    rated: Boolean(row.rated),
    cancelDeadline: open ? deadline.toISOString() : null,
    cancelDeadlineLocal: open ? localMoment(deadline, row.timezone) : null,
    createdAt: row.created_at.toISOString(),
  }
}

/** Rows → API shape, who each serves asked of auth and family once for the whole list. */
export async function toBookings(deps: Deps, rows: BookingView[], viewer: 'booker' | 'staff'): Promise<Booking[]> {
  const servedOf = await servedPeople(deps.db, deps.cipher, rows)
  return rows.map((row) => toBooking(deps, row, viewer, servedOf(row)))
}

export async function toSingleBooking(deps: Deps, row: BookingView, viewer: 'booker' | 'staff'): Promise<Booking> {
  const servedOf = await servedPeople(deps.db, deps.cipher, [row])
  return toBooking(deps, row, viewer, servedOf(row))
}

async function getBookingFor(deps: Deps, bookingId: string, userId: string): Promise<Booking> {
  const row = await findBookingView(deps.db, bookingId)
  if (!row || row.booked_by !== userId) throw new AppError('BOOKING_NOT_FOUND')
  return toSingleBooking(deps, row, 'booker')
}

/**
 * A booking as its booker sees it, or as staff of its community (or its provider) see it —
 * whose look is written to the audit log.
 */
export async function getBooking(deps: Deps, auth: Auth, bookingId: string, requestId: string): Promise<Booking> {
  const row = await findBookingView(deps.db, bookingId)
  if (!row) throw new AppError('BOOKING_NOT_FOUND')
  if (row.booked_by === auth.userId) return toSingleBooking(deps, row, 'booker')
  const asStaff =
    canManageCommunity(auth, { id: row.community_id, streetId: row.street_id }) ||
    auth.grants.some((g) => g.role === 'provider' && g.providerId === row.provider_id)
  if (!asStaff) throw new AppError('BOOKING_NOT_FOUND')
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId: row.community_id,
    action: 'booking.viewed',
    targetType: 'booking',
    targetId: row.id,
    requestId,
  })
  return toSingleBooking(deps, row, 'staff')
}

/** My bookings: upcoming soonest first, or past (and finished) latest first, cursor-paginated. */
export async function listMine(
  deps: Deps,
  auth: Auth,
  query: { scope: 'upcoming' | 'past'; cursor?: string; limit: number },
): Promise<{ items: Booking[]; nextCursor: string | null }> {
  const now = deps.now()
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.myBookings(deps.db, query.scope, { userId: auth.userId, now, since: new Date(now.getTime() - 2 * 86_400_000), fetch: query.limit + 1 }, after)
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.starts_at, id: r.id }))
  return { items: await toBookings(deps, await withPlaces(deps.db, page.rows), 'booker'), nextCursor: page.nextCursor }
}

/** Active no-show suspensions of a resident, with the reason shown to them. */
export async function listSuspensions(deps: Deps, userId: string) {
  const rows = await withCategoryNames(deps.db, await repo.activeSuspensions(deps.db, { userId }, deps.now()))
  const zoneOf = await communityZones(deps.db, rows.map((r) => r.community_id))
  return { items: rows.map((r) => toSuspension(r, r.reason, zoneOf(r.community_id))) }
}

/** Suspensions with their category's name, asked of catalog once for the list. */
export async function withCategoryNames<R extends { category_id: string }>(db: Db, rows: R[]): Promise<(R & { category_name: string })[]> {
  const names = await categoryNames(db, rows.map((r) => r.category_id))
  return rows.map((r) => ({ ...r, category_name: names.get(r.category_id)?.name ?? r.category_id }))
}

export function toSuspension(row: { id: string; category_id: string; category_name: string; until: Date }, reason: string, tz: string) {
  return { id: row.id, categoryId: row.category_id, categoryName: row.category_name, until: row.until.toISOString(), untilLocal: localMoment(row.until, tz), reason }
}

/** The served bookings of some slots: whom volunteers serving those slots helped (volunteer's 评价情况). */
export async function servedBookingIdsOfSlots(db: Db, slotIds: readonly string[]): Promise<string[]> {
  if (slotIds.length === 0) return []
  const rows = await db.selectFrom('booking').select('id').where('slot_id', 'in', [...slotIds]).where('status', '=', 'served').execute()
  return rows.map((r) => r.id)
}
