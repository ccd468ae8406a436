const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const CHINA_OFFSET_MS = 8 * 3600_000

/** `2026-11-24` → `11月24日 周二`, read the same way on every device whatever its zone. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${m}月${d}日 周${WEEKDAYS[weekday]}`
}

/** Today's calendar date in China (the product serves 城乡社区 in Asia/Shanghai). */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The calendar date in China of an ISO instant: `2026-12-03T01:30:00Z` → `2026-12-03`. */
export function dateInChina(iso: string): string {
  return todayInChina(new Date(iso))
}

/**
 * A booking's date and time as every list and detail page shows it: `12月3日 周四 11:30–12:30`.
 * `time` is the slot's local span as the BFF sends it.
 */
export function slotLabel(date: string, time: string): string {
  return `${dayLabel(date)} ${time}`
}

/** An instant as read in China, in the same words: `12月3日 周四 09:30` (a deadline, a message). */
export function momentLabel(iso: string): string {
  const local = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString()
  return `${dayLabel(local.slice(0, 10))} ${local.slice(11, 16)}`
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
export function deadlineLabel(iso: string): string {
  const local = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString()
  const day = local.slice(0, 10)
  const time = local.slice(11, 16)
  return time === '00:00' ? `${dayLabel(addDays(day, -1))} 当天内` : `${dayLabel(day)} ${time}前`
}
