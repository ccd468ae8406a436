import { type FamilyMember, type FamilyMemberInputSchema, ageOn } from '@linli/shared'
import type { z } from 'zod'
import { recordConsent, withdrawConsent } from '../auth/consents'
import { CHINA_TIME_ZONE, localDate } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import type { FieldCipher } from '../platform/crypto'
import { findCommunityById } from '../region/service'
import * as repo from './repository'

/** Under 14 a child's information needs the guardian's separate consent (PIPL art. 31). */
const CHILD_CONSENT_AGE = 14
const CHILD_CONSENT_VERSION = '1'
const childConsentKind = (memberId: string) => `child_info:${memberId}`

export async function listFamily(deps: Deps, auth: Auth): Promise<{ items: FamilyMember[] }> {
  const rows = await repo.listFamilyMembers(deps.db, auth.userId)
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: deps.cipher.decrypt(r.name_enc),
      relation: r.relation as FamilyMember['relation'],
      birthDate: deps.cipher.decrypt(r.birth_date_enc),
    })),
  }
}

/** A resident's family member, decrypted, for booking on their behalf; none if not theirs or removed. */
export async function familyMemberOf(deps: Deps, db: Db, userId: string, memberId: string): Promise<{ id: string; birthDate: string } | undefined> {
  const member = await repo.findFamilyMember(db, userId, memberId)
  return member && { id: member.id, birthDate: deps.cipher.decrypt(member.birth_date_enc) }
}

/** Some members' names (decrypted) and relations, by id, for bookings made on their behalf; one query however many. */
export async function familyMembersByIds(db: Db, cipher: FieldCipher, ids: readonly string[]): Promise<Map<string, { name: string; relation: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await repo.findMembersByIds(db, [...new Set(ids)])
  return new Map(rows.map((r) => [r.id, { name: cipher.decrypt(r.name_enc), relation: r.relation }]))
}

/**
 * Adds a family member the resident may book for. A child under 14 needs the guardian's separate
 * consent, recorded in `consent` with the member; name and birth date are stored encrypted.
 */
export async function addFamilyMember(deps: Deps, auth: Auth, input: z.output<typeof FamilyMemberInputSchema>): Promise<FamilyMember> {
  // "Today" and the age of 14 are counted on the resident's community's calendar.
  const community = auth.communityId ? await findCommunityById(deps.db, auth.communityId) : undefined
  const today = localDate(deps.now(), community?.timezone ?? CHINA_TIME_ZONE)
  if (input.birthDate > today) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'birthDate', message: '出生日期不能晚于今天' }] })
  }
  const child = ageOn(input.birthDate, today) < CHILD_CONSENT_AGE
  if (child && !input.childConsent) throw new AppError('CHILD_CONSENT_REQUIRED')
  const id = await inTransaction(deps.db, async (trx) => {
    const memberId = await repo.insertFamilyMember(trx, {
      user_id: auth.userId,
      relation: input.relation,
      name_enc: deps.cipher.encrypt(input.name),
      birth_date_enc: deps.cipher.encrypt(input.birthDate),
      deleted_at: null,
    })
    if (child) await recordConsent(trx, auth.userId, childConsentKind(memberId), CHILD_CONSENT_VERSION)
    return memberId
  })
  return { id, name: input.name, relation: input.relation, birthDate: input.birthDate }
}

/** A deleted account's family members go with it, in the caller's transaction (their consents go with auth's). */
export function deleteFamilyOf(db: Db, userId: string): Promise<void> {
  return repo.deleteFamilyMembers(db, userId)
}

/** Removes a member and withdraws the consent given for a child's information, together. */
export async function removeFamilyMember(deps: Deps, auth: Auth, id: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    if (!(await repo.removeFamilyMember(trx, auth.userId, id, deps.now()))) throw new AppError('FAMILY_MEMBER_NOT_FOUND')
    await withdrawConsent(trx, auth.userId, childConsentKind(id), deps.now())
  })
}
