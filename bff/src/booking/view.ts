import type { CategoryId, ServiceStatus } from '@linli/shared'
import { peopleByIds } from '../auth/residents'
import { keptById } from '../cache/kept'
import { servicesByIds } from '../catalog/lookups'
import type { Db } from '../db/database'
import { familyMembersByIds } from '../family/service'
import type { FieldCipher } from '../platform/crypto'
import { communitiesByIds } from '../region/service'
import * as repo from './repository'

/**
 * Booking's rows with what they refer to in other domains — the service and its place (catalog),
 * the community (region), who is served (auth, family) — asked of those domains by id, one query
 * per domain for a whole list, never per row (DESIGN.md: a domain reads only its own tables).
 */

/** What booking's rules and messages need of a row's service and community. */
export interface Place {
  service_name: string
  category_id: CategoryId
  provider_id: string | null
  service_status: ServiceStatus
  min_age: number | null
  child_min_age: number | null
  child_max_age: number | null
  residents_only: boolean
  facility_name: string | null
  timezone: string
  street_id: string
  rating_window_days: number
  rectification_working_days: number
}

/** A foreign key guarantees the row; its absence is a broken database, not a bad request. */
function required<V>(map: Map<string, V>, id: string, what: string): V {
  const value = map.get(id)
  if (value === undefined) throw new Error(`booking refers to a missing ${what} ${id}`)
  return value
}

/** Rows with their service's and community's facts (two queries however many rows). */
export async function withPlaces<R extends { service_id: string; community_id: string }>(db: Db, rows: R[]): Promise<(R & Place)[]> {
  const [services, communities] = await Promise.all([
    servicesByIds(db, rows.map((r) => r.service_id)),
    communitiesByIds(db, rows.map((r) => r.community_id)),
  ])
  // Object.assign, not `{ ...row, service_name, … }`: on Node 20 a spread followed by more
  // properties cost ~35 µs a row (the staff board's biggest cost, decision 045); assign ~2 µs.
  return rows.map((row) => Object.assign({}, row, placeOf(required(services, row.service_id, 'service'), required(communities, row.community_id, 'community'))))
}

function placeOf(
  service: Awaited<ReturnType<typeof servicesByIds>> extends Map<string, infer S> ? S : never,
  community: Awaited<ReturnType<typeof communitiesByIds>> extends Map<string, infer C> ? C : never,
): Place {
  return {
    service_name: service.name,
    category_id: service.category_id,
    provider_id: service.provider_id,
    service_status: service.status,
    min_age: service.min_age,
    child_min_age: service.child_min_age,
    child_max_age: service.child_max_age,
    residents_only: service.residents_only,
    facility_name: service.facility_name,
    timezone: community.timezone,
    street_id: community.street_id,
    rating_window_days: community.rating_window_days,
    rectification_working_days: community.rectification_working_days,
  }
}

async function withPlace<R extends { service_id: string; community_id: string }>(db: Db, row: R | undefined): Promise<(R & Place) | undefined> {
  return row && (await withPlaces(db, [row]))[0]
}

export type BookingView = repo.BookingViewRow & Place

export function findBookingView(db: Db, id: string): Promise<BookingView | undefined> {
  return repo.bookingView(db).where('booking.id', '=', id).executeTakeFirst().then((row) => withPlace(db, row))
}

/** A slot with everything the booking rules need about its service and community. */
export type SlotContext = NonNullable<Awaited<ReturnType<typeof repo.findSlotWithSettings>>> & Place

export async function findSlotContext(db: Db, slotId: string): Promise<SlotContext | undefined> {
  // A slot's time, service and community never change, and its settings are the schedule's: kept
  // until the schedule changes (a setup change is also what drops slots). Its seats are not in it:
  // they change with every booking, and the seat statement reads them.
  const kept = await keptById(db, 'schedule', 'slot-context', [slotId], async ([id]) => {
    const row = id === undefined ? undefined : await repo.findSlotWithSettings(db, id)
    return row ? [row] : []
  }, (r) => r.id)
  return withPlace(db, kept.get(slotId))
}

/**
 * The view of a booking just written in `slot`, from what the booking knew and the seat statement
 * returned: what `findBookingView` would read back a moment later, without reading it.
 */
export function newBookingView(
  slot: SlotContext,
  row: Pick<BookingView, 'id' | 'status' | 'booked_by' | 'family_member_id' | 'check_in_code' | 'answers' | 'channel' | 'created_at' | 'holds_seat'> & { waitingAhead: number | null },
): BookingView {
  const { waitingAhead, ...booking } = row
  return Object.assign({}, slot, booking, { status_reason: null, slot_id: slot.id, waitlist_ahead: waitingAhead === null ? null : String(waitingAhead), rated: false })
}

/** A booking with what rating needs of it, locked for the caller's transaction (see `served.ts`). */
export async function lockBookingForRating(trx: Db, bookingId: string) {
  return withPlace(trx, await repo.lockBookingForRating(trx, bookingId))
}

/** Who each booking serves: the booker, or the family member it was made for (removed ones too). */
export interface ServedPerson {
  name: string
  relation: string | null
}

/** Who each booking serves (two queries however many bookings): a look-up for each of `rows`. */
export async function servedPeople(
  db: Db,
  cipher: FieldCipher,
  rows: readonly { booked_by: string; family_member_id: string | null }[],
): Promise<(row: { booked_by: string; family_member_id: string | null }) => ServedPerson> {
  const [people, members] = await Promise.all([
    peopleByIds(db, cipher, rows.filter((r) => r.family_member_id === null).map((r) => r.booked_by)),
    familyMembersByIds(db, cipher, rows.flatMap((r) => (r.family_member_id === null ? [] : [r.family_member_id]))),
  ])
  return (row) =>
    row.family_member_id === null
      ? { name: required(people, row.booked_by, 'person').name, relation: null }
      : required(members, row.family_member_id, 'family member')
}
