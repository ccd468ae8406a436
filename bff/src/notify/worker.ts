import PgBoss from 'pg-boss'
import { sql } from 'kysely'
import type { Db } from '../db/database'
import type { Logger } from 'pino'
import { notificationPayload } from '../booking/service'
import { bookingView } from '../booking/repository'
import { CHINA_TIME_ZONE } from '../calendar/local-time'
import { pruneExpired } from '../platform/prune'
import { escalateOverdue } from '../rating/service'
import { enqueueNotification, type NotificationKind } from './outbox'
import type { NotificationSender } from './senders'

const MAX_ATTEMPTS = 5

/**
 * Sends what is waiting in the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * workers (one per BFF process) never send a message twice; a failure is counted and retried on
 * the next run, up to 5 attempts.
 */
export async function deliverPending(db: Db, sender: NotificationSender, limit = 50): Promise<{ sent: number; skipped: number; failed: number }> {
  const result = { sent: 0, skipped: 0, failed: 0 }
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('notification_outbox')
      .innerJoin('app_user', 'app_user.id', 'notification_outbox.user_id')
      .select(['notification_outbox.id', 'notification_outbox.kind', 'notification_outbox.payload', 'app_user.wx_openid'])
      .where('notification_outbox.sent_at', 'is', null)
      .where('notification_outbox.attempts', '<', MAX_ATTEMPTS)
      .orderBy('notification_outbox.id')
      .limit(limit)
      .forUpdate('notification_outbox')
      .skipLocked()
      .execute()
    for (const row of rows) {
      try {
        const outcome = await sender.send({ kind: row.kind as NotificationKind, payload: row.payload, openid: row.wx_openid })
        await trx
          .updateTable('notification_outbox')
          .set((eb) => ({ sent_at: new Date(), attempts: eb('attempts', '+', 1), last_error: outcome === 'skipped' ? 'skipped: no subscription' : null }))
          .where('id', '=', row.id)
          .execute()
        result[outcome]++
      } catch (err) {
        await trx
          .updateTable('notification_outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: err instanceof Error ? err.message.slice(0, 500) : 'error' }))
          .where('id', '=', row.id)
          .execute()
        result.failed++
      }
    }
  })
  return result
}

/**
 * Reminders: every booking that starts within its service's lead time and has not been reminded
 * gets one message, written with `reminded_at` in one transaction so it is never sent twice.
 */
export async function enqueueReminders(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await bookingView(trx)
      .where('booking.status', 'in', ['pending', 'confirmed'])
      .where('booking.reminded_at', 'is', null)
      .where('slot.starts_at', '>', now)
      .where(sql<boolean>`slot.starts_at <= ${now}::timestamptz + make_interval(mins => booking_settings.reminder_lead_minutes)`)
      .forUpdate('booking')
      .skipLocked()
      .execute()
    for (const row of due) {
      await trx.updateTable('booking').set({ reminded_at: now }).where('id', '=', row.id).execute()
      await enqueueNotification(trx, {
        communityId: row.community_id,
        userId: row.booked_by,
        kind: 'reminder',
        payload: notificationPayload(row),
      })
    }
    return due.length
  })
}

export const JOBS = { deliver: 'notify-deliver', reminders: 'booking-reminders', escalate: 'rating-escalate', prune: 'platform-prune' } as const

/** Cron of each job: most every minute, housekeeping nightly at 03:00. */
const SCHEDULES: Record<(typeof JOBS)[keyof typeof JOBS], string> = {
  'notify-deliver': '* * * * *',
  'booking-reminders': '* * * * *',
  'rating-escalate': '* * * * *',
  'platform-prune': '0 3 * * *',
}

/**
 * Background work on pg-boss (a PostgreSQL-backed queue), not timers in request handlers: every
 * minute the reminders are queued, overdue 差评 cases are escalated and the outbox is delivered. Any number of BFF processes can
 * run it; pg-boss hands each scheduled job to one of them.
 */
export async function startWorker(options: {
  connectionString: string
  db: Db
  sender: NotificationSender
  logger: Logger
  now: () => Date
}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: options.connectionString, max: 3 })
  boss.on('error', (err) => options.logger.error({ err }, 'pg-boss error'))
  await boss.start()
  for (const name of Object.values(JOBS)) {
    await boss.createQueue(name)
    // The jobs serve every community at once, so their cron has no community's zone.
    await boss.schedule(name, SCHEDULES[name], {}, { tz: CHINA_TIME_ZONE })
  }
  await boss.work(JOBS.reminders, async () => {
    const queued = await enqueueReminders(options.db, options.now())
    if (queued > 0) options.logger.info({ queued }, 'reminders queued')
    await boss.send(JOBS.deliver, {})
  })
  await boss.work(JOBS.prune, async () => {
    options.logger.info(await pruneExpired(options.db, options.now()), 'expired rows pruned')
  })
  await boss.work(JOBS.escalate, async () => {
    const escalated = await escalateOverdue(options.db, options.now())
    if (escalated > 0) options.logger.info({ escalated }, 'overdue rectification cases escalated')
  })
  await boss.work(JOBS.deliver, { pollingIntervalSeconds: 2 }, async () => {
    const result = await deliverPending(options.db, options.sender)
    if (result.sent + result.failed > 0) options.logger.info(result, 'notifications delivered')
  })
  return boss
}
