import {
  AGE_GROUP_LABELS,
  LIST_LIMIT_DEFAULT,
  type MyVolunteer,
  type MyVolunteerView,
  VOLUNTEER_ADULT_AGE,
  VOLUNTEER_AVAILABILITY,
  VOLUNTEER_MIN_AGE,
  VOLUNTEER_STATUS_LABELS,
  type VolunteerAvailability,
  type VolunteerListItem,
  type VolunteerListQuerySchema,
  type VolunteerRegisterSchema,
  type VolunteerSkill,
  type VolunteerStatusChangeSchema,
  type VolunteerUpdateSchema,
  ageGroupOf,
  ageOn,
  birthDateOfIdNumber,
  idNumberProblem,
  maskPhone,
  maskVolunteerId,
} from '@linli/shared'
import type { z } from 'zod'
import { markVolunteer } from '../auth/residents'
import { maskName } from '../booking/rules'
import { localDate, localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { auditLook, writeAudit } from '../platform/audit'
import type { FieldCipher } from '../platform/crypto'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import * as repo from './registration-repository'
import { findVolunteer } from './repository'
import type { VolunteerRow } from './table'
import * as teams from './team-repository'

/**
 * 实名注册 (issue 12 item 1; docs/decisions/029-volunteer-registration.md): a resident registers as a
 * volunteer by real name, sees and edits her registration (我的志愿), and staff of her community
 * list, suspend and reinstate volunteers.
 */

type Community = NonNullable<Awaited<ReturnType<typeof regions.findCommunityById>>>

async function communityOrThrow(db: Db, communityId: string): Promise<Community> {
  const community = await regions.findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community
}

/** 志愿者编号: ZY, the year of registration, and a six-digit serial from the sequence, e.g. ZY2026000123. */
function volunteerNumber(year: string, serial: number): string {
  return `ZY${year}${String(serial).padStart(6, '0')}`
}

/** Keeps the fixed order of the choices, whatever order they were tapped in. */
function inOrder(availability: readonly VolunteerAvailability[]): VolunteerAvailability[] {
  return VOLUNTEER_AVAILABILITY.filter((a) => availability.includes(a))
}

/** What a registration records, checked already (the ID number valid, the guardian there when needed). */
export interface Enrolment {
  userId: string
  communityId: string
  name: string
  idNumber: string
  birthDate: string
  phone: string
  skills: VolunteerSkill[]
  availability: VolunteerAvailability[]
  guardian: { name: string; phone: string } | undefined
  now: Date
  /** The registration's year on the community's clock, for the volunteer number. */
  year: string
}

/**
 * Records a registration in the caller's transaction (register, and the demo):
 * 1. under locks on her account and on the ID number's keyed hash, one registration per account
 *    and per ID number, so twenty at once with the same number register one;
 * 2. name, ID number, birth date, phone (and the guardian's) sealed; the ID kept only masked
 *    beside its hash; a number from the sequence.
 */
export async function enrol(trx: Db, cipher: FieldCipher, e: Enrolment): Promise<VolunteerRow> {
  const idHash = cipher.lookupHash(`id:${e.idNumber}`)
  // 1. Her account first, then the number: no two registrations wait on each other in turn.
  await repo.lockKey(trx, `volunteer:${e.userId}`)
  await repo.lockKey(trx, `volunteer-id:${idHash}`)
  if (await findVolunteer(trx, e.userId)) throw new AppError('VOLUNTEER_ALREADY_REGISTERED')
  if (await repo.findVolunteerByIdHash(trx, idHash)) throw new AppError('VOLUNTEER_ID_TAKEN')
  // 2.
  const volunteer = await repo.insertVolunteer(trx, {
    user_id: e.userId,
    community_id: e.communityId,
    volunteer_no: volunteerNumber(e.year, await repo.nextVolunteerSerial(trx)),
    name_enc: cipher.encrypt(e.name),
    id_number_enc: cipher.encrypt(e.idNumber),
    id_number_hash: idHash,
    id_masked: maskVolunteerId(e.idNumber),
    birth_date_enc: cipher.encrypt(e.birthDate),
    phone_enc: cipher.encrypt(e.phone),
    skills: e.skills,
    availability: inOrder(e.availability),
    guardian_name_enc: e.guardian ? cipher.encrypt(e.guardian.name) : null,
    guardian_phone_enc: e.guardian ? cipher.encrypt(e.guardian.phone) : null,
    guardian_consent_at: e.guardian ? e.now : null,
    id_consent_at: e.now,
    registered_at: e.now,
  })
  // 3. The volunteer role her session reads, in the same transaction.
  await markVolunteer(trx, e.userId, e.communityId)
  return volunteer
}

/**
 * Registers the caller as a volunteer of her community.
 * 1. She is bound to a community, agreed to the 注册须知, and gave the separate consent to collect
 *    her ID number.
 * 2. The ID number is a valid one (GB 11643 check character, a real birth date not after today).
 * 3. Her age on the community's today, from the ID: under 6 refused; under 18 only with a
 *    guardian's name, phone and consent (recorded as guardian_*).
 * 4. Recorded by `enrol` (one per account and per ID number, sealed), and audited.
 */
export async function register(deps: Deps, auth: Auth, input: z.output<typeof VolunteerRegisterSchema>, requestId: string): Promise<MyVolunteer> {
  // 1.
  if (!auth.communityId) throw new AppError('VOLUNTEER_NEEDS_COMMUNITY')
  if (!input.agreement) throw new AppError('VOLUNTEER_AGREEMENT_REQUIRED')
  if (!input.idConsent) throw new AppError('VOLUNTEER_ID_CONSENT_REQUIRED')
  const community = await communityOrThrow(deps.db, auth.communityId)
  const now = deps.now()
  const today = localDate(now, community.timezone)
  // 2.
  const problem = idNumberProblem(input.idNumber, today)
  if (problem) throw new AppError('VOLUNTEER_ID_INVALID', { message: problem, fields: [{ path: 'idNumber', message: problem }] })
  const birthDate = birthDateOfIdNumber(input.idNumber)
  // 3.
  const age = ageOn(birthDate, today)
  if (age < VOLUNTEER_MIN_AGE) throw new AppError('VOLUNTEER_TOO_YOUNG')
  const guardian = age < VOLUNTEER_ADULT_AGE ? input.guardian : undefined
  if (age < VOLUNTEER_ADULT_AGE && !guardian?.consent) throw new AppError('VOLUNTEER_MINOR_NEEDS_GUARDIAN')
  const row = await inTransaction(deps.db, async (trx) => {
    const created = await enrol(trx, deps.cipher, { ...input, userId: auth.userId, communityId: community.id, birthDate, guardian, now, year: today.slice(0, 4) })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'volunteer.registered',
      targetType: 'volunteer',
      targetId: auth.userId,
      detail: { volunteerNo: created.volunteer_no, ageGroup: ageGroupOf(age), guardian: guardian !== undefined },
      requestId,
    })
    return created
  })
  return toMyVolunteer(deps, row, community)
}

