import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { BirthDateSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'

export const BOOKING_REASON_MAX_LENGTH = 200
export const ANSWER_MAX_LENGTH = 300
/** Question ids are `[a-z][a-z0-9_]{0,30}`; a longer key is no question's. */
export const ANSWER_KEY_MAX_LENGTH = 31
export const FAMILY_NAME_MAX_LENGTH = 20
export const IDEMPOTENCY_KEY_MAX_LENGTH = 100
export const SLOT_DAYS_MAX = 31
/** Check-in opens this long before the slot starts, unless the service says otherwise. */
export const CHECK_IN_LEAD_MINUTES_DEFAULT = 60
export const CHECK_IN_LEAD_MINUTES_MAX = 24 * 60
export const CLOSURE_REASON_MAX_LENGTH = 200
/** How many days one closure may cover (a long renovation is several closures, each announced). */
export const CLOSURE_DAYS_MAX = 92

export const BookingStatusSchema = z.enum([
  'pending',
  'confirmed',
  'waitlisted',
  'declined',
  'cancelled',
  'checked_in',
  'served',
  'no_show',
])
export type BookingStatus = z.infer<typeof BookingStatusSchema>
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  pending: '待确认',
  confirmed: '已预约',
  waitlisted: '候补中',
  declined: '未通过',
  cancelled: '已取消',
  checked_in: '已签到',
  served: '已服务',
  no_show: '未到场',
}
/** Bookings a resident can still act on (cancel, reschedule). */
export const OPEN_STATUSES = ['pending', 'confirmed', 'waitlisted'] as const satisfies readonly BookingStatus[]

export const BookingQuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
  label: text({ label: '问题', min: 1, max: 60 }),
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(ANSWER_MAX_LENGTH),
})
export type BookingQuestion = z.infer<typeof BookingQuestionSchema>

const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM')
const DateSchema = z.iso.date()

export const BookingSettingsSchema = z.object({
  mode: z.enum(['timed', 'session']),
  slotMinutes: z.number().int().min(5).max(480).nullable(),
  minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
  maxDaysAhead: z.number().int().min(0).max(60),
  cancelBeforeMinutes: z.number().int().min(0).max(7 * 24 * 60).nullable(),
  cancelByLocalTime: LocalTimeSchema.nullable(),
  maxOpenPerPerson: z.number().int().min(1).max(50).nullable(),
  maxPerDayPerPerson: z.number().int().min(1).max(10).nullable(),
  requiresConfirmation: z.boolean(),
  reminderLeadMinutes: z.number().int().min(0).max(7 * 24 * 60),
  /** Check-in opens this many minutes before the start; 已服务 needs the start itself. */
  checkInLeadMinutes: z.number().int().min(0).max(CHECK_IN_LEAD_MINUTES_MAX).default(CHECK_IN_LEAD_MINUTES_DEFAULT),
  questions: z.array(BookingQuestionSchema).max(5),
})
export type BookingSettings = z.infer<typeof BookingSettingsSchema>

export const AvailabilityRuleSchema = z
  .object({
    weekday: z.number().int().min(1).max(7),
    startTime: LocalTimeSchema,
    endTime: LocalTimeSchema,
    capacity: z.number().int().min(1).max(500),
  })
  .refine((r) => r.startTime < r.endTime, { message: '结束时间要晚于开始时间', path: ['endTime'] })
export type AvailabilityRule = z.infer<typeof AvailabilityRuleSchema>

export const BookingSetupSchema = z.object({
  settings: BookingSettingsSchema,
  rules: z.array(AvailabilityRuleSchema).max(50),
})
export type BookingSetup = z.infer<typeof BookingSetupSchema>

