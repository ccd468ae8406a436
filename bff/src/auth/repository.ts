import { type Insertable, type NotNull, sql } from 'kysely'
import type { Db } from '../db/database'
import { readAllTogether, readTogether } from '../platform/together'
import type { RoleGrantRow } from '../http/env'
import type { SealedPerson } from './sealed'
import type { UserRoleTable } from './table'

/** What the session middleware reads for a bearer token. */
export interface SessionRead {
  sessionId: string
  expiresAt: Date
  revokedAt: Date | null
  userId: string
  communityId: string | null
  birthDateEnc: string | null
  grants: Pick<UserRoleTable, 'role' | 'community_id' | 'street_id' | 'provider_id'>[]
  isVolunteer: boolean
}

/**
 * A session with its user, her role grants and whether she volunteers, by its token's hash.
 * Every signed-in request not kept in memory runs it, so it is written as one fixed SQL text
 * instead of being built with the query builder each time (building it cost more than the rest of
 * the middleware, docs/decisions/027-request-cost.md). Sessions looked up at the same moment (a
 * rush of people opening the app at 8:00) are read in one statement (platform/together).
 */
export const findSessionByTokenHash = readTogether(async (db: Db, tokenHashes: readonly string[]): Promise<Map<string, SessionRead>> => {
  const result = await sql<SessionRead & { tokenHash: string }>`select s.token_hash as "tokenHash", s.id as "sessionId", s.expires_at as "expiresAt", s.revoked_at as "revokedAt",
      u.id as "userId", u.community_id as "communityId", u.birth_date_enc as "birthDateEnc",
      (select coalesce(json_agg(agg), '[]') from (select r.role, r.community_id, r.street_id, r.provider_id from user_role r where r.user_id = u.id) as agg) as grants,
      exists (select 1 from volunteer_profile v where v.user_id = u.id) as "isVolunteer"
    from session s inner join app_user u on u.id = s.user_id
    where s.token_hash = any(${tokenHashes}::text[])`.execute(db)
  return new Map(result.rows.map(({ tokenHash, ...row }) => [tokenHash, row]))
})

export function insertSession(
  db: Db,
  values: { userId: string; tokenHash: string; channel: 'wechat' | 'sms' | 'demo'; expiresAt: Date; wxSessionKeyEnc?: string },
) {
  return db
    .insertInto('session')
    .values({
      user_id: values.userId,
      token_hash: values.tokenHash,
      channel: values.channel,
      expires_at: values.expiresAt,
      wx_session_key_enc: values.wxSessionKeyEnc ?? null,
      revoked_at: null,
    })
    .execute()
}

export function revokeSession(db: Db, sessionId: string) {
  return db.updateTable('session').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute()
}

export function updateWechatSessionKey(db: Db, userId: string, wxSessionKeyEnc: string) {
  return db
    .updateTable('session')
    .set({ wx_session_key_enc: wxSessionKeyEnc })
    .where('user_id', '=', userId)
    .where('channel', '=', 'wechat')
    .where('revoked_at', 'is', null)
    .execute()
}

export async function findRoleGrants(db: Db, userId: string): Promise<RoleGrantRow[]> {
  const rows = await db
    .selectFrom('user_role')
    .select(['role', 'community_id', 'street_id', 'provider_id'])
    .where('user_id', '=', userId)
    .execute()
  return rows.map((r) => ({ role: r.role, communityId: r.community_id, streetId: r.street_id, providerId: r.provider_id }))
}

export async function isVolunteer(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('volunteer_profile').select('user_id').where('user_id', '=', userId).executeTakeFirst()
  return row !== undefined
}

export function findUserById(db: Db, userId: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirst()
}

/** Sealed names and phones by id, asked for at the same moment (twenty bookings answered at once) read together. */
const peopleTogether = readAllTogether(async (db: Db, ids: readonly string[]) => {
  const rows = (await sql<{ id: string; display_name_enc: string; phone_enc: string | null }>`select id, display_name_enc, phone_enc from app_user where id = any(${[...ids]}::uuid[])`.execute(db)).rows
  return new Map(rows.map((r) => [r.id, r]))
})

/**
 * Names and phones of some people, for other domains' lists (one query per list). The only read
 * of app_user's names outside auth's own rules, so encrypting them changes this file alone. One
 * fixed SQL text with the ids as one array parameter, however many: every list page with names
 * runs it (docs/decisions/027-request-cost.md).
 */
