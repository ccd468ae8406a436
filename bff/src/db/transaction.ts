import type { Transaction } from 'kysely'
import type { Database, Db } from './database'

/** SQLSTATE 40P01 deadlock_detected and 40001 serialization_failure: the work is sound, only its timing lost. */
const RETRYABLE = new Set(['40P01', '40001'])
export const TRANSACTION_ATTEMPTS = 5

/**
 * SQLSTATE 57014 (statement_timeout), 55P03 (lock_timeout) and 25P03 (idle_in_transaction_session_timeout),
 * and pg's read timeout for a server that stopped answering: a bounded wait ran out (decision 017).
 * Not retried here: the database is slow or stuck, and a rerun would only wait as long again.
 */
const TIMED_OUT = new Set(['57014', '55P03', '25P03'])

function sqlState(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : undefined
}

export function isRetryableConflict(err: unknown): boolean {
  return RETRYABLE.has(sqlState(err) ?? '')
}

export function isDatabaseTimeout(err: unknown): boolean {
  return TIMED_OUT.has(sqlState(err) ?? '') || (err instanceof Error && err.message === 'Query read timeout')
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
