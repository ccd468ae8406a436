import { type RawBuilder, sql } from 'kysely'
import { type BookingStatus, OPEN_STATUSES } from '@linli/shared'
import type { Db } from '../db/database'
import { preparedRead } from '../db/prepared'
import { type Position, afterPosition } from '../http/cursor'
import { type SeatTables, lockHolder } from '../seats/seats'
import type { AvailabilityRuleTable, BookingSettingsTable, BookingTable, ClosureTable, NoShowSuspensionTable, SlotTable } from './table'
import type { Insertable } from 'kysely'

export function findSettings(db: Db, serviceId: string) {
  return db.selectFrom('booking_settings').selectAll().where('service_id', '=', serviceId).executeTakeFirst()
}

export function findRules(db: Db, serviceId: string) {
  return db.selectFrom('availability_rule').selectAll().where('service_id', '=', serviceId).orderBy('weekday').orderBy('start_time').execute()
}

export function findSettingsOf(db: Db, serviceIds: readonly string[]) {
  return db.selectFrom('booking_settings').selectAll().where('service_id', 'in', serviceIds).execute()
}

export function findRulesOf(db: Db, serviceIds: readonly string[]) {
  return db.selectFrom('availability_rule').selectAll().where('service_id', 'in', serviceIds).orderBy('weekday').orderBy('start_time').execute()
}

/**
 * Materialises slots; existing ones (and their seat counts) are left as they are. Reads the
 * window first so a page view that finds every slot in place writes nothing.
 */
export async function insertSlots(db: Db, slots: Insertable<SlotTable>[]): Promise<void> {
  const first = slots[0]
  if (!first) return
  const times = slots.map((s) => new Date(s.starts_at as Date).getTime())
  const existing = await db
    .selectFrom('slot')
    .select('starts_at')
    .where('service_id', '=', first.service_id)
    .where('starts_at', '>=', new Date(Math.min(...times)))
    .where('starts_at', '<=', new Date(Math.max(...times)))
    .execute()
  const have = new Set(existing.map((e) => e.starts_at.getTime()))
  const missing = slots.filter((s) => !have.has(new Date(s.starts_at as Date).getTime()))
  if (missing.length === 0) return
  await db
    .insertInto('slot')
    .values(missing)
    .onConflict((oc) => oc.columns(['service_id', 'starts_at']).doNothing())
    .execute()
}

export function listSlots(db: Db, serviceId: string, from: Date, to: Date) {
  return db
    .selectFrom('slot')
    .select((eb) => [
      'slot.id',
      'slot.starts_at',
      'slot.ends_at',
      'slot.capacity',
      'slot.booked',
      eb
        .selectFrom('booking')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('booking.slot_id', '=', 'slot.id')
        .where('booking.status', '=', 'waitlisted')
        .as('waitlisted'),
    ])
    .where('slot.service_id', '=', serviceId)
    .where('slot.starts_at', '>=', from)
    .where('slot.starts_at', '<', to)
    .orderBy('slot.starts_at')
    .execute()
}

/** Communities' closures not lifted that end on or after `today` (for a service or a whole community). */
export function findActiveClosures(db: Db, communityIds: readonly string[], today: string) {
  return db
    .selectFrom('closure')
    .select(['id', 'community_id', 'service_id', 'starts_on', 'ends_on', 'reason'])
    .where('community_id', 'in', communityIds)
    .where('lifted_at', 'is', null)
    .where('ends_on', '>=', today)
    .orderBy('starts_on')
    .execute()
}

/** Closures touching [fromDate, toDate] for a service or its whole community. */
export function findClosures(db: Db, communityId: string, serviceId: string, fromDate: string, toDate: string) {
  return db
    .selectFrom('closure')
    .select(['id', 'service_id', 'starts_on', 'ends_on', 'reason'])
    .where('community_id', '=', communityId)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('service_id', 'is', null), eb('service_id', '=', serviceId)]))
    .where('starts_on', '<=', toDate)
    .where('ends_on', '>=', fromDate)
    .execute()
}

