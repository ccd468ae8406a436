import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { BirthDateSchema, IdSchema, LocalDateSchema, PageQuerySchema, text } from './common'

/**
 * 议事会（会议）：时间地点、座位与预留席位、报名与候补、签到、线下计票、会议纪要 (issue 11 item 4).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment in consultation-meetings-errors.ts into ERRORS. Rules: docs/decisions/022-consultation-meetings.md.
 */
export const MEETING_TITLE_MAX_LENGTH = 60
export const MEETING_PLACE_MAX_LENGTH = 60
export const MEETING_SEATS_MAX = 500
export const MEETING_REASON_MAX_LENGTH = 200
export const MEETING_MINUTES_MAX_LENGTH = 5000
export const MEETING_TALLY_ITEMS_MAX = 10
export const MEETING_TALLY_LABEL_MAX_LENGTH = 40
export const MEETING_SEARCH_MAX_LENGTH = 20
const NAME_MAX_LENGTH = 20

/** 参会人员类别 (REFERENCE.md: residents, 居民代表, 党员, units in the community, social organisations, 业委会, 物业). */
export const PARTICIPANT_TAGS = ['resident_rep', 'party_member', 'owners_committee', 'property', 'unit', 'social_org'] as const
export const ParticipantTagSchema = z.enum(PARTICIPANT_TAGS)
export type ParticipantTag = z.infer<typeof ParticipantTagSchema>
export const PARTICIPANT_TAG_LABELS: Record<ParticipantTag, string> = {
  resident_rep: '居民代表',
  party_member: '党员',
  owners_committee: '业委会',
  property: '物业',
  unit: '驻区单位',
  social_org: '社会组织',
}

/**
 * 居民会议 counts those present against the community's residents (居委会组织法 第九条, more than
 * half); a 议事会 of representatives against those registered for it.
 */
export const MeetingKindSchema = z.enum(['resident_meeting', 'representatives'])
export type MeetingKind = z.infer<typeof MeetingKindSchema>
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { resident_meeting: '居民会议', representatives: '议事会（代表会议）' }

const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM')
const SeatsSchema = z.number().int('座位数须为整数').min(0, '座位数不能为负').max(MEETING_SEATS_MAX, `座位数最多 ${MEETING_SEATS_MAX}`)

const MeetingTimeFields = {
  title: text({ label: '会议名称', min: 1, max: MEETING_TITLE_MAX_LENGTH }),
  place: text({ label: '会议地点', min: 1, max: MEETING_PLACE_MAX_LENGTH }),
  /** On the community's clock. */
  date: LocalDateSchema,
  startTime: LocalTimeSchema,
  endTime: LocalTimeSchema,
}
const endsAfterStart = (m: { startTime: string; endTime: string }) => m.endTime > m.startTime

export const MeetingUpdateSchema = z.object(MeetingTimeFields).refine(endsAfterStart, { path: ['endTime'], message: '结束时间须晚于开始时间' })

export const MeetingInputSchema = z
  .object({
    ...MeetingTimeFields,
    kind: MeetingKindSchema,
    /** Seats anyone may take. */
    openSeats: SeatsSchema,
    /** Seats only residents with the tag may take, until the reserved seats are released. */
    reserved: z.array(z.object({ tag: ParticipantTagSchema, seats: SeatsSchema.min(1, '预留座位至少 1 个') })).max(PARTICIPANT_TAGS.length),
  })
  .refine(endsAfterStart, { path: ['endTime'], message: '结束时间须晚于开始时间' })
  .refine((m) => new Set(m.reserved.map((r) => r.tag)).size === m.reserved.length, { path: ['reserved'], message: '每类人员只能预留一次' })
  .refine((m) => m.openSeats + m.reserved.reduce((n, r) => n + r.seats, 0) >= 1, { path: ['openSeats'], message: '会议至少要有 1 个座位' })
  .refine((m) => m.openSeats + m.reserved.reduce((n, r) => n + r.seats, 0) <= MEETING_SEATS_MAX, { path: ['openSeats'], message: `座位合计最多 ${MEETING_SEATS_MAX}` })
export type MeetingInput = z.input<typeof MeetingInputSchema>

export const MeetingCancelSchema = z.object({ reason: text({ label: '取消原因', min: 1, max: MEETING_REASON_MAX_LENGTH }) })

export const RegistrationStatusSchema = z.enum(['registered', 'waitlisted', 'cancelled'])
/** 出席情况: after the meeting a registration that never checked in is absent. */
export const AttendanceSchema = z.enum(['expected', 'present', 'walk_in', 'absent', 'cancelled'])
export type Attendance = z.infer<typeof AttendanceSchema>
export const ATTENDANCE_LABELS: Record<Attendance, string> = { expected: '未签到', present: '已签到', walk_in: '现场参会', absent: '缺席', cancelled: '已取消' }

/** Her own registration: the code she shows at the door, or her place on the waitlist. */
export const MyRegistrationSchema = z.object({
  id: IdSchema,
  status: RegistrationStatusSchema,
  checkInCode: z.string().nullable(),
  /** 1 for the first waiting; null when she holds a seat. */
  waitlistPosition: z.number().int().min(1).nullable(),
  /** The reserved seats she sits in, or null for an open seat. */
  seatTag: ParticipantTagSchema.nullable(),
  checkedIn: z.boolean(),
})
export type MyRegistration = z.infer<typeof MyRegistrationSchema>

