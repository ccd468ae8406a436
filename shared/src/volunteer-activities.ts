import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { ActivityKindSchema, ActivityStatusSchema, SignupStatusSchema, VolunteerSkillSchema } from './volunteer'

/**
 * 志愿服务 — activities (issue 12). Schemas shared by the BFF and the mini-program, and this feature's
 * error fragment is in volunteer-activities-errors.ts (errors.ts spreads it into ERRORS). Never import './errors' here.
 * 活动与班次、报名与候补 (item 2; docs/decisions/030-volunteer-activities.md): what GB/T 40143 asks an
 * activity to publish, its shifts with seats, and a volunteer's sign-up or place on the waitlist.
 */
export const ACTIVITY_TITLE_MAX_LENGTH = 40
export const ACTIVITY_CONTENT_MAX_LENGTH = 2000
export const ACTIVITY_FIELD_MAX_LENGTH = 200
export const ACTIVITY_REASON_MAX_LENGTH = 200
export const ACTIVITY_SHIFTS_MAX = 20
export const SHIFT_SEATS_MAX = 500
export const SHIFT_ROLE_MAX_LENGTH = 20
/** 十四周岁: below it a child serves only beside a guardian (志愿服务条例 第十五条). */
export const GUARDIAN_ALONE_AGE = 14
/** 十八周岁: 14–18 needs a guardian's consent recorded at registration. */
export const ADULT_AGE = 18

const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM')
const endsAfterStart = (s: { startTime: string; endTime: string }) => s.endTime > s.startTime

const SeatsSchema = z.number().int('名额须为整数').min(1, '每个班次至少 1 个名额').max(SHIFT_SEATS_MAX, `每个班次最多 ${SHIFT_SEATS_MAX} 个名额`)

/** One shift on the community's clock; the sign-up deadline defaults to the start. */
export const ShiftInputSchema = z
  .object({
    role: text({ label: '岗位', min: 1, max: SHIFT_ROLE_MAX_LENGTH }),
    date: LocalDateSchema,
    startTime: LocalTimeSchema,
    endTime: LocalTimeSchema,
    seats: SeatsSchema,
    deadline: LocalMomentSchema.nullable().default(null),
  })
  .refine(endsAfterStart, { path: ['endTime'], message: '结束时间须晚于开始时间' })
export type ShiftInput = z.input<typeof ShiftInputSchema>

export const ActivityInputSchema = z
  .object({
    communityId: IdSchema,
    /** The team that runs it (its leaders organise it too); null: the community's own. */
    teamId: IdSchema.nullable().default(null),
    title: text({ label: '活动名称', min: 1, max: ACTIVITY_TITLE_MAX_LENGTH }),
    content: text({ label: '活动内容', min: 1, max: ACTIVITY_CONTENT_MAX_LENGTH, multiline: true }),
    category: VolunteerSkillSchema,
    place: text({ label: '活动地点', min: 1, max: ACTIVITY_FIELD_MAX_LENGTH }),
    requiredSkills: z.array(VolunteerSkillSchema).max(10).default([]),
    minAge: z.number().int('年龄须为整数').min(6, '最低年龄不能小于 6 岁').max(80, '最低年龄不能大于 80 岁').default(ADULT_AGE),
    minorsWithGuardian: z.boolean().default(false),
    /** What training is required (empty: none). */
    training: text({ label: '培训要求', max: ACTIVITY_FIELD_MAX_LENGTH }).default(''),
    howToSignUp: text({ label: '报名方式', min: 1, max: ACTIVITY_FIELD_MAX_LENGTH }),
    risks: text({ label: '风险提示', max: ACTIVITY_FIELD_MAX_LENGTH, multiline: true }).default(''),
    risky: z.boolean().default(false),
    /** The accident insurance arranged (empty: none). */
    insurance: text({ label: '保险安排', max: ACTIVITY_FIELD_MAX_LENGTH }).default(''),
    shifts: z.array(ShiftInputSchema).min(1, '至少设置 1 个班次').max(ACTIVITY_SHIFTS_MAX, `最多 ${ACTIVITY_SHIFTS_MAX} 个班次`),
    /** false: saved as 草稿. */
    publish: z.boolean().default(true),
  })
  .refine((a) => a.minAge >= GUARDIAN_ALONE_AGE || a.minorsWithGuardian, { path: ['minAge'], message: '未满 14 周岁须由监护人陪同，请勾选“允许监护人陪同未成年人参加”' })
export type ActivityInput = z.input<typeof ActivityInputSchema>

