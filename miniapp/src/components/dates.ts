import type { LocalMoment } from '@linli/shared'

/**
 * The one formatter of dates and times. It only formats: every date and `HH:mm` it is given is
 * already on the community's clock, as the BFF sends it (`date`/`time`, `…Local`, `calendarApi.today`),
 * so no page adds an offset or reads the phone's zone (docs/decisions/014-local-time-on-the-wire.md).
 * Calendar dates are added in UTC, where every day has 24 hours.
 */
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** `2026-11-24` → `11月24日 周二`, read the same way on every device whatever its zone. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${m}月${d}日 周${WEEKDAYS[weekday]}`
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/**
 * A booking's date and time as every list and detail page shows it: `12月3日 周四 11:30–12:30`.
 * `time` is the slot's local span as the BFF sends it.
 */
export function slotLabel(date: string, time: string): string {
  return `${dayLabel(date)} ${time}`
}

/** A moment on the community's clock, in the same words: `12月3日 周四 09:30` (a step, a message). */
export function momentLabel(moment: LocalMoment): string {
  return `${dayLabel(moment.date)} ${moment.time}`
}

/**
 * A date typed by hand, as people write it: `1955-03-15`, `1955.3.15`, `1955/3/15`, `1955年3月15日`
 * or `19550315` → `1955-03-15`; null unless it is a real calendar date.
 */
export function parseTypedDate(text: string): string | null {
  const parts = text.trim().match(/^(\d{4})[-./年\s]+(\d{1,2})[-./月\s]+(\d{1,2})日?$/) ?? text.trim().match(/^(\d{4})(\d{2})(\d{2})$/)
  if (!parts) return null
  const [y, m, d] = parts.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/**
 * A deadline in words: `12月3日 周四 09:30前`; one at midnight is the end of the day before,
 * `12月2日 周三 当天内`, never 「00:00 前」.
 */
export function deadlineLabel(deadline: LocalMoment): string {
  return deadline.time === '00:00' ? `${dayLabel(addDays(deadline.date, -1))} 当天内` : `${dayLabel(deadline.date)} ${deadline.time}前`
}

/** From a start to an end on the same day, as every shift and help request shows it: `12月3日 周四 09:00–11:00`. */
export function spanLabel(start: LocalMoment, end: LocalMoment): string {
  return slotLabel(start.date, `${start.time}–${end.time}`)
}

/** A date that may lie in another year (registered on, issued on): `2026年12月3日`. */
export function fullDateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}