export const SlotSchema = z.object({
  id: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** The slot's day in the community's time zone. */
  date: DateSchema,
  /** Its local span there, `11:30–12:30`, so no client converts instants to a zone. */
  time: z.string(),
  capacity: z.number().int(),
  remaining: z.number().int(),
  waitlisted: z.number().int(),
  /** open: bookable; full: waitlist only; closed: a closure; unavailable: outside the booking window. */
  state: z.enum(['open', 'full', 'closed', 'unavailable']),
  note: z.string().nullable(),
})
export type Slot = z.infer<typeof SlotSchema>

export const SlotQuerySchema = z.object({
  from: LocalDateSchema.optional(),
  days: z.coerce.number().int().min(1).max(SLOT_DAYS_MAX).default(7),
})
export const SlotListSchema = z.object({ timezone: z.string(), items: z.array(SlotSchema) })

export const FamilyRelationSchema = z.enum(['parent', 'spouse', 'child', 'grandchild', 'grandparent', 'other'])
export const FAMILY_RELATION_LABELS: Record<z.infer<typeof FamilyRelationSchema>, string> = {
  parent: '父母',
  spouse: '配偶',
  child: '子女',
  grandchild: '孙辈',
  grandparent: '祖辈',
  other: '其他亲属',
}
export const FamilyMemberInputSchema = z.object({
  name: text({ label: '姓名', min: 1, max: FAMILY_NAME_MAX_LENGTH }),
  relation: FamilyRelationSchema,
  birthDate: BirthDateSchema,
  /** Separate consent for a child under 14 (PIPL art. 31: guardian consent for minors' information). */
  childConsent: z.boolean().optional(),
})
export const FamilyMemberSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  relation: FamilyRelationSchema,
  birthDate: DateSchema,
})
export type FamilyMember = z.infer<typeof FamilyMemberSchema>
export const FamilyListSchema = z.object({ items: z.array(FamilyMemberSchema) })

/** Answers to a service's questions, by question id; an answer may run over several lines. */
const AnswersSchema = z
  .record(text({ label: '问题编号', max: ANSWER_KEY_MAX_LENGTH }), text({ label: '回答', max: ANSWER_MAX_LENGTH, multiline: true }))
  .default({})

export const BookRequestSchema = z.object({
  slotId: z.uuid(),
  /** Omitted: the booker is served. */
  familyMemberId: z.uuid().optional(),
  answers: AnswersSchema,
  /** When the slot is full: join its waitlist instead of failing with SLOT_FULL. */
  joinWaitlist: z.boolean().default(false),
})
export type BookRequest = z.input<typeof BookRequestSchema>

export const ReasonSchema = z.object({ reason: text({ label: '原因', min: 1, max: BOOKING_REASON_MAX_LENGTH, multiline: true }) })
export const RescheduleSchema = z.object({ slotId: z.uuid() })