/** A slot with its service's booking settings; `view.ts` adds what the rules need of the service and community. */
/** A slot's time and its service's booking settings (not its seats: the seat statement reads those). */
export function findSlotWithSettings(db: Db, slotId: string) {
  return db
    .selectFrom('slot')
    .innerJoin('booking_settings', 'booking_settings.service_id', 'slot.service_id')
    .select([
      'slot.id',
      'slot.service_id',
      'slot.community_id',
      'slot.starts_at',
      'slot.ends_at',
      'booking_settings.min_notice_minutes',
      'booking_settings.max_days_ahead',
      'booking_settings.max_open_per_person',
      'booking_settings.max_per_day_per_person',
      'booking_settings.requires_confirmation',
      'booking_settings.questions',
      'booking_settings.cancel_before_minutes',
      'booking_settings.cancel_by_local_time',
      'booking_settings.check_in_lead_minutes',
    ])
    .where('slot.id', '=', slotId)
    .executeTakeFirst()
}

/** Slots and their bookings, as the seats kernel sees them: a capacity row and its holders. */
export const SLOT_SEATS: SeatTables = {
  capacity: { table: 'slot', taken: 'booked' },
  holders: {
    table: 'booking',
    capacityId: 'slot_id',
    status: 'status',
    waiting: 'waitlisted' satisfies BookingStatus,
    open: OPEN_STATUSES,
    codeScope: 'community_id',
    code: 'check_in_code',
    holdsSeat: 'holds_seat',
  },
}

/** Serialises one served person's bookings so per-person limits hold under concurrent taps (the key seats.lockHoldersAndRow takes for a batch). */
export function lockPerson(db: Db, personKey: string): Promise<void> {
  return lockHolder(db, personKey)
}

const ACTIVE: BookingStatus[] = ['pending', 'confirmed', 'waitlisted', 'checked_in']

type PersonKey = { serviceId: string; bookedBy: string; familyMemberId: string | null }
/** Many people at once (`personRefusals`): who books and for whom, as columns of a set the statement reads. */
type PeopleKey = { serviceId: string; bookedBy: RawBuilder<string>; familyMemberId: RawBuilder<string | null> }
type PersonAsked = { from: Date; to: Date; now: Date; countOpen: boolean; suspendedIn: string | null }

/**
 * The per-person rules' three questions, as sub-selects both `personFacts` and `personRefusal` ask:
 * her active bookings of the service starting in [from, to), her open ones, and a self-booking
 * suspension in force for `suspendedIn` (a category). Her bookings are read by
 * `booking_booker_slot_start`: hers, never the service's. Her rows are found in a sub-select that
 * names only her (OFFSET 0 keeps PostgreSQL from moving the service's condition into it): with the
 * service's condition beside hers, a plan kept for any values (a named statement's generic plan,
 * or statistics from before the rush) read the service's whole waiting list by `booking_service_idx`
 * for every person, 967 rows each in the hot-slot bench, and more with every booking.
 */
function personQueries(db: Db, person: PersonKey | PeopleKey, asked: PersonAsked) {
  const hers = (narrow: (q: ReturnType<typeof herRows>) => ReturnType<typeof herRows>) =>
    db
      .selectFrom(narrow(herRows(db, person.bookedBy)).offset(0).as('booking'))
      .where('booking.service_id', '=', person.serviceId)
      .where('booking.family_member_id', typeof person.familyMemberId === 'object' && person.familyMemberId !== null ? 'is not distinct from' : person.familyMemberId === null ? 'is' : '=', person.familyMemberId)
  return {
    sameDay: hers((q) => q.where('booking.slot_starts_at', '>=', asked.from).where('booking.slot_starts_at', '<', asked.to)).where('booking.status', 'in', ACTIVE),
    open: hers((q) => q.where('booking.status', 'in', ['pending', 'confirmed', 'waitlisted']).where('booking.slot_ends_at', '>', asked.now)),
    suspension: (category: string) =>
      db
        .selectFrom('no_show_suspension')
        .where('user_id', '=', person.bookedBy)
        .where('category_id', '=', category)
        .where('lifted_at', 'is', null)
        .where('until', '>', asked.now),
  }
}

/** A booker's bookings, by her index alone (`personQueries`). */
function herRows(db: Db, bookedBy: string | RawBuilder<string>) {
  return db.selectFrom('booking').select(['booking.id', 'booking.slot_id', 'booking.service_id', 'booking.family_member_id', 'booking.status']).where('booking.booked_by', '=', bookedBy)
}

/**
 * What the per-person rules ask, in one statement (read after the person's lock, so a booking
 * committed a moment ago is counted): the same-day bookings, the open count when `countOpen`, and
 * the end of a suspension in force.
 */
