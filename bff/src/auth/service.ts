import { timingSafeEqual } from 'node:crypto'
import {
  type DemoPersonaId,
  LOGIN_CODE_LENGTH,
  LOGIN_CODE_TTL_SECONDS,
  type Me,
  PRIVACY_POLICY_VERSION,
  SESSION_TTL_DAYS,
  type Session,
  maskPhone,
} from '@linli/shared'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { type FieldCipher, hashToken, newToken, randomDigits } from '../platform/crypto'
import { consumeRate } from '../platform/rate-limit'
import { findCommunityById } from '../region/service'
import * as repo from './repository'
import { openPerson, sealPerson } from './sealed'
import type { AppUserRow } from './table'

const MAX_CODE_ATTEMPTS = 5

/** Resolves a bearer token (by its hash) to its caller: unknown and revoked tokens are UNAUTHENTICATED, old ones SESSION_EXPIRED. */
export async function authenticate(
  db: Db,
  cipher: FieldCipher,
  tokenHash: string,
  now: Date,
): Promise<{ auth: Auth; expiresAt: Date } | { error: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' }> {
  const row = await repo.findSessionByTokenHash(db, tokenHash)
  if (!row || row.revokedAt !== null) return { error: 'UNAUTHENTICATED' }
  if (row.expiresAt <= now) return { error: 'SESSION_EXPIRED' }
  const grants = row.grants.map((r) => ({ role: r.role, communityId: r.community_id, streetId: r.street_id, providerId: r.provider_id }))
  return {
    expiresAt: row.expiresAt,
    auth: {
      userId: row.userId,
      sessionId: row.sessionId,
      communityId: row.communityId,
      // Decrypted here, once per session kept (auth/session.ts): age rules (eligibility) read it from auth.
      birthDate: row.birthDateEnc === null ? null : cipher.decrypt(row.birthDateEnc),
      grants,
      isVolunteer: Boolean(row.isVolunteer),
    },
  }
}

export async function getMe(deps: Deps, userId: string): Promise<Me> {
  const user = await repo.findUserById(deps.db, userId)
  if (!user) throw new AppError('UNAUTHENTICATED')
  const person = openPerson(deps.cipher, user)
  const [community, pending, grants, volunteer, privacyAccepted] = await Promise.all([
    user.community_id ? findCommunityById(deps.db, user.community_id) : undefined,
    user.pending_community_id ? findCommunityById(deps.db, user.pending_community_id) : undefined,
    repo.findRoleGrantsWithNames(deps.db, userId),
    repo.isVolunteer(deps.db, userId),
    repo.hasActiveConsent(deps.db, userId, 'privacy_policy', PRIVACY_POLICY_VERSION),
  ])
  return {
    id: user.id,
    displayName: person.name,
    phoneMasked: user.phone_enc ? maskPhone(deps.cipher.decrypt(user.phone_enc)) : null,
    birthDate: person.birthDate,
    community: community ? { id: community.id, name: community.name } : null,
    pendingCommunity: pending && user.pending_since ? { id: pending.id, name: pending.name, since: user.pending_since.toISOString() } : null,
    roles: [
      {
        role: 'resident',
        communityId: community?.id ?? null,
        communityName: community?.name ?? null,
        streetId: null,
        providerName: null,
      },
      ...grants.map((g) => ({
        role: g.role,
        communityId: g.communityId,
        communityName: g.communityName,
        streetId: g.streetId,
        providerName: g.providerName,
      })),
      ...(volunteer ? [{ role: 'volunteer' as const, communityId: null, communityName: null, streetId: null, providerName: null }] : []),
    ],
    elderMode: user.elder_mode,
    privacyAccepted,
  }
}

/**
 * Consent before login (个人信息保护法 第十三、十四条): the login page shows the 《隐私政策》 and
 * sends the version the person agreed to; without the current one no login method starts.
 */
function assertPrivacyConsent(version: string | undefined): void {
  if (version === PRIVACY_POLICY_VERSION) return
  throw new AppError('PRIVACY_CONSENT_REQUIRED', { message: version ? '隐私政策已更新，请阅读并同意新版后再登录' : undefined })
}

/** Records agreement to the current policy once; agreeing again changes nothing. */
async function recordPrivacyConsent(db: Db, userId: string): Promise<void> {
  if (!(await repo.hasActiveConsent(db, userId, 'privacy_policy', PRIVACY_POLICY_VERSION))) {
    await repo.insertConsent(db, userId, 'privacy_policy', PRIVACY_POLICY_VERSION)
  }
}