const MeasureSchema = z.object({ counted: z.number().int().min(0), total: z.number().int().min(0), required: z.number().int().min(0) })
export const MeetingQuorumSchema = z.object({ quorumMet: z.boolean(), headcount: MeasureSchema, basis: z.string() })

export const TallyItemInputSchema = z.object({
  label: text({ label: '表决事项', min: 1, max: MEETING_TALLY_LABEL_MAX_LENGTH }),
  for: z.number().int().min(0),
  against: z.number().int().min(0),
  abstain: z.number().int().min(0),
})
export const TallyInputSchema = z
  .object({ items: z.array(TallyItemInputSchema).min(1, '请至少填写 1 个表决事项').max(MEETING_TALLY_ITEMS_MAX, `最多 ${MEETING_TALLY_ITEMS_MAX} 个表决事项`) })
  .refine((t) => new Set(t.items.map((i) => i.label)).size === t.items.length, { path: ['items'], message: '表决事项不能重复' })
export type TallyInput = z.input<typeof TallyInputSchema>

export const TallySchema = z.object({
  status: z.enum(['entered', 'confirmed']),
  /** Those present when it was entered: what the show of hands is counted against. */
  present: z.number().int().min(0),
  items: z.array(TallyItemInputSchema.extend({ outcomeLabel: z.string().nullable(), explanation: z.string().nullable() })),
  enteredBy: z.string(),
  enteredAtLocal: LocalMomentSchema,
  confirmedBy: z.string().nullable(),
  confirmedAtLocal: LocalMomentSchema.nullable(),
  /** The caller may confirm it: staff, and not the one who entered it. */
  canConfirm: z.boolean(),
})
export type Tally = z.infer<typeof TallySchema>

export const MinutesInputSchema = z.object({ text: text({ label: '会议纪要', min: 1, max: MEETING_MINUTES_MAX_LENGTH, multiline: true }) })

export const MeetingSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  communityId: IdSchema,
  title: z.string(),
  place: z.string(),
  kind: MeetingKindSchema,
  kindLabel: z.string(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  /** Reserved seats not taken by then are open to anyone. */
  reservedUntilLocal: LocalMomentSchema,
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
  phase: z.enum(['upcoming', 'ongoing', 'ended']),
  seats: z.array(z.object({ tag: ParticipantTagSchema.nullable(), label: z.string(), capacity: z.number().int(), taken: z.number().int() })),
  waitlisted: z.number().int().min(0),
  present: z.number().int().min(0),
  quorum: MeetingQuorumSchema,
  mine: MyRegistrationSchema.nullable(),
  canRegister: z.boolean(),
  canManage: z.boolean(),
  /** Only once a second staff member confirmed it (staff see it while it waits). */
  tally: TallySchema.nullable(),
  minutes: z.string().nullable(),
  minutesPublishedAtLocal: LocalMomentSchema.nullable(),
})
export type Meeting = z.infer<typeof MeetingSchema>
export const MeetingListSchema = z.object({ items: z.array(MeetingSchema) })

/** 调整座位: one pool of a meeting (its tag, null for the open seats) gets a new number of seats. */
export const MeetingSeatsInputSchema = z.object({ tag: ParticipantTagSchema.nullable(), capacity: SeatsSchema })

export const CheckInSchema = z.union([
  z.object({ code: z.string().regex(/^\d{6}$/, '签到码是 6 位数字') }),
  z.object({ registrationId: IdSchema }),
])
export const WalkInAttendeeSchema = z.object({
  name: text({ label: '居民姓名', min: 1, max: NAME_MAX_LENGTH }),
  birthDate: BirthDateSchema,
  phone: z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号，没有手机可以不填').optional(),
})

/** One line of the door desk: masked, as people standing by may read the screen. */
export const DeskEntrySchema = z.object({
  registrationId: IdSchema,
  name: z.string(),
  status: RegistrationStatusSchema,
  attendance: AttendanceSchema,
  attendanceLabel: z.string(),
  seatTag: ParticipantTagSchema.nullable(),
  checkedInAtLocal: LocalMomentSchema.nullable(),
})
export type DeskEntry = z.infer<typeof DeskEntrySchema>
export const DeskQuerySchema = PageQuerySchema.extend({ q: text({ label: '姓名', max: MEETING_SEARCH_MAX_LENGTH }).optional() })
export const DeskPageSchema = z.object({ items: z.array(DeskEntrySchema), nextCursor: z.string().nullable(), present: z.number().int(), quorum: MeetingQuorumSchema })
export const CheckInResultSchema = z.object({ entry: DeskEntrySchema, present: z.number().int(), quorum: MeetingQuorumSchema })

export const ParticipantTagsInputSchema = WalkInAttendeeSchema.extend({ tags: z.array(ParticipantTagSchema).max(PARTICIPANT_TAGS.length) })
export const TaggedResidentSchema = z.object({ userId: IdSchema, name: z.string(), tags: z.array(ParticipantTagSchema) })
export const TaggedResidentListSchema = z.object({ items: z.array(TaggedResidentSchema) })

export { MEETING_ERRORS } from './consultation-meetings-errors'