export async function personFacts(db: Db, person: PersonKey, asked: PersonAsked): Promise<{ sameDay: { id: string; slot_id: string }[]; open: number | null; suspendedUntil: Date | null }> {
  const q = personQueries(db, person, asked)
  const row = await db
    .selectNoFrom((eb) => [
      sql<{ id: string; slot_id: string }[]>`(select coalesce(json_agg(day), '[]') from (${q.sameDay.select(['booking.id', 'booking.slot_id'])}) as day)`.as('same_day'),
      (asked.countOpen ? q.open.select(eb.fn.countAll<string>().as('n')) : eb.val(null)).as('open'),
      (asked.suspendedIn === null ? eb.val(null) : q.suspension(asked.suspendedIn).select('until').orderBy('until', 'desc').limit(1)).as('suspended_until'),
    ])
    .executeTakeFirstOrThrow()
  return {
    sameDay: row.same_day,
    open: row.open === null ? null : Number(row.open),
    suspendedUntil: row.suspended_until === null ? null : new Date(row.suspended_until as unknown as string),
  }
}

/**
 * `personFacts` as one condition, true when a rule refuses the booking: a booking of hers in the
 * slot, the day's limit reached, the open limit reached, a suspension in force. The seat statement
 * asks it (`takeSeatAndHold`'s `unless`); `personFacts` then says which, on that path only.
 */
export function personRefusal(db: Db, person: PersonKey | PeopleKey, asked: PersonAsked, limits: { slotId: string; perDay: number | null; open: number | null }) {
  const q = personQueries(db, person, asked)
  const refusals = [sql`exists (${q.sameDay.select('booking.id').where('booking.slot_id', '=', limits.slotId)})`]
  if (limits.perDay !== null) refusals.push(sql`(${q.sameDay.select((eb) => eb.fn.countAll().as('n'))}) >= ${limits.perDay}`)
  if (asked.countOpen && limits.open !== null) refusals.push(sql`(${q.open.select((eb) => eb.fn.countAll().as('n'))}) >= ${limits.open}`)
  if (asked.suspendedIn !== null) refusals.push(sql`exists (${q.suspension(asked.suspendedIn).select('id')})`)
  return sql`(${sql.join(refusals, sql` or `)})`
}

/**
 * `personRefusal` for many people booking one slot together (`seats.takeSeatsTogether`): the
 * positions `n` of `people` (a set with `n`, `booked_by`, `family_member_id`) a rule refuses.
 */
export function personRefusals(db: Db, people: RawBuilder<unknown>, serviceId: string, asked: PersonAsked, limits: { slotId: string; perDay: number | null; open: number | null }) {
  const refusal = personRefusal(db, { serviceId, bookedBy: sql<string>`p.booked_by`, familyMemberId: sql<string | null>`p.family_member_id` }, asked, limits)
  return sql`select p.n from ${people} as p where ${refusal}`
}