/** A new time, place or number of seats, before the shift starts: everyone signed up is told. */
export const ScheduleChangeSchema = z.object({
  place: text({ label: '活动地点', min: 1, max: ACTIVITY_FIELD_MAX_LENGTH }),
  shifts: z
    .array(
      z
        .object({
          shiftId: IdSchema,
          date: LocalDateSchema,
          startTime: LocalTimeSchema,
          endTime: LocalTimeSchema,
          /** New seats: more seat the waiting first come first; fewer never below those signed up. Absent: unchanged. */
          seats: SeatsSchema.optional(),
        })
        .refine(endsAfterStart, { path: ['endTime'], message: '结束时间须晚于开始时间' }),
    )
    .max(ACTIVITY_SHIFTS_MAX)
    .default([]),
})
export type ScheduleChange = z.input<typeof ScheduleChangeSchema>

export const ActivityCancelSchema = z.object({ reason: text({ label: '取消原因', min: 1, max: ACTIVITY_REASON_MAX_LENGTH }) })

export const SignupInputSchema = z.object({
  /** She has taken the training the activity requires (the page's checkbox). */
  trainingConfirmed: z.boolean().default(false),
  /** Under 14: the volunteer number of the adult volunteer who accompanies her on this shift. */
  guardianVolunteerNo: text({ label: '监护人志愿者编号', max: 40 }).default(''),
})
export type SignupInput = z.input<typeof SignupInputSchema>

export const ActivityListQuerySchema = PageQuerySchema.extend({
  communityId: IdSchema.optional(),
  category: VolunteerSkillSchema.optional(),
})

export const MySignupsQuerySchema = PageQuerySchema.extend({ when: z.enum(['upcoming', 'past']).default('upcoming') })

/** Her own sign-up on a shift: seated, or her place on the waitlist (1 = next). */
export const MySignupSchema = z.object({
  id: IdSchema,
  status: SignupStatusSchema,
  waitlistPosition: z.number().int().nullable(),
  guardianName: z.string().nullable(),
})

export const ShiftSchema = z.object({
  id: IdSchema,
  role: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  deadlineLocal: LocalMomentSchema,
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  waitlisted: z.number().int(),
  open: z.boolean(),
  mine: MySignupSchema.nullable(),
})
export type Shift = z.infer<typeof ShiftSchema>

export const ActivitySummarySchema = z.object({
  id: IdSchema,
  kind: ActivityKindSchema,
  status: ActivityStatusSchema,
  title: z.string(),
  category: VolunteerSkillSchema,
  categoryLabel: z.string(),
  place: z.string(),
  firstStartsAtLocal: LocalMomentSchema.nullable(),
  seatsLeft: z.number().int(),
  risky: z.boolean(),
})
export type ActivitySummary = z.infer<typeof ActivitySummarySchema>
export const ActivityPageSchema = pageOf(ActivitySummarySchema)

export const ActivitySchema = ActivitySummarySchema.extend({
  communityId: IdSchema,
  teamId: IdSchema.nullable(),
  content: z.string(),
  requiredSkills: z.array(VolunteerSkillSchema),
  requiredSkillLabels: z.array(z.string()),
  minAge: z.number().int(),
  minorsWithGuardian: z.boolean(),
  training: z.string().nullable(),
  headcount: z.number().int(),
  howToSignUp: z.string(),
  risks: z.string(),
  insurance: z.string().nullable(),
  cancelReason: z.string().nullable(),
  shifts: z.array(ShiftSchema),
  /** She may publish, change, cancel it (staff, or a leader of its team). */
  canOrganise: z.boolean(),
})
export type Activity = z.infer<typeof ActivitySchema>

/** A line of 我的报名. */
export const MySignupEntrySchema = z.object({
  id: IdSchema,
  status: SignupStatusSchema,
  waitlistPosition: z.number().int().nullable(),
  activityId: IdSchema,
  activityTitle: z.string(),
  activityStatus: ActivityStatusSchema,
  place: z.string(),
  shiftId: IdSchema,
  role: z.string(),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  canCancel: z.boolean(),
})
export type MySignupEntry = z.infer<typeof MySignupEntrySchema>
export const MySignupPageSchema = pageOf(MySignupEntrySchema)

/** What a sign-up answers: seated or waiting, and her place in the queue (the page reloads the activity). */
export const SignupResultSchema = z.object({ id: IdSchema, shiftId: IdSchema, status: SignupStatusSchema, waitlistPosition: z.number().int().nullable() })
export type SignupResult = z.infer<typeof SignupResultSchema>

export { VOLUNTEER_ACTIVITIES_ERRORS } from './volunteer-activities-errors'
