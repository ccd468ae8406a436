import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { ScheduledJob } from '../notify/jobs'
import { enqueue } from '../notify/outbox'
import { BOOKING_MESSAGES, bookingMessagePayload } from './messages'
import * as repo from './repository'
import { withPlaces } from './view'

/**
 * Reminders: every booking that starts within its service's lead time and has not been reminded
 * gets one message, written with `reminded_at` in one transaction so it is never sent twice.
 */
export async function enqueueReminders(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const due = await withPlaces(trx, await repo.lockDueReminders(trx, now))
    for (const row of due) {
      await repo.markReminded(trx, row.id, now)
      await enqueue(trx, { kind: BOOKING_MESSAGES.reminder, recipient: { userId: row.booked_by, communityId: row.community_id }, payload: bookingMessagePayload(row) })
    }
    return due.length
  })
}

export const BOOKING_JOBS: readonly ScheduledJob[] = [
  { name: 'booking-reminders', cron: '* * * * *', run: async ({ db, now }) => ({ reminded: await enqueueReminders(db, now) }) },
]
