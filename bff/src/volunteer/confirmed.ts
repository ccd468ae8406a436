import type { Db } from '../db/database'
import type { RecordRow } from './table'

/**
 * What follows confirmed hours, in the confirming transaction (issue 12): a record confirmed by
 * hours.ts is passed here once, after the rollup is updated. Each feature adds its consequence:
 * time credits for a help request's hours (help.ts), a star level reached (recognition in
 * certificate.ts). Keeping the calls here lets hours.ts know none of them.
 */
export async function afterConfirmed(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  void trx
  void records
  void now
}

/** A confirmed record revoked (with a reason) or superseded by a correction, after the rollup is reduced: each feature undoes its consequence (credits that are still unspent, a level not yet awarded). */
export async function afterUnconfirmed(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  void trx
  void records
  void now
}
