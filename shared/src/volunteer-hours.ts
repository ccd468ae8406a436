import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { RecordStatusSchema, VolunteerSkillSchema } from './volunteer'

/**
 * 志愿服务 — hours (issue 12 items 3, 4): the organiser's rotating code, check-in and check-out,
 * corrections, confirmation, the volunteer's records and the staff's CSV for the national system.
 * Schemas shared by the BFF and the mini-program, and this feature's error fragment is in
 * volunteer-hours-errors.ts (errors.ts spreads it into ERRORS). Never import './errors' here. Rules: docs/decisions/031-volunteer-hours.md.
 */

/** Check-in opens this long before a shift starts and check-out closes this long after it ends (issue 12: grace 30 min). */
export const HOURS_GRACE_MINUTES = 30
export const HOURS_REASON_MAX_LENGTH = 200
/** One bulk confirmation at most (a shift's roster is far smaller). */
export const HOURS_CONFIRM_MAX = 200
/** The CSV covers at most a year of service dates (the national system takes uploads by period). */
export const HOURS_EXPORT_MAX_DAYS = 366

export const CheckCodeSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, '请输入 6 位数字签到码'),
})

/** The organiser's current code of a shift, the check-in page's address in it (for the QR) and when the code changes. */
export const ShiftCodeSchema = z.object({
  shiftId: IdSchema,
  code: z.string(),
  expiresAt: z.iso.datetime(),
  /** Seconds until the code changes, on the server's clock (the page counts down from it). */
  secondsLeft: z.number().int(),
  checkInUrl: z.string(),
  qrCode: z.string(),
})
export type ShiftCode = z.infer<typeof ShiftCodeSchema>

/** A service record as its volunteer or the organiser sees it. */
export const HoursRecordSchema = z.object({
  id: IdSchema,
  status: RecordStatusSchema,
  statusLabel: z.string(),
  serviceDate: z.iso.date(),
  checkedInAtLocal: LocalMomentSchema,
  checkedOutAtLocal: LocalMomentSchema.nullable(),
  minutes: z.number().int().nullable(),
  /** minutes ÷ 60, two decimals, as the national system counts hours. */
  hours: z.number().nullable(),
  fixReason: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** Set on a correction: the record it replaced. */
  correctsRecordId: IdSchema.nullable(),
})
export type HoursRecord = z.infer<typeof HoursRecordSchema>

/** One of her shifts on the check-in page: upcoming or under way, with her record of it. */
export const MyShiftSchema = z.object({
  shiftId: IdSchema,
  activityId: IdSchema,
  title: z.string(),
  place: z.string(),
  role: z.string(),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  canCheckIn: z.boolean(),
  canCheckOut: z.boolean(),
  record: HoursRecordSchema.nullable(),
})
export type MyShift = z.infer<typeof MyShiftSchema>
export const MyShiftListSchema = z.object({ items: z.array(MyShiftSchema) })

/** One volunteer on the organiser's roster of a shift (name masked). */
export const RosterEntrySchema = z.object({
  userId: IdSchema,
  name: z.string(),
  signedUp: z.boolean(),
  /** The organiser's own record: she may not confirm it (谁记录谁证明). */
  own: z.boolean(),
  record: HoursRecordSchema.nullable(),
})
export type RosterEntry = z.infer<typeof RosterEntrySchema>

export const RosterShiftSchema = z.object({
  shiftId: IdSchema,
  role: z.string(),
  startsAtLocal: LocalMomentSchema,
  endsAtLocal: LocalMomentSchema,
  /** The shift's length: no record counts more. */
  capMinutes: z.number().int(),
  entries: z.array(RosterEntrySchema),
})

export const ActivityHoursSchema = z.object({
  activityId: IdSchema,
  title: z.string(),
  place: z.string(),
  categoryLabel: z.string(),
  shifts: z.array(RosterShiftSchema),
  pending: z.number().int(),
})
export type ActivityHours = z.infer<typeof ActivityHoursSchema>

/** The organiser fixes a record (missed check-out, wrong time): a new entry with the minutes served, within the shift's length. */
export const RecordFixSchema = z.object({
  minutes: z.number().int('时长须为整数分钟').min(1, '时长至少 1 分钟').max(24 * 60, '时长不能超过 24 小时'),
  reason: text({ label: '更正原因', min: 1, max: HOURS_REASON_MAX_LENGTH }),
})

export const RecordRevokeSchema = z.object({
  reason: text({ label: '撤销原因', min: 1, max: HOURS_REASON_MAX_LENGTH }),
})

/** Bulk confirmation: these records of the activity, or every pending record of one of its shifts. */
export const ConfirmHoursSchema = z
  .object({
    recordIds: z.array(IdSchema).min(1, '请选择要确认的记录').max(HOURS_CONFIRM_MAX, `一次最多确认 ${HOURS_CONFIRM_MAX} 条`).optional(),
    shiftId: IdSchema.optional(),
  })
  .refine((v) => (v.recordIds === undefined) !== (v.shiftId === undefined), { path: ['recordIds'], message: '请选择要确认的记录，或确认整个班次' })

export const ConfirmResultSchema = z.object({
  /** Records this request confirmed. */
  confirmed: z.number().int(),
  /** Asked for but already confirmed, revoked or corrected meanwhile: nothing done to them. */
  unchanged: z.number().int(),
  /** "The whole shift" left the organiser's own record out. */
  ownSkipped: z.number().int(),
  minutes: z.number().int(),
})

/** Confirmed hours of a year and category, from the rollup. */
export const HoursTotalSchema = z.object({
  year: z.number().int(),
  category: VolunteerSkillSchema,
  categoryLabel: z.string(),
  minutes: z.number().int(),
  hours: z.number(),
  records: z.number().int(),
})

export const MyRecordSchema = HoursRecordSchema.extend({
  activityId: IdSchema,
  title: z.string(),
  categoryLabel: z.string(),
})
export type MyRecord = z.infer<typeof MyRecordSchema>

export const MyRecordsQuerySchema = PageQuerySchema
export const MyRecordsSchema = pageOf(MyRecordSchema).extend({
  totals: z.array(HoursTotalSchema),
  totalMinutes: z.number().int(),
  totalHours: z.number(),
})
export type MyRecords = z.infer<typeof MyRecordsSchema>

export const RecordsExportQuerySchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期' })

/** The national 志愿服务信息系统's record fields, in its order. */
export const NATIONAL_RECORD_HEADER = ['志愿者编号', '姓名', '证件类型', '证件号码', '服务项目名称', '服务类别', '服务日期', '开始时间', '结束时间', '服务时长（小时）', '记录单位', '确认人', '确认日期'] as const

export { VOLUNTEER_HOURS_ERRORS } from './volunteer-hours-errors'