export async function findPeopleByIds(db: Db, ids: readonly string[]): Promise<{ id: string; display_name_enc: string; phone_enc: string | null }[]> {
  return [...(await peopleTogether(db, ids)).values()]
}

/** A voter's pending move and sealed birth date, in one read (auth/residents.voterFacts). */
export async function findVoterFacts(db: Db, userId: string): Promise<{ pending_community_id: string | null; birth_date_enc: string | null } | undefined> {
  // A fixed SQL text: every ballot runs it (docs/decisions/027-request-cost.md).
  return (await sql<{ pending_community_id: string | null; birth_date_enc: string | null }>`select pending_community_id, birth_date_enc from app_user where id = ${userId}`.execute(db)).rows[0]
}

/** Accounts registered in a community and not deleted (a move still pending counts where it is). */
export async function countResidents(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findUserByOpenid(db: Db, openid: string) {
  return db.selectFrom('app_user').selectAll().where('wx_openid', '=', openid).executeTakeFirst()
}

export function findUserByPhoneHash(db: Db, phoneHash: string) {
  return db.selectFrom('app_user').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst()
}

/**
 * Residents of a community with this name and birth date, found by their HMAC (`identityHash`);
 * two rows are enough to know it is ambiguous.
 */
export function findResidentsByIdentity(db: Db, communityId: string, identityHash: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('identity_hash', '=', identityHash)
    .orderBy('created_at')
    .limit(2)
    .execute()
}

export function findUserByPersona(db: Db, persona: string) {
  return db.selectFrom('app_user').selectAll().where('demo_persona', '=', persona).executeTakeFirst()
}

export function insertUser(
  db: Db,
  values: { person: SealedPerson; wxOpenid?: string; phoneHash?: string; phoneEnc?: string; communityId?: string },
) {
  return db
    .insertInto('app_user')
    .values({
      ...values.person,
      wx_openid: values.wxOpenid ?? null,
      phone_hash: values.phoneHash ?? null,
      phone_enc: values.phoneEnc ?? null,
      community_id: values.communityId ?? null,
      demo_persona: null,
    })
    // A concurrent first login of the same person must not create two users.
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function updateUser(
  db: Db,
  userId: string,
  values: {
    elder_mode?: boolean
    community_id?: string
    pending_community_id?: string | null
    pending_since?: Date | null
    display_name_enc?: string
    birth_date_enc?: string | null
    identity_hash?: string | null
    phone_hash?: string
    phone_enc?: string
  },
) {
  return db.updateTable('app_user').set(values).where('id', '=', userId).execute()
}

/** Role grants with the names the 我的 page shows. */
export function findRoleGrantsWithNames(db: Db, userId: string) {
  return db
    .selectFrom('user_role')
    .leftJoin('community', 'community.id', 'user_role.community_id')
    .leftJoin('provider', 'provider.id', 'user_role.provider_id')
    .select([
      'user_role.role',
      'user_role.community_id as communityId',
      'community.name as communityName',
      'user_role.street_id as streetId',
      'provider.name as providerName',
    ])
    .where('user_role.user_id', '=', userId)
    .execute()
}

export async function hasActiveConsent(db: Db, userId: string, kind: string, version: string): Promise<boolean> {
  const row = await db
    .selectFrom('consent')
    .select('id')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}

export function insertConsent(db: Db, userId: string, kind: string, version: string) {
  return db.insertInto('consent').values({ user_id: userId, kind, version, withdrawn_at: null }).execute()
}

export async function withdrawConsent(db: Db, userId: string, kind: string, at: Date): Promise<void> {
  await db.updateTable('consent').set({ withdrawn_at: at }).where('user_id', '=', userId).where('kind', '=', kind).where('withdrawn_at', 'is', null).execute()
}

export function insertLoginCode(db: Db, values: { phoneHash: string; codeHash: string; expiresAt: Date }) {
  return db
    .insertInto('login_code')
    .values({ phone_hash: values.phoneHash, code_hash: values.codeHash, expires_at: values.expiresAt, consumed_at: null })
    .execute()
}

export function findLatestLoginCode(db: Db, phoneHash: string) {
  return db
    .selectFrom('login_code')
    .selectAll()
    .where('phone_hash', '=', phoneHash)
    .where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Counts a try atomically; undefined once the code has had its tries. */
export function countLoginCodeAttempt(db: Db, id: string, maxAttempts: number) {
  return db
    .updateTable('login_code')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', maxAttempts)
    .where('consumed_at', 'is', null)
    .returning('attempts')
    .executeTakeFirst()
}

/** Marks a code used; undefined if a concurrent request used it first. */
export function consumeLoginCode(db: Db, id: string) {
  return db
    .updateTable('login_code')
    .set({ consumed_at: new Date() })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/** 待确认的迁入 of a community, oldest first, with the community each resident comes from. */
export function findPendingMovesInto(db: Db, communityId: string) {
  return db
    .selectFrom('app_user')
    .leftJoin('community', 'community.id', 'app_user.community_id')
    .select(['app_user.id', 'app_user.display_name_enc', 'app_user.phone_enc', 'app_user.pending_since', 'community.name as from_community_name'])
    .where('app_user.pending_community_id', '=', communityId)
    // Both are set together by switchCommunity.
    .$narrowType<{ pending_since: NotNull }>()
    .orderBy('app_user.pending_since')
    .orderBy('app_user.id')
    .execute()
}

/**
 * Settles a pending move into `communityId`: confirmed, she becomes its resident; rejected, she
 * stays where she was. Undefined when there is no such move (decided already, or withdrawn).
 */
export function settlePendingMove(db: Db, userId: string, communityId: string, confirmed: boolean) {
  return db
    .updateTable('app_user')
    .set((eb) => ({
      ...(confirmed ? { community_id: eb.ref('pending_community_id') } : {}),
      pending_community_id: null,
      pending_since: null,
    }))
    .where('id', '=', userId)
    .where('pending_community_id', '=', communityId)
    .returning(['id', 'community_id'])
    .executeTakeFirst()
}

export function listConsents(db: Db, userId: string) {
  return db.selectFrom('consent').select(['kind', 'version', 'granted_at', 'withdrawn_at']).where('user_id', '=', userId).orderBy('granted_at').execute()
}

export function listSessions(db: Db, userId: string) {
  return db
    .selectFrom('session')
    .select(['id', 'channel', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute()
}

/**
 * Empties a deleted account's row: no name, phone, WeChat link, birth date or community is left,
 * so the bookings and ratings kept under its id lead to nobody. A later login is a new account.
 */
export function eraseUser(db: Db, userId: string, at: Date, tombstone: SealedPerson) {
  return db
    .updateTable('app_user')
    .set({
      ...tombstone,
      wx_openid: null,
      phone_hash: null,
      phone_enc: null,
      community_id: null,
      pending_community_id: null,
      pending_since: null,
      elder_mode: false,
      demo_persona: null,
      deleted_at: at,
    })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/** Locks the account row, so two deletions (or a deletion and a login's update) queue. */
export function lockUser(db: Db, userId: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst()
}

export function revokeAllSessions(db: Db, userId: string, at: Date) {
  return db.updateTable('session').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
}

/** What an account holds besides its row: consents, roles, volunteer profile, unused login codes. */
export async function deleteAccountData(db: Db, userId: string, phoneHash: string | null): Promise<void> {
  await db.deleteFrom('consent').where('user_id', '=', userId).execute()
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute()
  await db.deleteFrom('volunteer_profile').where('user_id', '=', userId).execute()
  if (phoneHash) await db.deleteFrom('login_code').where('phone_hash', '=', phoneHash).execute()
}

// Loading people (the demo seed): a persona is upserted by its id, so loading twice duplicates nothing.

/** A demo persona's user; a loaded one keeps her phone and settings, and gets the persona's name, birth date and community. */
export async function upsertPersona(
  db: Db,
  values: { persona: string; person: SealedPerson; phoneHash: string; phoneEnc: string; communityId: string },
): Promise<string> {
  const row = await db
    .insertInto('app_user')
    .values({
      ...values.person,
      demo_persona: values.persona,
      phone_hash: values.phoneHash,
      phone_enc: values.phoneEnc,
      community_id: values.communityId,
      wx_openid: null,
    })
    .onConflict((oc) => oc.column('demo_persona').doUpdateSet({ ...values.person, community_id: values.communityId }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A user's role grants, replaced as a whole. */
export async function replaceRoleGrants(db: Db, userId: string, grants: Omit<Insertable<UserRoleTable>, 'user_id'>[]): Promise<void> {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute()
  if (grants.length > 0) await db.insertInto('user_role').values(grants.map((g) => ({ ...g, user_id: userId }))).execute()
}

export async function addVolunteerProfile(db: Db, userId: string, communityId: string): Promise<void> {
  await db.insertInto('volunteer_profile').values({ user_id: userId, community_id: communityId }).onConflict((oc) => oc.column('user_id').doNothing()).execute()
}