export const BookingSchema = z.object({
  id: z.uuid(),
  status: BookingStatusSchema,
  statusReason: z.string().nullable(),
  serviceId: z.uuid(),
  serviceName: z.string(),
  communityId: z.uuid(),
  place: z.string().nullable(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  date: DateSchema,
  time: z.string(),
  /** Who is served, masked for anyone but the booker. */
  servedName: z.string(),
  servedRelation: z.string().nullable(),
  checkInCode: z.string().nullable(),
  waitlistPosition: z.number().int().nullable(),
  answers: z.record(z.string(), z.string()),
  /** The answers with their questions' labels, in the service's question order, for whoever acts on them. */
  answerItems: z.array(z.object({ label: z.string(), value: z.string() })),
  channel: z.enum(['self', 'walk_in']),
  /** Who is looking: only the booker is told about her own cancel deadline. */
  viewer: z.enum(['booker', 'staff']),
  canCancel: z.boolean(),
  /** Served and already rated; a served booking not yet rated can be (within the window). */
  rated: z.boolean(),
  cancelDeadline: z.iso.datetime({ offset: true }).nullable(),
  /** The cancel deadline on the community's clock, as pages show it. */
  cancelDeadlineLocal: LocalMomentSchema.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
})
export type Booking = z.infer<typeof BookingSchema>
export const BookingListSchema = z.object({ items: z.array(BookingSchema) })
export const MyBookingsQuerySchema = PageQuerySchema.extend({ scope: z.enum(['upcoming', 'past']).default('upcoming') })
export const BookingPageSchema = pageOf(BookingSchema)

export const BoardQuerySchema = PageQuerySchema.extend({
  communityId: z.uuid(),
  date: LocalDateSchema,
  serviceId: z.uuid().optional(),
  status: BookingStatusSchema.optional(),
})
/** A page of the board; `total` counts the day's bookings under the same filters, every page included. */
export const BoardPageSchema = pageOf(BookingSchema).extend({ total: z.number().int() })
export type BoardPage = z.infer<typeof BoardPageSchema>
export type BoardQuery = Omit<z.input<typeof BoardQuerySchema>, 'limit'> & { limit?: number }
export const CheckInByCodeSchema = z.object({ communityId: z.uuid(), code: z.string().regex(/^\d{6}$/, '签到码为6位数字') })
/**
 * 窗口代办. The phone is optional (many elders have none): without it the name and birth date,
 * checked against an ID at the counter, find the resident in the slot's community.
 */
export const WalkInSchema = z
  .object({
    slotId: z.uuid(),
    phone: z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号，没有手机可以不填').optional(),
    name: text({ label: '居民姓名', min: 1, max: FAMILY_NAME_MAX_LENGTH }),
    /** Needed without a phone, and when the service has an age rule and the resident has none on file. */
    birthDate: BirthDateSchema.optional(),
    answers: AnswersSchema,
  })
  .refine((w) => w.phone !== undefined || w.birthDate !== undefined, {
    message: '没有手机号时请填写出生日期，用来核对是哪位居民',
    path: ['birthDate'],
  })
/** The booking as the counter needs it: the code to read out, and whether the resident was found or newly registered. */
export const WalkInResultSchema = BookingSchema.extend({ resident: z.enum(['found', 'registered']) })
export type WalkInResult = z.infer<typeof WalkInResultSchema>

export const ClosureInputSchema = z.object({
  communityId: z.uuid(),
  /** Null: every service of the community. */
  serviceId: z.uuid().nullable(),
  startsOn: LocalDateSchema,
  endsOn: LocalDateSchema,
  reason: text({ label: '暂停原因（居民会看到）', min: 1, max: CLOSURE_REASON_MAX_LENGTH, multiline: true }),
})
export type ClosureInput = z.infer<typeof ClosureInputSchema>
export const ClosurePreviewQuerySchema = ClosureInputSchema.omit({ reason: true, serviceId: true }).extend({ serviceId: z.uuid().optional() })
/** What a closure would cancel, so its confirmation can say so: open bookings, and volunteers' helper requests on its slots. */
export const ClosurePreviewSchema = z.object({ bookings: z.number().int(), helperRequests: z.number().int() })
export const ClosureResultSchema = z.object({ id: z.uuid(), cancelled: z.number().int(), helperRequestsEnded: z.number().int() })
export const ClosureSchema = z.object({
  id: z.uuid(),
  serviceId: z.uuid().nullable(),
  /** Null for a closure of the whole community. */
  serviceName: z.string().nullable(),
  startsOn: DateSchema,
  endsOn: DateSchema,
  reason: z.string(),
})
export type Closure = z.infer<typeof ClosureSchema>
export const ClosureListQuerySchema = PageQuerySchema.extend({ communityId: z.uuid(), serviceId: z.uuid().optional() })
export const ClosureListSchema = pageOf(ClosureSchema)
export type ClosurePage = z.infer<typeof ClosureListSchema>

export const SuspensionSchema = z.object({
  id: z.uuid(),
  categoryId: z.string(),
  categoryName: z.string(),
  until: z.iso.datetime({ offset: true }),
  untilLocal: LocalMomentSchema,
  reason: z.string(),
})
export const SuspensionListSchema = z.object({ items: z.array(SuspensionSchema) })
