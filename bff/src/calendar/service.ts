import type { CalendarStatus, HolidayNoticeInput, HolidayYear, Today } from '@linli/shared'
import { keptById } from '../cache/kept'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { CHINA_TIME_ZONE, localDate, localMoment } from './local-time'
import { blocksOf, formatNotice, parseNotice } from './notice'
import * as repo from './repository'
import { type HolidayCalendar, holidayCalendar } from './working-days'

/**
 * How long a process trusts its copy of the holiday table. Loading a notice clears this process's
 * copy at once; other BFF processes pick it up within this time. A notice is loaded weeks before
 * its year starts, so a few minutes' lag never changes a deadline in practice.
 */
const CALENDAR_CACHE_TTL_MS = 5 * 60_000

const cache = new WeakMap<Db, { calendar: Promise<HolidayCalendar>; readAt: number }>()

/**
 * The holiday table, read once and kept in memory (a few dozen rows a year): working-day
 * arithmetic on a hot path never queries. Keyed by the connection pool, so each database (and
 * each test's) has its own copy. Pass `deps.db`, not a transaction. The age is measured on the
 * real clock, not `deps.now()`, which tests move.
 */
export function workingDayCalendar(db: Db): Promise<HolidayCalendar> {
  const hit = cache.get(db)
  if (hit && Date.now() - hit.readAt < CALENDAR_CACHE_TTL_MS) return hit.calendar
  const calendar = Promise.all([repo.findAllDays(db), repo.findNoticeYears(db)]).then(([days, years]) => holidayCalendar(days, years))
  const entry = { calendar, readAt: Date.now() }
  cache.set(db, entry)
  // A failed read is not kept: the next call tries the database again.
  calendar.catch(() => {
    if (cache.get(db) === entry) cache.delete(db)
  })
  return calendar
}

async function yearView(db: Db, year: number): Promise<HolidayYear> {
  const [notice, days] = await Promise.all([repo.findNotice(db, year), repo.findDaysOfYear(db, year)])
  const blocks = blocksOf(days)
  return {
    year,
    loaded: notice !== undefined,
    source: notice?.source ?? null,
    loadedAt: notice?.loaded_at.toISOString() ?? null,
    days,
    blocks,
    text: formatNotice(blocks),
  }
}

export function getYear(deps: Deps, year: number): Promise<HolidayYear> {
  return yearView(deps.db, year)
}

/**
 * Loads (or reloads) a year's notice as a street admin pasted it:
 * 1. every line is parsed and checked (see `parseNotice`); any problem → 400 with each line's reason;
 * 2. the year's days are replaced whole in one transaction, with the audit entry;
 * 3. this process's cached calendar is dropped so the next deadline uses the new days.
 */
export async function loadNotice(deps: Deps, auth: Auth, year: number, input: HolidayNoticeInput, requestId: string | null): Promise<HolidayYear> {
  // 1.
  const parsed = parseNotice(year, input.text)
  if (!parsed.ok) throw new AppError('VALIDATION_FAILED', { message: `${year} 年节假日安排有误，请按行修改`, fields: parsed.issues })
  // 2.
  await inTransaction(deps.db, async (trx) => {
    await repo.replaceYear(trx, year, input.source, auth.userId, deps.now(), parsed.days)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: null,
      action: 'calendar.notice_loaded',
      targetType: 'holiday_notice',
      targetId: String(year),
      detail: {
        source: input.source,
        off: parsed.days.filter((d) => d.kind === 'off').length,
        working: parsed.days.filter((d) => d.kind === 'working').length,
      },
      requestId,
    })
  })
  // 3.
  cache.delete(deps.db)
  return yearView(deps.db, year)
}

/** From this day (MM-DD, China's time) staff are told when next year's notice is still missing. */
// China's date, not one community's: the notices are the State Council's.
const NEXT_YEAR_WARNING_FROM = '12-01'

/**
 * What staff are told about the holiday table: a missing notice for this year, or (from
 * 1 December) for next year, means working-day deadlines count only weekends and the fixed-date
 * statutory days for that year.
 */
export async function calendarStatus(deps: Deps): Promise<CalendarStatus> {
  const today = localDate(deps.now(), CHINA_TIME_ZONE)
  const year = Number(today.slice(0, 4))
  const nextYear = year + 1
  const calendar = await workingDayCalendar(deps.db)
  const missing = [year, ...(today.slice(5) >= NEXT_YEAR_WARNING_FROM ? [nextYear] : [])].filter((y) => !calendar.years.has(y))
  const warning =
    missing.length === 0
      ? null
      : `尚未导入 ${missing.join('、')} 年的国务院节假日安排：整改期限等工作日暂只按周末和元旦、劳动节、国庆的法定日计算，春节等假期和调休上班日未计入。请街道管理员在「节假日安排」中导入。`
  return { year, nextYear, loaded: calendar.years.has(nextYear), warning }
}

/**
 * The zone of each community, for views of rows that carry only a community id (cases, messages,
 * suspensions): kept in memory until the catalogue changes (cache/kept.ts). An id with no community reads China's time.
 */
export async function communityZones(db: Db, communityIds: readonly string[]): Promise<(communityId: string) => string> {
  const zones = communityIds.length === 0 ? new Map<string, { timezone: string }>() : await keptById(db, 'catalog', 'community_zone', communityIds, (ids) => repo.findCommunityZones(db, ids), (r) => r.id)
  return (communityId) => zones.get(communityId)?.timezone ?? CHINA_TIME_ZONE
}

/**
 * Today and now on the server's clock (`deps.now()`, which tests move) in a community's zone, or
 * China's without one: pages take "today" from here, never from the phone's own clock and zone.
 */
export async function today(deps: Deps, communityId: string | undefined): Promise<Today> {
  let timezone = CHINA_TIME_ZONE
  if (communityId) {
    const [row] = await repo.findCommunityZones(deps.db, [communityId])
    if (!row) throw new AppError('COMMUNITY_NOT_FOUND')
    timezone = row.timezone
  }
  return { ...localMoment(deps.now(), timezone), timezone }
}
