import type { Db } from '../db/database'
import { afterHoursChanged } from './star-levels'
import type { RecordRow } from './table'
import { accrueCredits, reverseCredits } from './time-bank'

/**
 * What follows confirmed hours, in the confirming transaction (issue 12; decision 028): hours.ts
 * calls these once per confirmation or undoing, after it has updated the rollup. Each feature's
 * consequence lives in its own file (time credits in time-bank.ts, star levels in star-levels.ts),
 * so hours.ts knows none of them.
 */
export async function afterConfirmed(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  await accrueCredits(trx, records, now)
  await afterHoursChanged(trx, [...new Set(records.map((r) => r.user_id))], now)
}

/** A confirmed record revoked (with a reason) or superseded by a correction, after the rollup is reduced. */
export async function afterUnconfirmed(trx: Db, records: readonly RecordRow[], now: Date): Promise<void> {
  await reverseCredits(trx, records, now)
  await afterHoursChanged(trx, [...new Set(records.map((r) => r.user_id))], now)
}
