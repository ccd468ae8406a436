import { sql } from 'kysely'
import type { Db } from '../db/database'
import { AppError } from '../http/errors'

export interface RateRule {
  bucket: string
  windowSeconds: number
  max: number
}

/**
 * Counts a hit in a fixed window and refuses with 429 past the limit. One upsert, so two
 * concurrent requests cannot both read "under the limit"; kept in PostgreSQL so every BFF
 * process shares the count.
 */
export async function consumeRate(db: Db, rule: RateRule, now = new Date()): Promise<void> {
  const windowMs = rule.windowSeconds * 1000
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs)
  const row = await db
    .insertInto('rate_limit')
    .values({ bucket: rule.bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limit.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow()
  if (row.hits > rule.max) throw new AppError('RATE_LIMITED')
}
