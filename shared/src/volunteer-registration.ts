import { z } from 'zod'
import { PhoneSchema } from './auth'
import { LocalMomentSchema } from './calendar'
import { PageQuerySchema, pageOf, text } from './common'
import { ageOn } from './eligibility'
import { VolunteerSkillSchema, VolunteerStatusSchema } from './volunteer'

/**
 * 志愿服务 — 实名注册 and 志愿服务队 (issue 12 item 1; docs/decisions/029-volunteer-registration.md).
 * Schemas shared by the BFF and the mini-program, and this feature's error fragment is in
 * volunteer-registration-errors.ts (errors.ts spreads it into ERRORS). Never import './errors' here.
 */
export const VOLUNTEER_NAME_MAX_LENGTH = 20
export const TEAM_NAME_MAX_LENGTH = 30
export const TEAM_DESCRIPTION_MAX_LENGTH = 200
export const VOLUNTEER_REASON_MAX_LENGTH = 200
/** Nobody younger registers (the activities' own minimum age is 6 at the lowest). */
export const VOLUNTEER_MIN_AGE = 6
/** Under this age a guardian comes along (志愿服务条例 art. 15; GB/T 40143). */
export const VOLUNTEER_CHILD_AGE = 14
/** Under this age a guardian's consent is recorded. */
export const VOLUNTEER_ADULT_AGE = 18

/** 服务时间: when she can usually serve. */
export const VOLUNTEER_AVAILABILITY = ['weekday_day', 'weekday_evening', 'weekend'] as const
export const VolunteerAvailabilitySchema = z.enum(VOLUNTEER_AVAILABILITY)
export type VolunteerAvailability = z.infer<typeof VolunteerAvailabilitySchema>
export const VOLUNTEER_AVAILABILITY_LABELS: Record<VolunteerAvailability, string> = { weekday_day: '工作日白天', weekday_evening: '工作日晚上', weekend: '周末' }

export const VOLUNTEER_STATUS_LABELS: Record<z.infer<typeof VolunteerStatusSchema>, string> = { active: '正常', suspended: '已暂停', withdrawn: '已注销' }

/** adult 18+; minor 14–17 (guardian's consent recorded); child 6–13 (serves with a guardian, where an activity allows it). */
export const AgeGroupSchema = z.enum(['adult', 'minor', 'child'])
export type AgeGroup = z.infer<typeof AgeGroupSchema>
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = { adult: '成年志愿者', minor: '未成年志愿者（14–17周岁）', child: '少年志愿者（14周岁以下，须监护人陪同）' }

export function ageGroupOf(age: number): AgeGroup {
  if (age >= VOLUNTEER_ADULT_AGE) return 'adult'
  return age >= VOLUNTEER_CHILD_AGE ? 'minor' : 'child'
}

// GB 11643-1999: 17 digits weighted, the 18th a check character (0–9 or X) of the sum modulo 11.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The check character GB 11643 gives the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((n, w, i) => n + w * Number(first17[i]), 0)
  return ID_CHECK[sum % 11] ?? ''
}

