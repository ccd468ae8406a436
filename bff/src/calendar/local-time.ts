/**
 * Local dates and wall-clock times in a community's time zone. Slots are stored as instants
 * (timestamptz) but defined in local time: "lunch 11:30 every weekday" means 11:30 in
 * Asia/Shanghai (or wherever the community is), whatever the server's own zone.
 *
 * Conversions run for every slot and booking row a list returns, so they use one cached
 * `Intl.DateTimeFormat` per zone (building one costs far more than formatting with it) instead of
 * a timezone library per row. Calendar dates are `YYYY-MM-DD` strings and are added in UTC, where
 * every day has 24 hours.
 */
import type { LocalMoment } from '@linli/shared'

/**
 * China's time (UTC+8, no daylight saving): the zone of the State Council's holiday notices, and
 * the clock for what belongs to no one community (a street with no communities yet, the
 * background jobs' cron). A community's own rows use its `timezone` column, which defaults to it.
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai'

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz)
  if (!formatter) {
    // hourCycle h23: some ICU versions print midnight as 24 with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(tz, formatter)
  }
  return formatter
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The zone's wall clock read off the formatter: the slow, exact way (≈ 10 µs), once per zone and quarter hour. */
function formattedClock(instant: Date, tz: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of formatterFor(tz).formatToParts(instant)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value)
  }
  return clock
}

function wallClock(instant: Date, tz: string): WallClock {
  const local = new Date(instant.getTime() + offsetMs(instant.getTime(), tz))
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

// Every zone changes its offset only on a quarter hour (tzdata has no other transitions since 1970),
// so an offset found once holds for its whole quarter hour: kept per zone, a list of slots or
// bookings costs one formatter call per distinct quarter hour instead of one per conversion.
const QUARTER_HOUR_MS = 15 * MINUTE_MS
const KEPT_OFFSETS = 100_000
const offsets = new Map<string, Map<number, number>>()

function offsetMs(instantMs: number, tz: string): number {
  let zone = offsets.get(tz)
  if (!zone) {
    zone = new Map()
    offsets.set(tz, zone)
  }
  const quarter = Math.floor(instantMs / QUARTER_HOUR_MS)
  let offset = zone.get(quarter)
  if (offset === undefined) {
    const c = formattedClock(new Date(instantMs), tz)
    offset = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - (instantMs - (((instantMs % 1000) + 1000) % 1000))
    if (zone.size >= KEPT_OFFSETS) zone.clear()
    zone.set(quarter, offset)
  }
  return offset
}


export function localDate(instant: Date, tz: string): string {
  const c = wallClock(instant, tz)
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`
}

export function localTime(instant: Date, tz: string): string {
  const c = wallClock(instant, tz)
  return `${pad(c.hour)}:${pad(c.minute)}`
}

/** An instant as the API sends it for pages to show: the date and `HH:mm` on the zone's wall clock. */
export function localMoment(instant: Date, tz: string): LocalMoment {
  const c = wallClock(instant, tz)
  return { date: `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`, time: `${pad(c.hour)}:${pad(c.minute)}` }
}

/**
 * The instant of a local date and `HH:mm` time in a zone. The offset is read twice because the
 * first guess can sit on the other side of a daylight-saving change. A wall time that a spring
 * change skips (02:30 in Berlin on its last March Sunday) comes out an hour later; one that an
 * autumn change repeats comes out as its second occurrence.
 */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const wallMs = dateMs(date) + minutesOf(time) * MINUTE_MS
  const first = wallMs - offsetMs(wallMs, tz)
  return new Date(wallMs - offsetMs(first, tz))
}

/** The local day `date` in a zone as instants `[start, end)`: 23 or 25 hours long on a DST change. */
export function localDayRange(date: string, tz: string): [Date, Date] {
  return [zonedInstant(date, '00:00', tz), zonedInstant(addDays(date, 1), '00:00', tz)]
}

function dateMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}

/** A calendar date (`2026-12-10`) as messages say it: `12月10日`. */
export function monthDayWords(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

export function addDays(date: string, days: number): string {
  return new Date(dateMs(date) + days * DAY_MS).toISOString().slice(0, 10)
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dateMs(date)).getUTCDay()
  return d === 0 ? 7 : d
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS)
}

/** `HH:mm` → minutes after midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}

export function timeOf(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
}