/** A new session and the consent it was opened under are written together, so neither exists alone. */
async function startSession(
  deps: Deps,
  user: AppUserRow,
  channel: 'wechat' | 'sms' | 'demo',
  wxSessionKeyEnc?: string,
): Promise<Session> {
  const token = newToken()
  const expiresAt = new Date(deps.now().getTime() + SESSION_TTL_DAYS * 24 * 3600 * 1000)
  await inTransaction(deps.db, async (trx) => {
    await repo.insertSession(trx, { userId: user.id, tokenHash: hashToken(token), channel, expiresAt, wxSessionKeyEnc })
    await recordPrivacyConsent(trx, user.id)
  })
  return { token, expiresAt: expiresAt.toISOString(), me: await getMe(deps, user.id) }
}

/** Finds the user a login names, creating them on first login; safe when two first logins race. */
async function findOrCreate(
  find: () => Promise<AppUserRow | undefined>,
  create: () => Promise<AppUserRow | undefined>,
): Promise<AppUserRow> {
  const existing = await find()
  if (existing) return existing
  const created = (await create()) ?? (await find())
  if (!created) throw new AppError('INTERNAL')
  return created
}

/**
 * WeChat login: the mini-program's `Taro.login` code is exchanged at code2session; the user is
 * found or created by openid; session_key stays on the server, encrypted.
 */
export async function loginWithWechat(
  deps: Deps,
  login: { code: string; privacyPolicyVersion?: string },
  ip: string,
): Promise<Session> {
  // Before code2session: a refused login must not spend the person's WeChat code.
  assertPrivacyConsent(login.privacyPolicyVersion)
  // WeChat allows 100 code2session calls per user a minute; a client looping must not burn them.
  await consumeRate(deps.db, { bucket: `wx-login:ip:${ip}`, windowSeconds: 60, max: 30 }, deps.now())
  const wx = await deps.wechat.code2Session(login.code)
  const user = await findOrCreate(
    () => repo.findUserByOpenid(deps.db, wx.openid),
    () => repo.insertUser(deps.db, { person: sealPerson(deps.cipher, { name: '微信用户', birthDate: null }), wxOpenid: wx.openid }),
  )
  return startSession(deps, user, 'wechat', deps.cipher.encrypt(wx.sessionKey))
}

function codeHash(deps: Deps, phone: string, code: string): string {
  return deps.cipher.lookupHash(`login-code:${phone}:${code}`)
}

/**
 * H5 login, step 1: a 6-digit code valid for 5 minutes.
 * 1. At most one code a minute and 5 an hour per phone, 20 an hour per IP (SMS costs money and
 *    can be used to harass a number).
 */
export async function sendLoginCode(deps: Deps, phone: string, ip: string): Promise<{ expiresInSeconds: number }> {
  const phoneHash = deps.cipher.lookupHash(phone)
  const now = deps.now()
  // 1.
  await consumeRate(deps.db, { bucket: `sms:phone-minute:${phoneHash}`, windowSeconds: 60, max: 1 }, now)
  await consumeRate(deps.db, { bucket: `sms:phone-hour:${phoneHash}`, windowSeconds: 3600, max: 5 }, now)
  await consumeRate(deps.db, { bucket: `sms:ip-hour:${ip}`, windowSeconds: 3600, max: 20 }, now)
  const code = randomDigits(LOGIN_CODE_LENGTH)
  await repo.insertLoginCode(deps.db, {
    phoneHash,
    codeHash: codeHash(deps, phone, code),
    expiresAt: new Date(now.getTime() + LOGIN_CODE_TTL_SECONDS * 1000),
  })
  await deps.sms.sendLoginCode(phone, code)
  return { expiresInSeconds: LOGIN_CODE_TTL_SECONDS }
}

/**
 * H5 login, step 2.
 * 1. The current 《隐私政策》 was agreed to (checked first, so a refusal leaves the code unspent).
 * 2. At most 30 tries per IP in 10 minutes, whatever the phone.
 * 3. Only the newest unused code counts; an expired one says so.
 * 4. Each code allows 5 tries, counted before comparing so parallel guesses cannot exceed it.
 * 5. A right code is used once: a concurrent second verify with it fails.
 */
