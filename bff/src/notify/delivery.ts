import type { Logger } from 'pino'
import type { Db } from '../db/database'
import { registeredKind, renderMessage } from './messages'
import * as repo from './repository'
import type { NotificationSender, OutgoingMessage, SendResult } from './senders'

export const MAX_ATTEMPTS = 5
/** Rows claimed per run; they are sent one after another, so the claim covers them all timing out. */
export const DELIVERY_BATCH = 20
/** After the n-th failed attempt the next waits 1, 4, 16, then 64 minutes: a WeChat outage of an hour is ridden out. */
const RETRY_BASE_MS = 60_000
const RETRY_FACTOR = 4
/** Beyond the sends themselves, time for marking each row, when a claim is sized. */
const CLAIM_MARGIN_MS = 60_000

export interface DeliveryReport {
  sent: number
  skipped: number
  failed: number
}

/** The key every channel gets for one message: the same on every attempt, so a re-send can be told apart in logs. */
export function idempotencyKey(outboxId: string): string {
  return `outbox-${outboxId}`
}

export function retryAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + RETRY_BASE_MS * RETRY_FACTOR ** Math.max(0, attempts - 1))
}

/** A send that takes longer than the sender's timeout is abandoned (and its request aborted), not waited for. */
async function sendWithin(sender: NotificationSender, message: OutgoingMessage): Promise<SendResult> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new Error(`send timed out after ${sender.timeoutMs} ms`))
    }, sender.timeoutMs)
  })
  try {
    return await Promise.race([sender.send(message, controller.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Sends what is due in the outbox, at least once each:
 * 1. claims a batch in one short statement (no lock outlives it);
 * 2. sends each row outside any transaction, bounded by the sender's timeout, so a hung WeChat
 *    call delays the others by that much and blocks no one who writes the row or its booking;
 * 3. marks each row on its own as soon as its send ends: sent, skipped (no subscription), or
 *    failed and due again after a backoff, up to MAX_ATTEMPTS.
 * A process that dies between 2 and 3 leaves one row sent but claimed; when the claim runs out it
 * is sent again (with the same idempotency key); the rows after it were never sent and go out once.
 */
export async function deliverPending(
  db: Db,
  sender: NotificationSender,
  options: { now?: () => Date; limit?: number; logger?: Pick<Logger, 'info' | 'warn'> } = {},
): Promise<DeliveryReport> {
  // Read again for each mark: a batch that waits on a slow WeChat takes minutes, and a backoff counts from the failure.
  const clock = options.now ?? (() => new Date())
  const now = clock()
  const limit = options.limit ?? DELIVERY_BATCH
  const claimedUntil = new Date(now.getTime() + limit * sender.timeoutMs + CLAIM_MARGIN_MS)
  // 1.
  const rows = await repo.claimDue(db, { now, claimedUntil, limit, maxAttempts: MAX_ATTEMPTS })
  const report: DeliveryReport = { sent: 0, skipped: 0, failed: 0 }
  for (const row of rows) {
    const key = idempotencyKey(row.id)
    let outcome: SendResult
    try {
      // 2.
      const message = renderMessage(registeredKind(row.kind), row.payload)
      outcome = await sendWithin(sender, { ...message, key, openid: row.wx_openid })
    } catch (err) {
      // 3.
      const error = err instanceof Error ? err.message.slice(0, 500) : 'error'
      await repo.finishClaim(db, row.id, claimedUntil, { sent_at: null, last_error: error, next_attempt_at: retryAt(clock(), row.attempts) })
      options.logger?.warn({ key, kind: row.kind, attempt: row.attempts, error }, 'notification failed')
      report.failed++
      continue
    }
    await repo.finishClaim(db, row.id, claimedUntil, { sent_at: clock(), last_error: outcome === 'skipped' ? 'skipped: no subscription' : null, next_attempt_at: null })
    options.logger?.info({ key, kind: row.kind, outcome }, 'notification delivered')
    report[outcome]++
  }
  return report
}
