import { z } from 'zod'
import { text } from './common'

/** A notice is one year; the first and last years an administrator may load. */
export const HOLIDAY_YEAR_MIN = 2025
export const HOLIDAY_YEAR_MAX = 2100
export const HOLIDAY_NAME_MAX_LENGTH = 10
export const HOLIDAY_SOURCE_MAX_LENGTH = 100
/** A pasted notice: a State Council notice has about 15 lines, one per block of days. */
export const HOLIDAY_NOTICE_TEXT_MAX_LENGTH = 4000
/** The longest block of days off a notice has had is 9 (春节 2026); a longer line is a typo. */
export const HOLIDAY_RANGE_MAX_DAYS = 15

export const HolidayKindSchema = z.enum(['off', 'working'])
export type HolidayKind = z.infer<typeof HolidayKindSchema>
/** How a notice writes them: 休 a day off, 班 a make-up working day (调休上班). */
export const HOLIDAY_KIND_LABELS: Record<HolidayKind, string> = { off: '休', working: '班' }

export const HolidayYearParamsSchema = z.object({
  year: z.coerce
    .number()
    .int()
    .min(HOLIDAY_YEAR_MIN, `年份应在 ${HOLIDAY_YEAR_MIN}–${HOLIDAY_YEAR_MAX} 之间`)
    .max(HOLIDAY_YEAR_MAX, `年份应在 ${HOLIDAY_YEAR_MIN}–${HOLIDAY_YEAR_MAX} 之间`),
})

/** A notice as the street admin pastes it: one line per block, e.g. `2027-02-06 至 2027-02-13 休 春节`. */
export const HolidayNoticeInputSchema = z.object({
  source: text({ label: '通知名称或文号', min: 1, max: HOLIDAY_SOURCE_MAX_LENGTH }),
  /** One line per block of days. */
  text: text({ label: '节假日安排', min: 1, max: HOLIDAY_NOTICE_TEXT_MAX_LENGTH, multiline: true }),
})
export type HolidayNoticeInput = z.input<typeof HolidayNoticeInputSchema>

export const HolidayDaySchema = z.object({
  date: z.iso.date(),
  kind: HolidayKindSchema,
  name: z.string(),
})
export type HolidayDay = z.infer<typeof HolidayDaySchema>

/** Consecutive days of one kind and name, as a notice lists them: 春节 2月15日–2月23日 休. */
export const HolidayBlockSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  kind: HolidayKindSchema,
  name: z.string(),
})
export type HolidayBlock = z.infer<typeof HolidayBlockSchema>

export const HolidayYearSchema = z.object({
  year: z.number().int(),
  loaded: z.boolean(),
  source: z.string().nullable(),
  loadedAt: z.string().nullable(),
  days: z.array(HolidayDaySchema),
  blocks: z.array(HolidayBlockSchema),
  /** The blocks in the paste format, one line each: what the admin pasted, to copy and correct. */
  text: z.string(),
})
export type HolidayYear = z.infer<typeof HolidayYearSchema>

export const CalendarStatusSchema = z.object({
  year: z.number().int(),
  nextYear: z.number().int(),
  /** Whether next year's notice is loaded. */
  loaded: z.boolean(),
  /** For staff: which notice is missing and what that means for working-day deadlines; null when all is well. */
  warning: z.string().nullable(),
})
export type CalendarStatus = z.infer<typeof CalendarStatusSchema>

/**
 * An instant as read on the wall clock of a community's time zone: `{ date: '2027-01-01', time: '00:00' }`.
 * The BFF sends it beside the instant so that no client does time-zone arithmetic: a phone set
 * to New York shows the same China date as one in Beijing (docs/decisions/014-local-time-on-the-wire.md).
 */
export const LocalMomentSchema = z.object({
  date: z.iso.date(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
})
export type LocalMoment = z.infer<typeof LocalMomentSchema>

export const TodayQuerySchema = z.object({ communityId: z.uuid().optional() })
/** The server clock now, in a community's zone (China's without one): what "today" is on every page. */
export const TodaySchema = LocalMomentSchema.extend({ timezone: z.string() })
export type Today = z.infer<typeof TodaySchema>
