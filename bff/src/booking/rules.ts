import { ageOn } from '@linli/shared'
import { AppError } from '../http/errors'
import { addDays, addMinutes, localDate, localTime, monthDayWords, zonedInstant } from '../calendar/local-time'

/** When a resident may still cancel: a local time on the slot's day (meals: 09:30), or minutes before start. */
export function cancelDeadline(
  startsAt: Date,
  settings: { cancel_before_minutes: number | null; cancel_by_local_time: string | null },
  tz: string,
): Date {
  if (settings.cancel_by_local_time) return zonedInstant(localDate(startsAt, tz), settings.cancel_by_local_time, tz)
  return addMinutes(startsAt, -(settings.cancel_before_minutes ?? 0))
}

/**
 * The booking window: no later than `min_notice_minutes` before the start, and no further ahead
 * than `max_days_ahead` days counted in local calendar days from today.
 */
export function inBookingWindow(
  startsAt: Date,
  settings: { min_notice_minutes: number; max_days_ahead: number },
  tz: string,
  now: Date,
): boolean {
  if (startsAt.getTime() < addMinutes(now, settings.min_notice_minutes).getTime()) return false
  return localDate(startsAt, tz) <= addDays(localDate(now, tz), settings.max_days_ahead)
}

/**
 * Eligibility of the person served, checked by the BFF (the app only explains it):
 * 1. Residents-only services: the booker lives in the service's community.
 * 2. A minimum age, on the day of the service.
 * 3. A child age range: the person served is a child in that range (课后托管 for 6–12).
 */
export function assertEligible(
  service: { community_id: string; residents_only: boolean; min_age: number | null; child_min_age: number | null; child_max_age: number | null },
  booker: { communityId: string | null },
  served: { birthDate: string | null },
  day: string,
): void {
  // 1.
  if (service.residents_only && booker.communityId !== service.community_id) {
    throw new AppError('NOT_ELIGIBLE', { message: '该服务仅限本社区居民预约' })
  }
  const needsAge = service.min_age !== null || service.child_min_age !== null || service.child_max_age !== null
  if (!needsAge) return
  if (served.birthDate === null) throw new AppError('NOT_ELIGIBLE', { message: '请先填写出生日期，以便核对年龄条件' })
  const age = ageOn(served.birthDate, day)
  // 2.
  if (service.min_age !== null && age < service.min_age) {
    throw new AppError('NOT_ELIGIBLE', { message: `该服务需年满${service.min_age}周岁` })
  }
  // 3.
  if (service.child_min_age !== null || service.child_max_age !== null) {
    const min = service.child_min_age ?? 0
    const max = service.child_max_age ?? 17
    if (age < min || age > max) throw new AppError('NOT_ELIGIBLE', { message: `该服务面向${min}–${max}岁的儿童` })
  }
}

/**
 * Check-in and 已服务 follow the clock of the slot, not of the booking (issue 8: a meal served
 * days ahead could be rated before it was eaten):
 * 1. Check-in opens `check_in_lead_minutes` before the start, and stays open afterwards (a late
 *    arrival, or staff recording a past day after a holiday).
 * 2. 已服务 needs the slot to have started.
 */
export function assertServiceClock(
  action: 'check_in' | 'serve',
  booking: { starts_at: Date; check_in_lead_minutes: number; service_name: string },
  tz: string,
  now: Date,
): void {
  const today = localDate(now, tz)
  // 1.
  if (action === 'check_in') {
    const opens = addMinutes(booking.starts_at, -booking.check_in_lead_minutes)
    if (now < opens) {
      throw new AppError('CHECK_IN_NOT_OPEN', {
        message: `签到时间未到：${whenText(booking.starts_at, tz, today)} 的${booking.service_name} ${whenText(opens, tz, today)} 起可签到`,
      })
    }
    return
  }
  // 2.
  if (now < booking.starts_at) {
    throw new AppError('SERVICE_NOT_STARTED', {
      message: `服务还没开始：${whenText(booking.starts_at, tz, today)} 开始后才能标记已服务`,
    })
  }
}

/** `11:30` today, `12月3日 11:30` on another day. */
function whenText(instant: Date, tz: string, today: string): string {
  const day = localDate(instant, tz)
  const time = localTime(instant, tz)
  if (day === today) return time
  return `${monthDayWords(day)} ${time}`
}

/** 王秀兰 → 王*兰, 李敏 → 李*: staff see enough to greet, not more (GB/T 35273 de-identification). */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
