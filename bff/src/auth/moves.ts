import { type PendingMove, maskPhone } from '@linli/shared'
import { maskName } from '../booking/rules'
import { localMoment } from '../calendar/local-time'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { assertCanManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import * as repo from './repository'

/**
 * Only the staff of the community a resident moves into (or its street admin) see and decide the
 * move: being its resident is what its residents-only services ask for (docs/decisions/019).
 */
async function managedCommunity(deps: Deps, auth: Auth, communityId: string) {
  const community = await findCommunityById(deps.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  assertCanManageCommunity(auth, community)
  return community
}

/** 待确认的迁入: who asked to move in, oldest first, masked as every staff list shows a resident. */
export async function listPendingMoves(deps: Deps, auth: Auth, communityId: string): Promise<{ items: PendingMove[] }> {
  const community = await managedCommunity(deps, auth, communityId)
  const rows = await repo.findPendingMovesInto(deps.db, communityId)
  return {
    items: rows.map((r) => ({
      userId: r.id,
      name: maskName(deps.cipher.decrypt(r.display_name_enc)),
      phoneMasked: r.phone_enc ? maskPhone(deps.cipher.decrypt(r.phone_enc)) : null,
      fromCommunityName: r.from_community_name,
      since: r.pending_since.toISOString(),
      sinceLocal: localMoment(r.pending_since, community.timezone),
    })),
  }
}

/**
 * Staff confirm or reject a move into their community.
 * 1. Only the staff of that community (or its street admin).
 * 2. Only a move still pending into it: decided, withdrawn or elsewhere is not found, and of two
 *    taps at once one settles it and the other is told so.
 * 3. The decision is audited in the same transaction.
 */
export async function decideMove(
  deps: Deps,
  auth: Auth,
  move: { communityId: string; userId: string; decision: 'confirm' | 'reject' },
  requestId: string,
): Promise<{ items: PendingMove[] }> {
  // 1.
  await managedCommunity(deps, auth, move.communityId)
  await inTransaction(deps.db, async (trx) => {
    // 2.
    const settled = await repo.settlePendingMove(trx, move.userId, move.communityId, move.decision === 'confirm')
    if (!settled) throw new AppError('NOT_FOUND', { message: '没有找到这条迁入申请，可能已经处理过了' })
    // 3.
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: move.communityId,
      action: move.decision === 'confirm' ? 'community.move_confirmed' : 'community.move_rejected',
      targetType: 'app_user',
      targetId: move.userId,
      requestId,
    })
  })
  return listPendingMoves(deps, auth, move.communityId)
}
