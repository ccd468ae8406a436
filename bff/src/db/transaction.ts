import type { Transaction } from 'kysely'
import type { Database, Db } from './database'

/** SQLSTATE 40P01 deadlock_detected and 40001 serialization_failure: the work is sound, only its timing lost. */
const RETRYABLE = new Set(['40P01', '40001'])
export const TRANSACTION_ATTEMPTS = 5

export function isRetryableConflict(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' && RETRYABLE.has(code)
}

/**
 * Runs `work` in one transaction and runs it again when PostgreSQL aborted it for a deadlock or a
 * serialization failure. Such an abort rolls everything back, so a rerun is safe; it waits a few
 * random milliseconds first so the two sides of a deadlock do not meet again at once. After the
 * last attempt the error goes on (the error handler answers 503, never 500).
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work)
    } catch (err) {
      if (!isRetryableConflict(err) || attempt >= TRANSACTION_ATTEMPTS) throw err
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}