export async function insertBooking(db: Db, values: Insertable<BookingTable>): Promise<string> {
  const row = await db.insertInto('booking').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** A booking with its slot's start, locked for the caller's transaction (see `served.ts`). */
export function lockBookingForRating(db: Db, id: string) {
  return db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .select(['booking.id', 'booking.booked_by', 'booking.status', 'booking.served_at', 'slot.starts_at', 'booking.community_id', 'booking.service_id'])
    .where('booking.id', '=', id)
    .forUpdate('booking')
    .executeTakeFirst()
}

/** When each of some bookings' slots starts. */
export function slotStartsOfBookings(db: Db, ids: string[]) {
  return db.selectFrom('booking').innerJoin('slot', 'slot.id', 'booking.slot_id').select(['booking.id', 'slot.starts_at']).where('booking.id', 'in', ids).execute()
}

export async function markRated(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('booking').set({ rated_at: at }).where('id', '=', id).execute()
}

export function lockBooking(db: Db, id: string) {
  return db.selectFrom('booking').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function setBookingStatus(
  db: Db,
  id: string,
  values: { status: BookingStatus; holds_seat?: boolean; status_reason?: string | null; slot_id?: string; served_at?: Date; reminded_at?: Date | null },
): Promise<void> {
  await db
    .updateTable('booking')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/**
 * A booking with its slot and its service's booking settings, for display and for the rules; the
 * service, community and people come from their own domains (`view.ts`), a query each per list.
 */
export function bookingView(db: Db) {
  return db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .innerJoin('booking_settings', 'booking_settings.service_id', 'booking.service_id')
    .select((eb) => [
      'booking.id',
      'booking.status',
      'booking.status_reason',
      'booking.service_id',
      'booking.community_id',
      'booking.booked_by',
      'booking.family_member_id',
      'booking.check_in_code',
      'booking.answers',
      'booking.channel',
      'booking.created_at',
      'booking.holds_seat',
      'booking.slot_id',
      'slot.starts_at',
      'slot.ends_at',
      'booking_settings.cancel_before_minutes',
      'booking_settings.cancel_by_local_time',
      'booking_settings.requires_confirmation',
      'booking_settings.check_in_lead_minutes',
      'booking_settings.questions',
      eb
        .selectFrom('booking as ahead')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('ahead.slot_id', '=', 'booking.slot_id')
        .where('ahead.status', '=', 'waitlisted')
        .whereRef('ahead.created_at', '<', 'booking.created_at')
        .as('waitlist_ahead'),
      eb('booking.rated_at', 'is not', null).as('rated'),
    ])
}
export type BookingViewRow = Awaited<ReturnType<ReturnType<typeof bookingView>['executeTakeFirstOrThrow']>>

const UPCOMING = ['pending', 'confirmed', 'waitlisted', 'checked_in'] as const satisfies readonly BookingStatus[]
const OVER = ['declined', 'cancelled', 'served', 'no_show'] as const satisfies readonly BookingStatus[]

/**
 * A page of her bookings in the slots' order, by booking_booker_slot_start (decision 042): a page
 * costs its rows, not her history. Upcoming (`since` given): not ended and still open, soonest
 * first; a slot that has not ended began after `since` (a slot lies within one local day, 25 hours
 * at most). Past: ended or over, latest first. `fetch` is the page's size and one more, which only
 * tells that there is a next page. Compiled once per shape (decision 043).
 */
const myBookingsPage = preparedRead(
  (db, v: { userId: string; now: Date; fetch: number; since?: Date; afterKey?: Date; afterId?: string }) => {
    const direction = v.since !== undefined ? 'asc' : 'desc'
    const mine = bookingView(db).where('booking.booked_by', '=', v.userId)
    const scoped =
      v.since !== undefined
        ? mine.where('booking.slot_starts_at', '>', v.since).where('booking.slot_ends_at', '>', v.now).where('booking.status', 'in', UPCOMING)
        : mine.where((eb) => eb.or([eb('booking.slot_ends_at', '<=', v.now), eb('booking.status', 'in', OVER)]))
    const after = v.afterKey !== undefined && v.afterId !== undefined ? scoped.where(afterPosition('booking.slot_starts_at', 'booking.id', { key: v.afterKey, id: v.afterId }, direction)) : scoped
    return after.orderBy('booking.slot_starts_at', direction).orderBy('booking.id', direction).limit(v.fetch)
  },
)

/** The board's day under its filters; `own`: a provider's services only (decision 043 for the shapes). */
interface BoardDay {
  communityId: string
  from: Date
  to: Date
  own?: readonly string[]
  serviceId?: string
  status?: BookingStatus
}

function boardDay(db: Db, v: BoardDay) {
  let q = bookingView(db)
    .where('booking.community_id', '=', v.communityId)
    // The same community, said of the slot too: slot_community_start finds the day's slots.
    .where('slot.community_id', '=', v.communityId)
    .where('slot.starts_at', '>=', v.from)
    .where('slot.starts_at', '<', v.to)
  if (v.own !== undefined) q = q.where(sql<boolean>`booking.service_id = any(${v.own}::uuid[])`)
  if (v.serviceId !== undefined) q = q.where('booking.service_id', '=', v.serviceId)
  if (v.status !== undefined) q = q.where('booking.status', '=', v.status)
  return q
}

const boardCount = (db: Db, v: BoardDay) => boardDay(db, v).clearSelect().select((eb) => eb.fn.countAll<string>().as('n'))

/** The board's page in start order (then id); the day's total rides on it (an uncorrelated subquery, run once). */
export const boardPage = preparedRead((db, v: BoardDay & { fetch: number; afterKey?: Date; afterId?: string }) => {
  const q = boardDay(db, v).select(() => boardCount(db, v).as('total'))
  const after = v.afterKey !== undefined && v.afterId !== undefined ? q.where(afterPosition('slot.starts_at', 'booking.id', { key: v.afterKey, id: v.afterId }, 'asc')) : q
  return after.orderBy('slot.starts_at').orderBy('booking.id').limit(v.fetch)
})

/** The day's total alone, for a page past the end (no row carries it). */
export const boardTotal = preparedRead(boardCount)

export function myBookings(db: Db, scope: 'upcoming' | 'past', v: { userId: string; now: Date; since: Date; fetch: number }, after?: Position<Date>) {
  return myBookingsPage(db, { userId: v.userId, now: v.now, fetch: v.fetch, since: scope === 'upcoming' ? v.since : undefined, afterKey: after?.key, afterId: after?.id })
}

/**
 * Open bookings that start within their service's reminder lead time and were not reminded yet,
 * locked (SKIP LOCKED: two workers never remind the same one).
 */
export function lockDueReminders(db: Db, now: Date) {
  return bookingView(db)
    .where('booking.status', 'in', ['pending', 'confirmed'])
    .where('booking.reminded_at', 'is', null)
    .where('slot.starts_at', '>', now)
    .where(sql<boolean>`slot.starts_at <= ${now}::timestamptz + make_interval(mins => booking_settings.reminder_lead_minutes)`)
    .forUpdate('booking')
    .skipLocked()
    .execute()
}

export function markReminded(db: Db, bookingId: string, now: Date) {
  return db.updateTable('booking').set({ reminded_at: now }).where('id', '=', bookingId).execute()
}

export function findBookingView(db: Db, id: string) {
  return bookingView(db).where('booking.id', '=', id).executeTakeFirst()
}

export function findActiveSuspension(db: Db, userId: string, categoryId: string, now: Date) {
  return db
    .selectFrom('no_show_suspension')
    .select(['id', 'until', 'reason'])
    .where('user_id', '=', userId)
    .where('category_id', '=', categoryId)
    .where('lifted_at', 'is', null)
    .where('until', '>', now)
    .executeTakeFirst()
}

/** Suspensions still in force, for one resident or one community. */
export function activeSuspensions(db: Db, scope: { userId: string } | { communityId: string }, now: Date) {
  let query = db
    .selectFrom('no_show_suspension')
    .select(['id', 'community_id', 'user_id', 'category_id', 'until', 'reason'])
    .where('lifted_at', 'is', null)
    .where('until', '>', now)
  query = 'userId' in scope ? query.where('user_id', '=', scope.userId) : query.where('community_id', '=', scope.communityId)
  return query.orderBy('until').execute()
}

/** A person's open bookings (seated or waiting) not yet started, locked, with what giving each up needs. */
export function lockOpenBookingsOf(db: Db, bookedBy: string, now: Date) {
  return db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .innerJoin('booking_settings', 'booking_settings.service_id', 'booking.service_id')
    .select(['booking.id', 'booking.slot_id', 'booking.holds_seat', 'booking_settings.requires_confirmation'])
    .where('booking.booked_by', '=', bookedBy)
    .where('booking.status', 'in', OPEN_STATUSES)
    .where('slot.starts_at', '>', now)
    .orderBy('booking.id')
    .forUpdate('booking')
    .execute()
}

/** Open bookings (seated or waiting) of a community, or of one of its services, starting in [from, to). */
export function openBookingsBetween(db: Db, scope: { communityId: string; serviceId: string | null }, from: Date, to: Date) {
  let query = bookingView(db)
    .where('booking.community_id', '=', scope.communityId)
    .where('booking.status', 'in', ['pending', 'confirmed', 'waitlisted'])
    .where('slot.starts_at', '>=', from)
    .where('slot.starts_at', '<', to)
  if (scope.serviceId) query = query.where('booking.service_id', '=', scope.serviceId)
  return query
}

/** The slots a closure takes out: of one service, or of every service of the community; `lock`: FOR UPDATE (see holdOpenSlot). */
export async function slotIdsBetween(db: Db, scope: { communityId: string; serviceId: string | null }, from: Date, to: Date, lock = false): Promise<string[]> {
  let query = db.selectFrom('slot').select('id').where('community_id', '=', scope.communityId).where('starts_at', '>=', from).where('starts_at', '<', to)
  if (scope.serviceId) query = query.where('service_id', '=', scope.serviceId)
  return (await (lock ? query.orderBy('id').forUpdate() : query).execute()).map((r) => r.id)
}

/** A slot's row held FOR SHARE to the commit: a closure locking its slots waits for the holder. */
export async function shareSlot(db: Db, slotId: string): Promise<void> {
  await db.selectFrom('slot').select('id').where('id', '=', slotId).forShare().execute()
}

export async function insertClosure(db: Db, values: Insertable<ClosureTable>): Promise<string> {
  const row = await db.insertInto('closure').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Closures in force that end on or after `fromDate`: a service's own and its community's, or all of a community's. */
export function upcomingClosures(db: Db, communityId: string, serviceId: string | undefined, fromDate: string, page: { after?: Position<string>; limit: number }) {
  let query = db
    .selectFrom('closure')
    .select(['id', 'service_id', 'starts_on', 'ends_on', 'reason'])
    .where('community_id', '=', communityId)
    .where('lifted_at', 'is', null)
    .where('ends_on', '>=', fromDate)
  if (serviceId) query = query.where((eb) => eb.or([eb('service_id', 'is', null), eb('service_id', '=', serviceId)]))
  if (page.after) query = query.where(afterPosition('closure.starts_on', 'closure.id', page.after, 'asc'))
  return query.orderBy('starts_on').orderBy('id').limit(page.limit).execute()
}

/** A closure, locked so two lifts cannot both pass. */
export function lockClosure(db: Db, id: string) {
  return db
    .selectFrom('closure')
    .select(['id', 'community_id', 'service_id', 'starts_on', 'ends_on', 'reason', 'lifted_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function liftClosure(db: Db, id: string, by: string, at: Date): Promise<void> {
  await db.updateTable('closure').set({ lifted_at: at, lifted_by: by }).where('id', '=', id).execute()
}

/** A person's no-shows in some services (a community's of one category) since `since` (by slot start). */
export async function countNoShows(db: Db, who: { userId: string; serviceIds: readonly string[] }, since: Date): Promise<number> {
  if (who.serviceIds.length === 0) return 0
  const row = await db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('booking.booked_by', '=', who.userId)
    .where('booking.service_id', 'in', who.serviceIds)
    .where('booking.status', '=', 'no_show')
    .where('slot.starts_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertSuspension(db: Db, values: Insertable<NoShowSuspensionTable>): Promise<void> {
  await db.insertInto('no_show_suspension').values(values).execute()
}

/** A suspension, locked so two lifts cannot both pass. */
export function lockSuspension(db: Db, id: string) {
  return db.selectFrom('no_show_suspension').select(['id', 'community_id', 'lifted_at']).where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function liftSuspension(db: Db, id: string, by: string, at: Date): Promise<void> {
  await db.updateTable('no_show_suspension').set({ lifted_at: at, lifted_by: by }).where('id', '=', id).execute()
}

/** The booking a check-in code opens: codes are unique among a community's open bookings (seats/). */
export function findCheckInByCode(db: Db, communityId: string, code: string) {
  return db
    .selectFrom('booking')
    .select('id')
    .where('community_id', '=', communityId)
    .where('check_in_code', '=', code)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirst()
}

export async function upsertSettings(db: Db, serviceId: string, values: Omit<Insertable<BookingSettingsTable>, 'service_id'>): Promise<void> {
  await db
    .insertInto('booking_settings')
    .values({ service_id: serviceId, ...values })
    .onConflict((oc) => oc.column('service_id').doUpdateSet(values))
    .execute()
}

/** A service's weekly rules, replaced as a whole. */
export async function replaceRules(db: Db, serviceId: string, rules: Insertable<AvailabilityRuleTable>[]): Promise<void> {
  await db.deleteFrom('availability_rule').where('service_id', '=', serviceId).execute()
  if (rules.length > 0) await db.insertInto('availability_rule').values(rules).execute()
}

/** Future slots nobody ever booked: dropped so they come back from new rules; booked ones keep their history. */
export async function deleteUnbookedSlotsAfter(db: Db, serviceId: string, after: Date): Promise<void> {
  await db
    .deleteFrom('slot')
    .where('service_id', '=', serviceId)
    .where('starts_at', '>', after)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('booking').select('booking.id').whereRef('booking.slot_id', '=', 'slot.id'))))
    .execute()
}