export async function verifyLoginCode(
  deps: Deps,
  login: { phone: string; code: string; privacyPolicyVersion?: string },
  ip: string,
): Promise<Session> {
  const { phone, code } = login
  const now = deps.now()
  // 1.
  assertPrivacyConsent(login.privacyPolicyVersion)
  // 2.
  await consumeRate(deps.db, { bucket: `sms-verify:ip:${ip}`, windowSeconds: 600, max: 30 }, now)
  const phoneHash = deps.cipher.lookupHash(phone)
  // 3.
  const latest = await repo.findLatestLoginCode(deps.db, phoneHash)
  if (!latest) throw new AppError('LOGIN_CODE_INVALID')
  if (latest.expires_at <= now) throw new AppError('LOGIN_CODE_EXPIRED')
  // 4.
  const counted = await repo.countLoginCodeAttempt(deps.db, latest.id, MAX_CODE_ATTEMPTS)
  if (!counted) throw new AppError('RATE_LIMITED', { message: '验证码错误次数过多，请重新获取' })
  const expected = Buffer.from(latest.code_hash)
  const given = Buffer.from(codeHash(deps, phone, code))
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('LOGIN_CODE_INVALID')
  // 5.
  if (!(await repo.consumeLoginCode(deps.db, latest.id))) throw new AppError('LOGIN_CODE_INVALID')
  const user = await findOrCreate(
    () => repo.findUserByPhoneHash(deps.db, phoneHash),
    () =>
      repo.insertUser(deps.db, {
        person: sealPerson(deps.cipher, { name: `居民${phone.slice(-4)}`, birthDate: null }),
        phoneHash,
        phoneEnc: deps.cipher.encrypt(phone),
      }),
  )
  return startSession(deps, user, 'sms')
}

/** Development only: log in as one of the seeded personas. Off when NODE_ENV=production. */
export async function demoLogin(deps: Deps, login: { persona: DemoPersonaId; privacyPolicyVersion?: string }): Promise<Session> {
  if (!deps.config.demoLogin) throw new AppError('DEMO_DISABLED')
  assertPrivacyConsent(login.privacyPolicyVersion)
  const { persona } = login
  const user = await repo.findUserByPersona(deps.db, persona)
  if (!user) throw new AppError('NOT_FOUND', { message: '演示数据尚未生成' })
  return startSession(deps, user, 'demo')
}

export async function logout(deps: Deps, auth: Auth): Promise<void> {
  await repo.revokeSession(deps.db, auth.sessionId)
}

export async function setPreferences(deps: Deps, auth: Auth, elderMode: boolean): Promise<Me> {
  await repo.updateUser(deps.db, auth.userId, { elder_mode: elderMode })
  return getMe(deps, auth.userId)
}

/**
 * A resident is bound to one community at a time and may switch (DESIGN.md, roles), but being a
 * community's resident passes its residents-only services, so a move waits for its staff
 * (docs/decisions/019):
 * 1. The first community she chooses is hers at once: there is nothing to keep meanwhile.
 * 2. Choosing her own community again withdraws a pending move.
 * 3. Any other is a pending move (replacing an earlier one); she keeps her community until the new
 *    one's staff confirm it (auth/moves.ts).
 * The change is audited with it.
 */
export async function switchCommunity(deps: Deps, auth: Auth, communityId: string, requestId: string): Promise<Me> {
  const community = await findCommunityById(deps.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const user = await repo.lockUser(trx, auth.userId)
    if (!user) throw new AppError('UNAUTHENTICATED')
    // 1.
    if (user.community_id === null) {
      await repo.updateUser(trx, auth.userId, { community_id: communityId })
      await audit(trx, auth.userId, communityId, 'community.joined', requestId)
      // 2.
    } else if (user.community_id === communityId) {
      if (user.pending_community_id === null) return
      await repo.updateUser(trx, auth.userId, { pending_community_id: null, pending_since: null })
      await audit(trx, auth.userId, user.pending_community_id, 'community.move_withdrawn', requestId)
      // 3.
    } else if (user.pending_community_id !== communityId) {
      await repo.updateUser(trx, auth.userId, { pending_community_id: communityId, pending_since: now })
      await audit(trx, auth.userId, communityId, 'community.move_requested', requestId)
    }
  })
  return getMe(deps, auth.userId)
}

function audit(db: Db, userId: string, communityId: string, action: string, requestId: string): Promise<void> {
  return writeAudit(db, { actorUserId: userId, communityId, action, targetType: 'app_user', targetId: userId, requestId })
}

/** Someone signed in before the policy changed agrees to the new version on the privacy page. */
export async function acceptPrivacyPolicy(deps: Deps, auth: Auth): Promise<Me> {
  await recordPrivacyConsent(deps.db, auth.userId)
  return getMe(deps, auth.userId)
}
