import type { PersonalDataExport } from '@linli/shared'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import type { FieldCipher } from '../platform/crypto'
import * as repo from './repository'
import { sealPerson } from './sealed'
import { getMe } from './service'

/** What a deleted account's row is called where a kept record still shows its booker or rater. */
const DELETED_ACCOUNT_NAME = '已注销用户'

type AccountRecord = Pick<PersonalDataExport, 'profile' | 'consents' | 'sessions'>

/** The account part of 下载我的数据: her profile with the phone in full, her consents and logins. */
export async function accountRecord(deps: Deps, auth: Auth): Promise<AccountRecord> {
  const [user, me, consents, sessions] = await Promise.all([
    repo.findUserById(deps.db, auth.userId),
    getMe(deps, auth.userId),
    repo.listConsents(deps.db, auth.userId),
    repo.listSessions(deps.db, auth.userId),
  ])
  if (!user) throw new AppError('UNAUTHENTICATED')
  return {
    profile: {
      id: user.id,
      displayName: me.displayName,
      phone: user.phone_enc ? deps.cipher.decrypt(user.phone_enc) : null,
      birthDate: me.birthDate,
      community: me.community,
      pendingCommunity: me.pendingCommunity,
      roles: me.roles,
      elderMode: me.elderMode,
      wechatLinked: user.wx_openid !== null,
      createdAt: user.created_at.toISOString(),
    },
    consents: consents.map((c) => ({
      kind: c.kind,
      version: c.version,
      grantedAt: c.granted_at.toISOString(),
      withdrawnAt: c.withdrawn_at?.toISOString() ?? null,
    })),
    sessions: sessions.map((s) => ({
      channel: s.channel,
      createdAt: s.created_at.toISOString(),
      expiresAt: s.expires_at.toISOString(),
      revokedAt: s.revoked_at?.toISOString() ?? null,
      current: s.id === auth.sessionId,
    })),
  }
}

/** Locks the account for its deletion; the communities it was bound to, for the audit entry. */
export async function lockAccount(db: Db, userId: string): Promise<{ communityId: string | null }> {
  const user = await repo.lockUser(db, userId)
  if (!user || user.deleted_at !== null) throw new AppError('UNAUTHENTICATED')
  return { communityId: user.community_id }
}

/**
 * The account part of 注销账号, in the caller's transaction: every session ends at once, consents,
 * roles, the volunteer profile and unused login codes go, and the row is emptied (`eraseUser`).
 */
export async function eraseAccount(db: Db, cipher: FieldCipher, userId: string, now: Date): Promise<void> {
  const user = await repo.lockUser(db, userId)
  if (!user) throw new AppError('UNAUTHENTICATED')
  await repo.revokeAllSessions(db, userId, now)
  await repo.deleteAccountData(db, userId, user.phone_hash)
  const tombstone = sealPerson(cipher, { name: DELETED_ACCOUNT_NAME, birthDate: null })
  if (!(await repo.eraseUser(db, userId, now, tombstone))) throw new AppError('UNAUTHENTICATED')
}
