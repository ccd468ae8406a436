import { idCheckCharacter } from '@linli/shared'
import { randomInt } from 'node:crypto'
import type { VolunteerSkill } from '@linli/shared'
import type { Db } from '../../bff/src/db/database'
import { newCodeSecret } from '../../bff/src/volunteer/facts'
import { TEST_CIPHER, createUser, sessionFor } from './factories'

/**
 * 志愿服务 test factories (issue 12): a registered volunteer and a published activity with shifts,
 * written as registration and publishing would leave them, so each feature's tests start from
 * there without going through the other features' routes.
 */

let serial = 0

let idSerial = randomInt(1000)

/**
 * An 18-character ID number with the birth date inside (the check digit is not verified here).
 * The area code counts up, so a test file's volunteers never share one, whatever their birth dates.
 */
/** A valid ID number (GB 11643 check character) with the birth date inside, the serial chosen by the test. */
export function idNumberWithSerial(birthDate: string, serial: string): string {
  const first17 = `330106${birthDate.replaceAll('-', '')}${serial}`
  return `${first17}${idCheckCharacter(first17)}`
}

export function idNumberFor(birthDate: string): string {
  idSerial = (idSerial + 1) % 1_000_000
  return `${String(idSerial).padStart(6, '0')}${birthDate.replaceAll('-', '')}${String(randomInt(1000)).padStart(3, '0')}${randomInt(10)}`
}

export async function createVolunteer(
  db: Db,
  values: { communityId: string; name?: string; birthDate?: string; skills?: VolunteerSkill[]; guardianConsent?: boolean; status?: 'active' | 'suspended' },
) {
  const birthDate = values.birthDate ?? '1980-05-20'
  const name = values.name ?? '测试志愿者'
  const user = await createUser(db, { name, birthDate, communityId: values.communityId, volunteerCommunityId: values.communityId })
  const idNumber = idNumberFor(birthDate)
  serial++
  await db
    .insertInto('volunteer')
    .values({
      user_id: user.id,
      community_id: values.communityId,
      volunteer_no: `T${Date.now().toString(36)}${serial}${randomInt(1000)}`,
      name_enc: TEST_CIPHER.encrypt(name),
      id_number_enc: TEST_CIPHER.encrypt(idNumber),
      id_number_hash: TEST_CIPHER.lookupHash(`id:${idNumber}`),
      id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      birth_date_enc: TEST_CIPHER.encrypt(birthDate),
      phone_enc: TEST_CIPHER.encrypt('13800000000'),
      skills: values.skills ?? ['elder_care'],
      guardian_consent_at: values.guardianConsent ? new Date() : null,
      id_consent_at: new Date(),
      status: values.status ?? 'active',
    })
    .execute()
  return { user, idNumber, token: await sessionFor(db, user.id) }
}

export interface ShiftSpec {
  startsAt: Date
  endsAt: Date
  capacity: number
  role?: string
  signupDeadline?: Date
}

/** A published activity of a community (optionally a team's) with its shifts. */
export async function createActivity(
  db: Db,
  values: {
    communityId: string
    createdBy: string
    teamId?: string | null
    kind?: 'activity' | 'help_request' | 'service_slot'
    title?: string
    category?: VolunteerSkill
    requiredSkills?: VolunteerSkill[]
    minAge?: number
    minorsWithGuardian?: boolean
    slotId?: string | null
    shifts: ShiftSpec[]
  },
) {
  const activity = await db
    .insertInto('volunteer_activity')
    .values({
      community_id: values.communityId,
      team_id: values.teamId ?? null,
      kind: values.kind ?? 'activity',
      title: values.title ?? '关爱独居老人上门探访',
      content: '两人一组上门探访独居老人，陪聊、检查用电用气安全。',
      category: values.category ?? 'elder_care',
      place: '桂花社区党群服务中心',
      required_skills: values.requiredSkills ?? [],
      min_age: values.minAge ?? 18,
      minors_with_guardian: values.minorsWithGuardian ?? false,
      training: null,
      headcount: values.shifts.reduce((n, s) => n + s.capacity, 0) || 1,
      how_to_sign_up: '在“邻里”小程序志愿活动页报名',
      risks: '',
      risky: false,
      insurance: null,
      status: 'published',
      cancel_reason: null,
      slot_id: values.slotId ?? null,
      created_by: values.createdBy,
      published_by: values.createdBy,
      published_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const shifts = await db
    .insertInto('volunteer_shift')
    .values(
      values.shifts.map((s) => ({
        activity_id: activity.id,
        community_id: values.communityId,
        role: s.role ?? '探访志愿者',
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        capacity: s.capacity,
        signup_deadline: s.signupDeadline ?? new Date(s.startsAt.getTime() - 3600_000),
        code_secret: newCodeSecret(),
      })),
    )
    .returningAll()
    .execute()
  return { activity, shifts }
}
