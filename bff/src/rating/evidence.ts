import type { Db } from '../db/database'
import * as repo from './repository'

/**
 * What the consultation domain learns of 好差评 to raise a topic from it (issue 11 item 7):
 * read here, from rating's own queries, so consultation never names rating's tables.
 */

/**
 * A rectification case, and whether it went overdue: the reply came after the deadline, or has not
 * come and the deadline passed (the same cases escalateOverdue sends to the street).
 */
export async function rectificationCaseFacts(db: Db, caseId: string, now: Date) {
  const [found] = await repo.findCases(db, [caseId])
  if (!found) return undefined
  return {
    id: found.id,
    communityId: found.community_id,
    serviceId: found.service_id,
    createdAt: found.created_at,
    deadline: found.deadline,
    repliedAt: found.replied_at,
    overdue: found.deadline < (found.replied_at ?? now),
  }
}

/** A service's counted ratings and 差评 (levels 1–2) in one month (`YYYY-MM`); appeals upheld are out. */
export async function servicePoorCounts(db: Db, communityId: string, serviceId: string, month: string): Promise<{ ratings: number; poor: number }> {
  const rows = await repo.ratingCountsByService(db, communityId, `${month}-01`)
  const row = rows.find((r) => r.service_id === serviceId)
  return { ratings: Number(row?.ratings ?? 0), poor: Number(row?.poor ?? 0) }
}
