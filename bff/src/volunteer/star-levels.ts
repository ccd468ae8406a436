import type { Db } from '../db/database'

/**
 * 星级志愿者 (issue 12 item 5), owned by the certificate feature: after a volunteer's confirmed
 * hours change (confirmed.ts, in that transaction), a level newly reached goes on the 公示 list
 * (5 working days before it is awarded); hours taken back below a level not yet awarded withdraw it.
 */
export async function afterHoursChanged(trx: Db, userIds: readonly string[], now: Date): Promise<void> {
  void trx
  void userIds
  void now
}
