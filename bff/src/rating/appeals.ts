import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import * as repo from './repository'

function toAppeal(row: repo.AppealRow) {
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
  if (!rating || !canManageCommunity(auth, { id: rating.community_id, streetId: rating.street_id })) throw new AppError('NOT_FOUND')
  const id = await inTransaction(deps.db, async (trx) => {
    const inserted = await repo.insertAppeal(trx, { rating_id: ratingId, community_id: rating.community_id, reason, status: 'pending', filed_by: auth.userId, decided_by: null, decision_note: null, decided_at: null })
    if (!inserted) throw new AppError('APPEAL_EXISTS')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: rating.community_id, action: 'appeal.filed', targetType: 'rating', targetId: ratingId, detail: { reason }, requestId })
    return inserted
  })
  return toAppeal(await repo.appealQuery(deps.db).where('rating_appeal.id', '=', id).executeTakeFirstOrThrow())
}

/** Appeals a street admin decides (their street), or a staff member filed (their community). */
export async function listAppeals(deps: Deps, auth: Auth, status: 'pending' | 'decided') {
  const streetIds = auth.grants.filter((g) => g.role === 'street_admin' && g.streetId).map((g) => g.streetId as string)
  const communityIds = auth.grants.filter((g) => g.role === 'staff' && g.communityId).map((g) => g.communityId as string)
  const rows = await repo.appealQuery(deps.db)
    .where((eb) =>
      eb.or([
        ...(streetIds.length ? [eb('community.street_id', 'in', streetIds)] : []),
        ...(communityIds.length ? [eb('rating_appeal.community_id', 'in', communityIds)] : []),
        eb.val(false),
      ]),
    )
    .where('rating_appeal.status', status === 'pending' ? '=' : '!=', 'pending')
    .orderBy('rating_appeal.filed_at')
    .limit(200)
    .execute()
  return { items: rows.map(toAppeal) }
}

/**
 * The street admin decides. Upheld: the rating leaves the statistics (`counted = false`) but stays
 * on record, as does its case. Both outcomes are audited.
 */
export async function decideAppeal(deps: Deps, auth: Auth, appealId: string, upheld: boolean, note: string, requestId: string) {
  const appeal = await repo.appealQuery(deps.db).where('rating_appeal.id', '=', appealId).executeTakeFirst()
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
  return toAppeal(await repo.appealQuery(deps.db).where('rating_appeal.id', '=', appealId).executeTakeFirstOrThrow())
}