/** The birth date inside an 18-character ID number (YYYY-MM-DD), unchecked. */
export function birthDateOfIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** Why an ID number is not a valid one, in words a resident understands; null when it is. `today` bounds the birth date. */
export function idNumberProblem(id: string, today: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，前17位是数字，最后一位是数字或X'
  const birth = birthDateOfIdNumber(id)
  const parsed = new Date(`${birth}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth || birth < '1900-01-01' || birth > today) {
    return '身份证号码中的出生日期不正确，请核对'
  }
  if (idCheckCharacter(id) !== id[17]) return '身份证号码校验位不正确，请核对是否输错'
  return null
}

/** 330106199001011234 → 3301**********1234: the only way an ID number is ever shown. */
export function maskVolunteerId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(id.length - 8, 0))}${id.slice(-4)}`
}

/** Her age on `today` from the ID number, for the form to ask for a guardian's details before submitting. */
export function ageFromIdNumber(id: string, today: string): number | null {
  return idNumberProblem(id, today) === null ? ageOn(birthDateOfIdNumber(id), today) : null
}

const SkillsSchema = z.array(VolunteerSkillSchema).min(1, '请至少选择一项服务技能').refine((s) => new Set(s).size === s.length, '服务技能不能重复')
const AvailabilitySchema = z.array(VolunteerAvailabilitySchema).min(1, '请至少选择一个可服务时间').refine((s) => new Set(s).size === s.length, '服务时间不能重复')

export const GuardianInputSchema = z.object({
  name: text({ label: '监护人姓名', min: 1, max: VOLUNTEER_NAME_MAX_LENGTH }),
  phone: PhoneSchema,
  /** The guardian agrees to the minor volunteering and to her information being collected. */
  consent: z.boolean(),
})

export const VolunteerRegisterSchema = z.object({
  name: text({ label: '真实姓名', min: 1, max: VOLUNTEER_NAME_MAX_LENGTH }),
  /** Checked by the BFF (GB 11643 and a real birth date): a lower-case x is taken as X. */
  idNumber: z.string().trim().toUpperCase().max(18, '身份证号码应为18位'),
  phone: PhoneSchema,
  skills: SkillsSchema,
  availability: AvailabilitySchema,
  /** 注册须知: she volunteers freely and unpaid, and agrees to her name, phone and skills being used to match and record her service. */
  agreement: z.boolean(),
  /** The separate consent to collect the ID number (PIPL art. 29: sensitive personal information). */
  idConsent: z.boolean(),
  /** Required under 18 (and with its consent). */
  guardian: GuardianInputSchema.optional(),
})
export type VolunteerRegisterInput = z.input<typeof VolunteerRegisterSchema>

/** What she may change herself; her name and ID number are 实名 and change only by registering anew. */
export const VolunteerUpdateSchema = z.object({ phone: PhoneSchema, skills: SkillsSchema, availability: AvailabilitySchema })

export const VolunteerTeamRefSchema = z.object({ id: z.uuid(), name: z.string(), role: z.enum(['leader', 'member']) })

export const MyVolunteerSchema = z.object({
  volunteerNo: z.string(),
  name: z.string(),
  idMasked: z.string(),
  phoneMasked: z.string(),
  skills: z.array(VolunteerSkillSchema),
  availability: z.array(VolunteerAvailabilitySchema),
  ageGroup: AgeGroupSchema,
  ageGroupLabel: z.string(),
  guardianRecorded: z.boolean(),
  status: VolunteerStatusSchema,
  statusLabel: z.string(),
  communityId: z.uuid(),
  registeredAt: z.iso.datetime({ offset: true }),
  registeredAtLocal: LocalMomentSchema,
  teams: z.array(VolunteerTeamRefSchema),
  /** Confirmed service, from the hours rollup. */
  totalMinutes: z.number().int(),
  totalHours: z.number(),
})
export type MyVolunteer = z.infer<typeof MyVolunteerSchema>
export const MyVolunteerViewSchema = z.object({ registration: MyVolunteerSchema.nullable() })
export type MyVolunteerView = z.infer<typeof MyVolunteerViewSchema>

/** A volunteer as staff list her: masked name and ID, never a phone. */
export const VolunteerListItemSchema = z.object({
  userId: z.uuid(),
  volunteerNo: z.string(),
  name: z.string(),
  idMasked: z.string(),
  skills: z.array(VolunteerSkillSchema),
  ageGroup: AgeGroupSchema,
  status: VolunteerStatusSchema,
  statusLabel: z.string(),
  registeredAtLocal: LocalMomentSchema,
})
export type VolunteerListItem = z.infer<typeof VolunteerListItemSchema>
export const VolunteerPageSchema = pageOf(VolunteerListItemSchema)
export const VolunteerListQuerySchema = PageQuerySchema

export const VolunteerStatusChangeSchema = z.object({
  status: z.enum(['active', 'suspended']),
  reason: text({ label: '原因', min: 1, max: VOLUNTEER_REASON_MAX_LENGTH }),
})

export const TeamInputSchema = z.object({
  name: text({ label: '服务队名称', min: 1, max: TEAM_NAME_MAX_LENGTH }),
  description: text({ label: '服务队简介', max: TEAM_DESCRIPTION_MAX_LENGTH, multiline: true }).default(''),
})
export type TeamInput = z.input<typeof TeamInputSchema>

export const TeamSchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  /** Masked names. */
  leaders: z.array(z.string()),
  /** Her role in it, or null. */
  mine: z.enum(['leader', 'member']).nullable(),
  /** She is an active volunteer of the community, not in the team. */
  canJoin: z.boolean(),
  canManage: z.boolean(),
})
export type Team = z.infer<typeof TeamSchema>
export const TeamListSchema = z.object({ items: z.array(TeamSchema) })
export const TeamListQuerySchema = z.object({ communityId: z.uuid().optional() })

export const TeamMemberSchema = z.object({ userId: z.uuid(), name: z.string(), volunteerNo: z.string(), role: z.enum(['leader', 'member']), joinedAtLocal: LocalMomentSchema })
export type TeamMember = z.infer<typeof TeamMemberSchema>
export const TeamMemberPageSchema = pageOf(TeamMemberSchema)
export const TeamRoleSchema = z.object({ role: z.enum(['leader', 'member']) })

/** Her registration in 下载我的数据: the ID number masked, never whole. */
export const VolunteerPersonalDataSchema = z.object({
  volunteerNo: z.string(),
  name: z.string(),
  idMasked: z.string(),
  birthDate: z.string(),
  phone: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.array(z.string()),
  guardian: z.object({ name: z.string(), phone: z.string(), consentAt: z.iso.datetime({ offset: true }) }).nullable(),
  idConsentAt: z.iso.datetime({ offset: true }),
  status: z.string(),
  registeredAt: z.iso.datetime({ offset: true }),
  teams: z.array(z.object({ name: z.string(), role: z.string(), joinedAt: z.iso.datetime({ offset: true }) })),
})
export type VolunteerPersonalData = z.infer<typeof VolunteerPersonalDataSchema>

export { VOLUNTEER_REGISTRATION_ERRORS } from './volunteer-registration-errors'
