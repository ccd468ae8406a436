import type { Logger } from 'pino'
import type { Db } from '../db/database'
import { registeredKind, renderMessage } from './messages'
import * as repo from './repository'
import type { NotificationSender, OutgoingMessage, SendResult } from './senders'

export const MAX_ATTEMPTS = 5
/** Rows claimed at a time; a run claims batch after batch until nothing is due. */
export const DELIVERY_BATCH = 50
/**
 * Sends in flight at once through one channel (the sender a worker delivers with): with WeChat
 * answering in ~100 ms that is ~80 messages a second per process, and few enough to stay inside
 * WeChat's rate limits; a hung call holds one lane, not the run.
 */
export const CHANNEL_CONCURRENCY = 8
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

export interface DeliveryOptions {
  now?: () => Date
  limit?: number
  /** Lanes of sends; CHANNEL_CONCURRENCY unless a test needs one lane to fix the order. */
  concurrency?: number
  logger?: Pick<Logger, 'info' | 'warn'>
}

/**
 * Sends what is due in the outbox, at least once each, batch after batch until nothing is due
 * (rows that fail wait for their backoff, so a run always ends):
 * 1. claims a batch in one short statement (no lock outlives it);
 * 2. sends the rows outside any transaction, `concurrency` at a time, each bounded by the sender's
 *    timeout, so a hung WeChat call holds one lane for that long and blocks no one who writes the
 *    row or its booking;
 * 3. marks each row on its own as soon as its send ends: sent, skipped (no subscription), or
 *    failed and due again after a backoff, up to MAX_ATTEMPTS.
 * A process that dies between 2 and 3 leaves the rows in flight sent but claimed; when the claim
 * runs out they are sent again (with the same idempotency key); rows not yet started go out once.
 */
export async function deliverPending(db: Db, sender: NotificationSender, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, failed: 0 }
  while ((await deliverBatch(db, sender, options, report)) > 0);
  return report
}

/** One claim and its sends (steps 1–3), counted into `report`; returns how many rows it claimed. */
async function deliverBatch(db: Db, sender: NotificationSender, options: DeliveryOptions, report: DeliveryReport): Promise<number> {
  // Read again for each mark: a batch that waits on a slow WeChat takes minutes, and a backoff counts from the failure.
  const clock = options.now ?? (() => new Date())
  const now = clock()
  const limit = options.limit ?? DELIVERY_BATCH
  const concurrency = options.concurrency ?? CHANNEL_CONCURRENCY
  // The longest a batch can take: each lane's share of it, every send timing out.
  const claimedUntil = new Date(now.getTime() + Math.ceil(limit / concurrency) * sender.timeoutMs + CLAIM_MARGIN_MS)
  // 1.
  const rows = await repo.claimDue(db, { now, claimedUntil, limit, maxAttempts: MAX_ATTEMPTS })
  const deliver = async (row: repo.ClaimedRow) => {
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
      return
    }
    await repo.finishClaim(db, row.id, claimedUntil, { sent_at: clock(), last_error: outcome === 'skipped' ? 'skipped: no subscription' : null, next_attempt_at: null })
    options.logger?.info({ key, kind: row.kind, outcome }, 'notification delivered')
    report[outcome]++
  }
  // Every lane pulls the next row from one shared iterator, so at most `concurrency` sends run at once.
  const queue = rows.values()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      for (const row of queue) await deliver(row)
    }),
  )
  return rows.length
}

export interface OutboxBacklog {
  /** Messages not yet sent that will still be tried (those waiting for a backoff included). */
  pending: number
  /** Age of the oldest of them in seconds; 0 when there are none. */
  oldestAgeSeconds: number
}

export async function outboxBacklog(db: Db, now: Date): Promise<OutboxBacklog> {
  const { pending, oldest } = await repo.backlog(db, MAX_ATTEMPTS)
  return { pending, oldestAgeSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : 0 }
}
