import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

/**
 * Calendar arithmetic in a community's time zone. Slots are stored as instants (timestamptz) but
 * defined in local wall-clock time: "lunch 11:30 every weekday" means 11:30 in Asia/Shanghai (or
 * wherever the community is), whatever the server's own zone.
 */
export function localDate(instant: Date, tz: string): string {
  return dayjs(instant).tz(tz).format('YYYY-MM-DD')
}

export function localTime(instant: Date, tz: string): string {
  return dayjs(instant).tz(tz).format('HH:mm')
}

/** The instant of a local date and `HH:mm` time in a zone. */
export function zonedInstant(date: string, time: string, tz: string): Date {
  return dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', tz).toDate()
}

export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD')
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = dayjs.utc(date).day()
  return d === 0 ? 7 : d
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000)
}

/** `HH:mm` → minutes after midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number]
  return h * 60 + m
}

export function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/**
 * The date `n` working days after `date`, skipping Saturdays and Sundays (local rules count
 * rectification deadlines in 工作日). Public holidays are not modelled yet.
 */
export function addWorkingDays(date: string, n: number): string {
  let current = date
  let left = n
  while (left > 0) {
    current = addDays(current, 1)
    if (isoWeekday(current) <= 5) left--
  }
  return current
}
