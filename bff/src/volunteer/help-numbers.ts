import type { Db } from '../db/database'
import { countPostedAndAnswered } from './help-repository'

/** "Answered" (issue 12 item 8): a volunteer took the request within 48 hours of its approval. */
export const ANSWERED_WITHIN_MS = 48 * 60 * 60 * 1000

/** For the community numbers (issue 12 item 8), owned by the help feature: help requests posted between `from` and `to` (not those withdrawn before anyone took them), and how many a volunteer took within 48 hours of approval. */
export async function helpRequestNumbers(db: Db, communityIds: readonly string[], from: Date, to: Date): Promise<{ requests: number; answeredWithin48h: number }> {
  const counted = await countPostedAndAnswered(db, communityIds, from, to, ANSWERED_WITHIN_MS)
  return { requests: counted.requests, answeredWithin48h: counted.answered }
}
