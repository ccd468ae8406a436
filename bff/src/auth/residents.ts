import type { WalkInSchema } from '@linli/shared'
import { sql } from 'kysely'
import type { z } from 'zod'
import { keptById } from '../cache/kept'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import { AppError } from '../http/errors'
import type { FieldCipher } from '../platform/crypto'
import * as repo from './repository'
import { identityHash, openPerson, sealPerson } from './sealed'
import type { AppUserRow } from './table'

/** Serialises two counters registering the same person (a transaction-level advisory lock). */
async function lockKey(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db)
}

/**
 * Who a walk-in is, decided so that a booking never lands on the wrong person:
 * 1. A phone number on file: that resident.
 * 2. Otherwise, with a birth date (checked against an ID at the counter), the residents of the
 *    slot's community with the same name and birth date. Exactly one, and no other phone number on
 *    file than the one given: them. More than one and no phone to tell them apart:
 *    RESIDENT_AMBIGUOUS (staff ask for a phone number). Never a name alone, never another community.
 * 3. Anyone else is a new resident of the community, with what the counter was told.
 * Under a lock on the name and birth date, so two counters cannot register the same person twice.
 * A found resident gets what the counter learnt and they lacked: community, birth date, phone.
 * Runs in the caller's transaction, so a refused booking leaves nobody registered.
 */
export async function findOrRegisterResident(deps: Deps, trx: Db, communityId: string, input: z.output<typeof WalkInSchema>) {
  const phone = input.phone ? { hash: deps.cipher.lookupHash(input.phone), enc: deps.cipher.encrypt(input.phone) } : null
  // 1.
  const byPhone = phone && (await repo.findUserByPhoneHash(trx, phone.hash))
  if (byPhone) return { resident: await completeResident(deps.cipher, trx, byPhone, communityId, input.birthDate, null), found: true }
  // 2.
  if (input.birthDate) {
    await lockKey(trx, `walk-in:${communityId}:${input.name}:${input.birthDate}`)
    const matches = await repo.findResidentsByIdentity(trx, communityId, identityHash(deps.cipher, input.name, input.birthDate))
    const [match] = matches
    if (match && matches.length === 1 && (!phone || match.phone_hash === null)) {
      return { resident: await completeResident(deps.cipher, trx, match, communityId, input.birthDate, phone), found: true }
    }
    if (matches.length > 1 && !phone) throw new AppError('RESIDENT_AMBIGUOUS')
  }
  // 3.
  const person = sealPerson(deps.cipher, { name: input.name, birthDate: input.birthDate ?? null })
  const created = await repo.insertUser(trx, { person, phoneHash: phone?.hash, phoneEnc: phone?.enc, communityId })
  // Only a phone number can clash: someone registered it between our look-up and now.
  if (!created) throw new AppError('CONFLICT', { message: '这个手机号刚刚被登记，请再提交一次' })
  return { resident: { id: created.id, communityId, birthDate: input.birthDate ?? null }, found: false }
}

/** Fills in what a found resident lacked; returns who she is for the booking, decrypted. */
async function completeResident(
  cipher: FieldCipher,
  db: Db,
  resident: AppUserRow,
  communityId: string,
  birthDate: string | undefined,
  phone: { hash: string; enc: string } | null,
): Promise<{ id: string; communityId: string; birthDate: string | null }> {
  const known = openPerson(cipher, resident)
  const completed = { id: resident.id, communityId: resident.community_id ?? communityId, birthDate: known.birthDate ?? birthDate ?? null }
  const addsBirthDate = known.birthDate === null && completed.birthDate !== null
  const addsPhone = phone !== null && resident.phone_hash === null
  if (completed.communityId === resident.community_id && !addsBirthDate && !addsPhone) return completed
  await repo.updateUser(db, resident.id, {
    community_id: completed.communityId,
    // A birth date learnt at the counter also gives her the look-up by name and birth date.
    ...(addsBirthDate ? sealPerson(cipher, { name: known.name, birthDate: completed.birthDate }) : {}),
    ...(addsPhone ? { phone_hash: phone.hash, phone_enc: phone.enc } : {}),
  })
  return completed
}

/**
 * Who some people are, by id, decrypted: how other domains show a booker or a rater (a name,
 * the phone staff call back on) without reading app_user. One query however many, for those not
 * kept: the sealed rows are kept in memory until app_user (or a session) changes, as the
 * session's are, and opened on each use (the staff board showed the same names on every look).
 */
export async function peopleByIds(db: Db, cipher: FieldCipher, ids: readonly string[]): Promise<Map<string, { name: string; phone: string | null }>> {
  if (ids.length === 0) return new Map()
  const rows = await keptById(db, 'auth', 'person', ids, (missing) => repo.findPeopleByIds(db, missing), (r) => r.id)
  return new Map([...rows.values()].map((r) => [r.id, { name: cipher.decrypt(r.display_name_enc), phone: r.phone_enc === null ? null : cipher.decrypt(r.phone_enc) }]))
}

/** How many residents a community has registered: the base of shares such as 协商's 1 % threshold. */
/**
 * What a ballot asks of its voter, in one read: whether her move to another community waits for
 * staff (she is suspended from the community's decisions until it is settled, so nobody votes in
 * two places) and her birth date (the 居民会议 age rule), decrypted for this one check.
 */
export async function voterFacts(db: Db, cipher: FieldCipher, userId: string): Promise<{ movePending: boolean; birthDate: string | null }> {
  const row = await repo.findVoterFacts(db, userId)
  return { movePending: row?.pending_community_id != null, birthDate: row?.birth_date_enc ? cipher.decrypt(row.birth_date_enc) : null }
}

export function registeredResidents(db: Db, communityId: string): Promise<number> {
  return repo.countResidents(db, communityId)
}

/** 年满十八周岁 on `day` (both YYYY-MM-DD): born on or before the same date 18 years earlier (ISO dates compare as strings). */
export function isAdultOn(birthDate: string, day: string): boolean {
  const year = Number(day.slice(0, 4)) - 18
  return birthDate <= `${String(year).padStart(4, '0')}${day.slice(4)}`
}

/**
 * The 居民会议 electorate: the community's residents aged 18+ on `day` (the vote's opening day, on
 * the community's clock). Birth dates are sealed, so this decrypts each once, when a vote opens.
 * A resident whose birth date was never given (a WeChat sign-up) counts: an account holder is
 * taken to be an adult unless her recorded birth date says otherwise (docs/decisions/021).
 */
export async function adultResidents(db: Db, cipher: FieldCipher, communityId: string, day: string): Promise<number> {
  const rows = await db.selectFrom('app_user').select('birth_date_enc').where('community_id', '=', communityId).where('deleted_at', 'is', null).execute()
  return rows.filter((r) => r.birth_date_enc === null || isAdultOn(cipher.decrypt(r.birth_date_enc), day)).length
}

/** Marks her a volunteer of a community (the role her session reads, in `isVolunteer`), in the caller's transaction. */
export function markVolunteer(db: Db, userId: string, communityId: string): Promise<void> {
  return repo.addVolunteerProfile(db, userId, communityId)
}
