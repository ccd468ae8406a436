import type { Auth } from '../http/env'
import { AppError } from '../http/errors'

/** Staff run their own community; a street admin runs every community of their street. */
export function canManageCommunity(auth: Auth, community: { id: string; streetId: string }): boolean {
  return auth.grants.some(
    (g) =>
      (g.role === 'staff' && g.communityId === community.id) ||
      (g.role === 'street_admin' && g.streetId === community.streetId),
  )
}

export function assertCanManageCommunity(auth: Auth, community: { id: string; streetId: string }): void {
  if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN')
}
