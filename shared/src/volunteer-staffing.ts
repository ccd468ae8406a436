import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, text } from './common'
import { ActivityStatusSchema, SignupStatusSchema, VolunteerSkillSchema } from './volunteer'

/**
 * 志愿服务 — staffing (issue 12). Schemas shared by the BFF and the mini-program, and this feature's
 * error fragment is in volunteer-staffing-errors.ts (errors.ts spreads it into ERRORS). Never import './errors' here.
 * 志愿者服务社区服务时段 (item 7) and 评价情况 (item 5 ★; docs/decisions/034-volunteers-staff-services.md):
 * a service slot (助餐送餐, 课后托管) asks for helper seats, published as a one-shift activity of kind
 * 'service_slot'; beneficiaries' 好差评 of the slots a volunteer served count in her 评价情况.
 */
export const SLOT_HELPER_SEATS_MAX = 50
export const SLOT_HELPER_ROLE_MAX_LENGTH = 20
export const SLOT_HELPER_FIELD_MAX_LENGTH = 200
export const SLOT_HELPER_REASON_MAX_LENGTH = 200
export const SLOT_HELPER_SKILLS_MAX = 3
/** At most this many volunteers with the skill are told a slot needs them (one message each). */
export const SLOT_HELPER_NOTIFY_MAX = 50

/** Staff ask a slot for helpers: seats, role and skills; what the service does not say (place, risks) they add. */
export const SlotHelpersInputSchema = z
  .object({
    slotId: IdSchema,
    seats: z.number().int('名额须为整数').min(1, '至少 1 个名额').max(SLOT_HELPER_SEATS_MAX, `最多 ${SLOT_HELPER_SEATS_MAX} 个名额`),
    role: text({ label: '岗位', min: 1, max: SLOT_HELPER_ROLE_MAX_LENGTH }),
    requiredSkills: z.array(VolunteerSkillSchema).max(SLOT_HELPER_SKILLS_MAX, `最多选 ${SLOT_HELPER_SKILLS_MAX} 项技能`).default([]),
    /** What the helpers do, added to the service's own description. */
    duties: text({ label: '服务内容', max: SLOT_HELPER_FIELD_MAX_LENGTH, multiline: true }).default(''),
    /** Where, when the service has no facility (or the helpers meet elsewhere). */
    place: text({ label: '服务地点', max: SLOT_HELPER_FIELD_MAX_LENGTH }).default(''),
    training: text({ label: '培训要求', max: SLOT_HELPER_FIELD_MAX_LENGTH }).default(''),
    risks: text({ label: '风险提示', max: SLOT_HELPER_FIELD_MAX_LENGTH, multiline: true }).default(''),
    risky: z.boolean().default(false),
    insurance: text({ label: '保险安排', max: SLOT_HELPER_FIELD_MAX_LENGTH }).default(''),
  })
  .refine((v) => !v.risky || v.insurance !== '', { path: ['insurance'], message: '有风险的服务须先安排意外保险' })
export type SlotHelpersInput = z.input<typeof SlotHelpersInputSchema>

export const SlotHelpersCancelSchema = z.object({ reason: text({ label: '取消原因', min: 1, max: SLOT_HELPER_REASON_MAX_LENGTH }) })

export const SlotHelpersQuerySchema = z.object({
  from: LocalDateSchema.optional(),
  days: z.coerce.number().int().min(1).max(14).default(7),
})

/** A helper on the slot, as staff see her: the name masked, never a phone. */
export const SlotHelperSchema = z.object({ name: z.string(), status: SignupStatusSchema })

/** A slot's request for helpers: its activity and one shift. */
export const SlotHelpersRequestSchema = z.object({
  activityId: IdSchema,
  shiftId: IdSchema,
  slotId: IdSchema,
  serviceName: z.string(),
  title: z.string(),
  role: z.string(),
  category: VolunteerSkillSchema,
  requiredSkills: z.array(VolunteerSkillSchema),
  place: z.string(),
  status: ActivityStatusSchema,
  cancelReason: z.string().nullable(),
  seats: z.number().int(),
  taken: z.number().int(),
  waitlisted: z.number().int(),
  helpers: z.array(SlotHelperSchema),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  /** How many volunteers with the skill were told (at most SLOT_HELPER_NOTIFY_MAX). */
  notified: z.number().int().optional(),
})
export type SlotHelpersRequest = z.infer<typeof SlotHelpersRequestSchema>

/** One upcoming slot of a service, with its helper request if it has one. */
export const SlotWithHelpersSchema = z.object({
  slotId: IdSchema,
  date: z.string(),
  time: z.string(),
  /** Booking's state of the slot: a closed one takes no request. */
  state: z.enum(['open', 'full', 'closed', 'unavailable']),
  /** The slot has begun: it keeps its live request but takes no new one. */
  started: z.boolean(),
  note: z.string().nullable(),
  request: SlotHelpersRequestSchema.nullable(),
})
export const SlotHelpersBoardSchema = z.object({
  serviceId: IdSchema,
  serviceName: z.string(),
  category: VolunteerSkillSchema,
  items: z.array(SlotWithHelpersSchema),
})
export type SlotHelpersBoard = z.infer<typeof SlotHelpersBoardSchema>

/** The community's services with booked slots, which may ask for helpers. */
export const SlotServiceListSchema = z.object({
  items: z.array(z.object({ serviceId: IdSchema, name: z.string(), category: VolunteerSkillSchema })),
})

/**
 * 评价情况: what residents rated the bookings of the service slots she served (confirmed hours only).
 * Counts only: never who rated, never a comment. 好评 = 4–5, 中评 = 3, 差评 = 1–2 (好差评 five levels).
 */
export const EvaluationSchema = z.object({
  /** Service slots she served with confirmed hours. */
  slotsServed: z.number().int(),
  ratings: z.number().int(),
  good: z.number().int(),
  neutral: z.number().int(),
  poor: z.number().int(),
  /** good / ratings, null without ratings. */
  goodShare: z.number().nullable(),
})
export type Evaluation = z.infer<typeof EvaluationSchema>

export { VOLUNTEER_STAFFING_ERRORS } from './volunteer-staffing-errors'