/** 我的志愿: her registration with her teams and confirmed hours, or null before she registers. */
export async function myVolunteer(deps: Deps, auth: Auth): Promise<MyVolunteerView> {
  const row = await findVolunteer(deps.db, auth.userId)
  if (!row || row.status === 'withdrawn') return { registration: null }
  return { registration: await toMyVolunteer(deps, row, await communityOrThrow(deps.db, row.community_id)) }
}

/** She changes her phone, skills and availability; her name and ID number are 实名 and stay. */
export async function updateMine(deps: Deps, auth: Auth, input: z.output<typeof VolunteerUpdateSchema>, requestId: string): Promise<MyVolunteer> {
  const row = await inTransaction(deps.db, async (trx) => {
    const current = await repo.lockVolunteer(trx, auth.userId)
    if (!current || current.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_REGISTERED')
    const updated = await repo.updateVolunteer(trx, auth.userId, { phone_enc: deps.cipher.encrypt(input.phone), skills: input.skills, availability: inOrder(input.availability) })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: current.community_id,
      action: 'volunteer.updated',
      targetType: 'volunteer',
      targetId: auth.userId,
      detail: { skills: input.skills, availability: input.availability },
      requestId,
    })
    return updated
  })
  return toMyVolunteer(deps, row, await communityOrThrow(deps.db, row.community_id))
}

