import type { HolidayDay } from '@linli/shared'
import { addDays, isoWeekday } from './local-time'

/**
 * The State Council's holiday arrangements (国务院办公厅关于 YYYY 年部分节假日安排的通知) as loaded:
 * the days each notice lists, and which years have a notice at all.
 */
export interface HolidayCalendar {
  days: ReadonlyMap<string, HolidayDay>
  years: ReadonlySet<number>
}

export function holidayCalendar(days: readonly HolidayDay[], years: Iterable<number>): HolidayCalendar {
  return { days: new Map(days.map((d) => [d.date, d])), years: new Set(years) }
}

/**
 * Statutory days whose date is fixed (《全国年节及纪念日放假办法》, 2024 revision): 元旦 1 Jan,
 * 劳动节 1–2 May, 国庆 1–3 Oct. 春节, 清明, 端午 and 中秋 follow the lunar or solar-term calendar
 * and every block of days off and its 调休 come only from the year's notice, so for a year whose
 * notice is not loaded these six days are all that can be known; staff are warned from 1 December.
 */
const FIXED_STATUTORY_DAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'])

export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  // 1. The notice decides when it lists the day: 休 even on a weekday, 班 even on a weekend.
  const listed = calendar.days.get(date)
  if (listed) return listed.kind === 'working'
  // 2. A year without its notice: the fixed-date statutory days only.
  if (!calendar.years.has(Number(date.slice(0, 4))) && FIXED_STATUTORY_DAYS.has(date.slice(5))) return false
  // 3. Otherwise Monday to Friday.
  return isoWeekday(date) <= 5
}

/** The date `n` working days after `date` (local rules count rectification deadlines in 工作日). */
export function addWorkingDays(calendar: HolidayCalendar, date: string, n: number): string {
  let current = date
  let left = n
  while (left > 0) {
    current = addDays(current, 1)
    if (isWorkingDay(calendar, current)) left--
  }
  return current
}
