import type { Db } from '../db/database'

/**
 * Housekeeping: rate-limit windows older than a day and idempotency records past their 24 h
 * expiry are of no further use. Run daily by the worker.
 */
export async function pruneExpired(db: Db, now: Date): Promise<{ rateLimits: number; idempotency: number }> {
  const rateLimits = await db.deleteFrom('rate_limit').where('window_start', '<', new Date(now.getTime() - 24 * 3600_000)).executeTakeFirst()
  const idempotency = await db.deleteFrom('idempotency_record').where('expires_at', '<', now).executeTakeFirst()
  return { rateLimits: Number(rateLimits.numDeletedRows), idempotency: Number(idempotency.numDeletedRows) }
}