async function toMyVolunteer(deps: Deps, row: VolunteerRow, community: Community): Promise<MyVolunteer> {
  const [teamRows, minutes] = await Promise.all([teams.findTeamsOf(deps.db, row.user_id), repo.confirmedMinutesOf(deps.db, row.user_id)])
  const c = deps.cipher
  const ageGroup = ageGroupOf(ageOn(c.decrypt(row.birth_date_enc), localDate(deps.now(), community.timezone)))
  return {
    volunteerNo: row.volunteer_no,
    name: c.decrypt(row.name_enc),
    idMasked: row.id_masked,
    phoneMasked: maskPhone(c.decrypt(row.phone_enc)),
    skills: row.skills,
    availability: row.availability.filter((a): a is VolunteerAvailability => (VOLUNTEER_AVAILABILITY as readonly string[]).includes(a)),
    ageGroup,
    ageGroupLabel: AGE_GROUP_LABELS[ageGroup],
    guardianRecorded: row.guardian_consent_at !== null,
    status: row.status,
    statusLabel: VOLUNTEER_STATUS_LABELS[row.status],
    communityId: row.community_id,
    registeredAt: row.registered_at.toISOString(),
    registeredAtLocal: localMoment(row.registered_at, community.timezone),
    teams: teamRows.map((t) => ({ id: t.id, name: t.name, role: t.role })),
    totalMinutes: minutes,
    totalHours: Math.round(minutes / 6) / 10,
  }
}

/** Staff of the community (or the street admin above it), or FORBIDDEN. */
async function managedCommunity(db: Db, auth: Auth, communityId: string): Promise<Community> {
  const community = await communityOrThrow(db, communityId)
  if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以管理志愿者' })
  return community
}

/** A volunteer as staff see her: masked name and ID, never a phone. */
function toListItem(
  cipher: FieldCipher,
  r: Pick<VolunteerRow, 'user_id' | 'volunteer_no' | 'name_enc' | 'id_masked' | 'birth_date_enc' | 'skills' | 'status' | 'registered_at'>,
  tz: string,
  today: string,
): VolunteerListItem {
  return {
    userId: r.user_id,
    volunteerNo: r.volunteer_no,
    name: maskName(cipher.decrypt(r.name_enc)),
    idMasked: r.id_masked,
    skills: r.skills,
    ageGroup: ageGroupOf(ageOn(cipher.decrypt(r.birth_date_enc), today)),
    status: r.status,
    statusLabel: VOLUNTEER_STATUS_LABELS[r.status],
    registeredAtLocal: localMoment(r.registered_at, tz),
  }
}

/**
 * The community's volunteers for its staff, newest first, a page: masked name and ID, skills, age
 * group, status, never a phone. Reading the list is audited (staff access to residents' data).
 */
export async function listVolunteers(deps: Deps, auth: Auth, communityId: string, query: z.output<typeof VolunteerListQuerySchema>, requestId: string) {
  const community = await managedCommunity(deps.db, auth, communityId)
  const limit = query.limit ?? LIST_LIMIT_DEFAULT
  const rows = await repo.listCommunityVolunteers(deps.db, { communityId, after: query.cursor ? decodeCursor(query.cursor, 'instant') : undefined, limit })
  const page = pageFrom(rows, limit, (r) => ({ key: r.registered_at, id: r.user_id }))
  await auditLook(deps.db, { actorUserId: auth.userId, communityId, action: 'volunteer.list_viewed', targetType: 'community', targetId: communityId, detail: { shown: page.rows.length }, requestId })
  const today = localDate(deps.now(), community.timezone)
  const items = page.rows.map((r) => toListItem(deps.cipher, r, community.timezone, today))
  return { items, nextCursor: page.nextCursor }
}

/**
 * Staff suspend a volunteer (she cannot sign up while suspended: facts.ts gives V2 her status) or
 * reinstate her, with a reason, audited. A withdrawn registration is not found.
 */
export async function changeStatus(deps: Deps, auth: Auth, userId: string, input: z.output<typeof VolunteerStatusChangeSchema>, requestId: string): Promise<VolunteerListItem> {
  return inTransaction(deps.db, async (trx) => {
    const current = await repo.lockVolunteer(trx, userId)
    if (!current || current.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_FOUND')
    const community = await managedCommunity(trx, auth, current.community_id)
    if (current.status === input.status) throw new AppError('VOLUNTEER_STATUS_UNCHANGED')
    const updated = await repo.updateVolunteer(trx, userId, { status: input.status, suspended_until: null })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: input.status === 'suspended' ? 'volunteer.suspended' : 'volunteer.reinstated',
      targetType: 'volunteer',
      targetId: userId,
      detail: { reason: input.reason },
      requestId,
    })
    return toListItem(deps.cipher, updated, community.timezone, localDate(deps.now(), community.timezone))
  })
}
