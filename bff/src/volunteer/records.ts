import { HOURS_EXPORT_MAX_DAYS, type MyRecords, NATIONAL_RECORD_HEADER, VOLUNTEER_SKILL_LABELS } from '@linli/shared'
import { peopleByIds } from '../auth/residents'
import { keptById } from '../cache/kept'
import { localDate, localTime } from '../calendar/local-time'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { auditLook } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import { volunteerFacts } from './facts'
import { hoursOf, recordView } from './hours'
import * as repo from './hours-repository'

/**
 * 志愿服务记录 (issue 12 item 4): the volunteer's totals and records, and the staff's export in the
 * national 志愿服务信息系统's fields. Totals come from the rollup (a few rows per year), the list a
 * page at a time from the (user, service date) index: the cost follows the answer, not ten years.
 */

const DAY_MS = 86_400_000

/** Pages kept at most (each ≤ 50 records, a few KB). */
const KEPT_PAGES = 5000

/**
 * Her totals by year and category, and a page of her records, newest first: kept in memory until a
 * registration, record, rollup, activity or community changes in any process (the change feed's
 * `volunteer` family, docs/decisions/041), so reading her own 志愿服务记录 again costs no statement.
 * The page is kept with its JSON, encoded, which the route sends as it is: ten years of totals (44
 * rows) made serialising and encoding the answer the larger part of a request (decision 041 addendum).
 */
export async function myRecords(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }): Promise<MyRecords> {
  return (await keptPage(deps, auth, query)).page
}

/** The same page as JSON, UTF-8 encoded, for the route. */
export async function myRecordsJson(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }): Promise<Uint8Array<ArrayBuffer>> {
  return (await keptPage(deps, auth, query)).json
}

const utf8 = new TextEncoder()

async function keptPage(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }): Promise<{ key: string; page: MyRecords; json: Uint8Array<ArrayBuffer> }> {
  const key = `${auth.userId}|${query.limit}|${query.cursor ?? ''}`
  const load = async () => {
    const page = await loadMyRecords(deps, auth, query)
    return [{ key, page, json: utf8.encode(JSON.stringify(page)) }]
  }
  const entry = (await keptById(deps.db, 'volunteer', 'my-records', [key], load, (r) => r.key, KEPT_PAGES)).get(key)
  if (!entry) throw new Error('a page just loaded is always returned')
  return entry
}

async function loadMyRecords(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }): Promise<MyRecords> {
  await volunteerFacts(deps.db, deps.cipher, auth.userId)
  const after = query.cursor ? decodeCursor(query.cursor, 'date') : null
  const [rollup, rows] = await Promise.all([repo.rollupOf(deps.db, auth.userId), repo.myRecordsPage(deps.db, auth.userId, after, query.limit)])
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.service_date, id: r.id }))
  const zones = await regions.communitiesByIds(deps.db, page.rows.map((r) => r.community_id))
  const totals = rollup
    .filter((t) => t.records > 0)
    .map((t) => ({ year: t.year, category: t.category, categoryLabel: VOLUNTEER_SKILL_LABELS[t.category], minutes: t.minutes, hours: hoursOf(t.minutes), records: t.records }))
  const totalMinutes = totals.reduce((n, t) => n + t.minutes, 0)
  return {
    totals,
    totalMinutes,
    totalHours: hoursOf(totalMinutes),
    items: page.rows.map((r) => ({
      ...recordView(r, zones.get(r.community_id)?.timezone ?? 'Asia/Shanghai'),
      activityId: r.activity_id,
      title: r.title,
      categoryLabel: VOLUNTEER_SKILL_LABELS[r.category],
    })),
    nextCursor: page.nextCursor,
  }
}

/** A CSV field: quoted, quotes doubled, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

/**
 * A community's confirmed records with service dates in [from, to] (at most a year), in the national
 * system's fields, for upload there. The ID number is in full: the national system matches an
 * uploaded record to the registered volunteer by 证件号码, and a masked one would match nobody
 * (decision 031). So only staff of the community (or its street admin) export, each export is
 * audited with its range and row count, and nothing else personal (phone, birth date) goes in.
 */
export async function exportNationalCsv(deps: Deps, auth: Auth, communityId: string, range: { from: string; to: string }, requestId: string | null) {
  const community = await regions.findCommunityById(deps.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN')
  if (Date.parse(range.to) - Date.parse(range.from) > (HOURS_EXPORT_MAX_DAYS - 1) * DAY_MS) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', message: `一次最多导出 ${HOURS_EXPORT_MAX_DAYS} 天的记录` }] })
  }
  const rows = await repo.confirmedInRange(deps.db, communityId, range.from, range.to)
  const confirmers = await peopleByIds(deps.db, deps.cipher, [...new Set(rows.map((r) => r.confirmed_by).filter((id): id is string => id !== null))])
  const tz = community.timezone
  const lines = rows.map((r) =>
    [
      r.volunteer_no,
      deps.cipher.decrypt(r.name_enc),
      '居民身份证',
      deps.cipher.decrypt(r.id_number_enc),
      r.title,
      VOLUNTEER_SKILL_LABELS[r.category],
      r.service_date,
      localTime(r.checked_in_at, tz),
      r.checked_out_at ? localTime(r.checked_out_at, tz) : '',
      hoursOf(r.minutes ?? 0).toFixed(2),
      `${community.name}居民委员会`,
      r.confirmed_by ? (confirmers.get(r.confirmed_by)?.name ?? '') : '',
      r.confirmed_at ? localDate(r.confirmed_at, tz) : '',
    ]
      .map(csvField)
      .join(','),
  )
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId,
    action: 'volunteer.records_exported',
    targetType: 'community',
    targetId: communityId,
    detail: { from: range.from, to: range.to, rows: rows.length },
    requestId,
  })
  return { filename: `volunteer-records-${range.from}-${range.to}.csv`, body: `\uFEFF${[NATIONAL_RECORD_HEADER.map(csvField).join(','), ...lines].join('\r\n')}\r\n` }
}
