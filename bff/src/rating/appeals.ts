import type { AppealList, AppealListQuerySchema } from '@linli/shared'
import type { z } from 'zod'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { afterPosition, decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { servicesByIds } from '../catalog/lookups'
import type { Db } from '../db/database'
import { canManageCommunity } from '../region/access'
import { communitiesByIds, communityIdsOnStreets, findCommunityById } from '../region/service'
import * as repo from './repository'

/** Appeals with their service's and community's names and street, asked of catalog and region once for the list. */
async function withPlaces(db: Db, rows: repo.AppealRow[]) {
  const [services, communities] = await Promise.all([servicesByIds(db, rows.map((r) => r.service_id)), communitiesByIds(db, rows.map((r) => r.community_id))])
  return rows.flatMap((row) => {
    const [service, community] = [services.get(row.service_id), communities.get(row.community_id)]
    return service && community ? [{ ...row, service_name: service.name, community_name: community.name, street_id: community.street_id }] : []
  })
}
type AppealView = Awaited<ReturnType<typeof withPlaces>>[number]

/** One appeal with its names, or undefined. */
async function findAppeal(db: Db, appealId: string): Promise<AppealView | undefined> {
  const [row] = await withPlaces(db, await repo.appealQuery(db).where('rating_appeal.id', '=', appealId).execute())
  return row
}

async function appealOrThrow(db: Db, appealId: string): Promise<AppealView> {
  const row = await findAppeal(db, appealId)
  if (!row) throw new AppError('APPEAL_NOT_FOUND')
  return row
}

function toAppeal(row: AppealView) {
  return {
    id: row.id,
    ratingId: row.rating_id,
    serviceName: row.service_name,
    communityName: row.community_name,
    level: row.level,
    comment: row.comment,
    reason: row.reason,
    status: row.status,
    decisionNote: row.decision_note,
    filedAt: row.filed_at.toISOString(),
  }
}

/** Staff appeal a rating they believe malicious or mistaken; once per rating, audited. */
export async function fileAppeal(deps: Deps, auth: Auth, ratingId: string, reason: string, requestId: string) {
  const rating = await repo.findRatingCommunity(deps.db, ratingId)
  const community = rating && (await findCommunityById(deps.db, rating.community_id))
  if (!rating || !community || !canManageCommunity(auth, { id: community.id, streetId: community.streetId })) throw new AppError('NOT_FOUND')
  const id = await inTransaction(deps.db, async (trx) => {
    const inserted = await repo.insertAppeal(trx, { rating_id: ratingId, community_id: rating.community_id, reason, status: 'pending', filed_by: auth.userId, decided_by: null, decision_note: null, decided_at: null })
    if (!inserted) throw new AppError('APPEAL_EXISTS')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: rating.community_id, action: 'appeal.filed', targetType: 'rating', targetId: ratingId, detail: { reason }, requestId })
    return inserted
  })
  return toAppeal(await appealOrThrow(deps.db, id))
}

/**
 * Appeals a street admin decides (their street), or a staff member filed (their community), a page
 * at a time: the longest waiting first (filing time, then id).
 */
export async function listAppeals(deps: Deps, auth: Auth, query: z.output<typeof AppealListQuerySchema>): Promise<AppealList> {
  const streetIds = auth.grants.filter((g) => g.role === 'street_admin' && g.streetId).map((g) => g.streetId as string)
  const communityIds = auth.grants.filter((g) => g.role === 'staff' && g.communityId).map((g) => g.communityId as string)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const reach = [...new Set([...communityIds, ...(await communityIdsOnStreets(deps.db, streetIds))])]
  if (reach.length === 0) return { items: [], nextCursor: null }
  let q = repo
    .appealQuery(deps.db)
    .where('rating_appeal.community_id', 'in', reach)
    .where('rating_appeal.status', query.status === 'pending' ? '=' : '!=', 'pending')
  if (after) q = q.where(afterPosition('rating_appeal.filed_at', 'rating_appeal.id', after, 'asc'))
  const rows = await q.orderBy('rating_appeal.filed_at').orderBy('rating_appeal.id').limit(query.limit + 1).execute()
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.filed_at, id: r.id }))
  return { items: (await withPlaces(deps.db, page.rows)).map(toAppeal), nextCursor: page.nextCursor }
}

/**
 * The street admin decides. Upheld: the rating leaves the statistics (`counted = false`) but stays
 * on record, as does its case. Both outcomes are audited.
 */
export async function decideAppeal(deps: Deps, auth: Auth, appealId: string, upheld: boolean, note: string, requestId: string) {
  const appeal = await findAppeal(deps.db, appealId)
  const mayDecide = appeal && auth.grants.some((g) => g.role === 'street_admin' && g.streetId === appeal.street_id)
  if (!appeal || !mayDecide) throw new AppError('APPEAL_NOT_FOUND')
  if (appeal.status !== 'pending') throw new AppError('INVALID_STATUS', { message: '该申诉已有结论' })
  await inTransaction(deps.db, async (trx) => {
    // Conditional on 'pending': of two decisions at once one is recorded, the other is told it came too late.
    const decided = await repo.decideAppeal(trx, appealId, { status: upheld ? 'upheld' : 'rejected', decided_by: auth.userId, decision_note: note, decided_at: deps.now() })
    if (!decided) throw new AppError('INVALID_STATUS', { message: '该申诉已有结论' })
    if (upheld) await repo.uncountRating(trx, appeal.rating_id)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: appeal.community_id,
      action: upheld ? 'appeal.upheld' : 'appeal.rejected',
      targetType: 'rating',
      targetId: appeal.rating_id,
      detail: { note },
      requestId,
    })
  })
  return toAppeal(await appealOrThrow(deps.db, appealId))
}
