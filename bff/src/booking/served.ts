import type { Db } from '../db/database'
import { bookingMessagePayload } from './messages'
import * as repo from './repository'
import { findBookingView, lockBookingForRating } from './view'

/**
 * Booking's face to other domains: what they may learn of, or tell, booking's tables (DESIGN.md: a
 * domain reads and writes only its own tables), and the `booking.served` event.
 */

/** What rating needs of a booking it rates. */
export type ServedBooking = NonNullable<Awaited<ReturnType<typeof lockBookingForRating>>>

/**
 * The booking a rating is about, locked (FOR UPDATE) for the rest of the caller's transaction so
 * two ratings of one booking queue: who booked, its status and when it was served, its slot's
 * start, the service's category and provider, and the community's zone and 好差评 settings.
 */
export function findServedBookingForRating(trx: Db, bookingId: string): Promise<ServedBooking | undefined> {
  return lockBookingForRating(trx, bookingId)
}

/** Rating tells booking that a booking was rated, in the rating's transaction (so 评价 is offered once). */
export function markBookingRated(trx: Db, bookingId: string, at: Date): Promise<void> {
  return repo.markRated(trx, bookingId, at)
}

/** When each booking's slot starts (a rating's 服务日期), for bookings another domain refers to. */
export async function bookingStarts(db: Db, bookingIds: string[]): Promise<Map<string, Date>> {
  if (bookingIds.length === 0) return new Map()
  const rows = await repo.slotStartsOfBookings(db, bookingIds)
  return new Map(rows.map((r) => [r.id, r.starts_at]))
}

/** What a message about a booking says of it (service, date, time, place), for another domain's messages. */
export async function bookingMessageSubject(db: Db, bookingId: string) {
  const row = await findBookingView(db, bookingId)
  return row && bookingMessagePayload(row)
}

/** A handler for `booking.served`: runs inside the transaction that marked the booking served. */
export type BookingServedHandler = (trx: Db, booking: { id: string; communityId: string; bookedBy: string; servedAt: Date }) => Promise<void>

const servedHandlers: BookingServedHandler[] = []

/**
 * Subscribes to `booking.served`. Handlers run in order, synchronously inside the serving
 * transaction: what follows a served booking (volunteer hours, a rating invitation) commits or
 * rolls back with it.
 */
export function onBookingServed(handler: BookingServedHandler): () => void {
  servedHandlers.push(handler)
  return () => {
    const at = servedHandlers.indexOf(handler)
    if (at >= 0) servedHandlers.splice(at, 1)
  }
}

export async function emitBookingServed(trx: Db, booking: Parameters<BookingServedHandler>[1]): Promise<void> {
  for (const handler of servedHandlers) await handler(trx, booking)
}
