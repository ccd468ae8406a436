import {
  type Rating,
  type RateRequest,
  RATING_LEVEL_LABELS,
  type RectificationCase,
  type StaffCase,
  type StaffCaseList,
  isPoor,
  maskPhone,
  tagsForLevel,
} from '@linli/shared'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { afterPosition, decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { peopleByIds } from '../auth/residents'
import { servicesByIds } from '../catalog/lookups'
import type { FieldCipher } from '../platform/crypto'
import { auditLook, writeAudit } from '../platform/audit'
import { communitiesByIds, communityIdsOnStreets } from '../region/service'
import { canManageCommunity } from '../region/access'
import { bookingMessageSubject, bookingStarts, findServedBookingForRating, markBookingRated } from '../booking/served'
import { inTransaction } from '../db/transaction'
import { maskName } from '../booking/rules'
import { enqueue } from '../notify/outbox'
import { RATING_MESSAGES, type RatingMessageKind, replyExcerpt } from './messages'
import { addDays, addMinutes, localDate, localMoment, zonedInstant } from '../calendar/local-time'
import { communityZones, workingDayCalendar } from '../calendar/service'
import { type HolidayCalendar, addWorkingDays } from '../calendar/working-days'
import * as repo from './repository'

/**
 * End of the n-th working day after `from`, in the community's zone: the rectification deadline.
 * Working days follow the State Council's holiday notices (国庆, 春节 and their 调休 Saturdays).
 */
export function rectificationDeadline(calendar: HolidayCalendar, from: Date, workingDays: number, tz: string): Date {
  const lastDay = addWorkingDays(calendar, localDate(from, tz), workingDays)
  return zonedInstant(addDays(lastDay, 1), '00:00', tz)
}

/** Cases with their steps, two queries however many cases (the work queue shows up to 200). */
async function caseViews(db: Db, cipher: FieldCipher, caseIds: string[], now: Date): Promise<Map<string, RectificationCase>> {
  if (caseIds.length === 0) return new Map()
  const [rows, steps] = await Promise.all([repo.findCases(db, caseIds), repo.findCaseSteps(db, caseIds)])
  const actors = await peopleByIds(db, cipher, steps.flatMap((s) => (s.actor_user_id ? [s.actor_user_id] : [])))
  const zoneOf = await communityZones(db, rows.map((r) => r.community_id))
  return new Map(
    rows.map((row) => {
      const tz = zoneOf(row.community_id)
      const own = steps.filter((s) => s.case_id === row.id)
      const reply = [...own].reverse().find((s) => s.kind === 'reply')
      return [
        row.id,
        {
          id: row.id,
          status: row.status,
          deadline: row.deadline.toISOString(),
          deadlineLocal: localMoment(row.deadline, tz),
          overdue: row.status !== 'closed' && row.status !== 'replied' && row.deadline < now,
          escalated: row.escalated_at !== null,
          reopened: row.reopened,
          residentSatisfied: row.resident_satisfied,
          reply: reply?.note ?? null,
          steps: own.map((s) => ({
            kind: s.kind,
            note: s.note,
            actorName: s.kind === 'resident_feedback' ? '居民' : (s.actor_user_id && actors.get(s.actor_user_id)?.name) || '系统',
            at: s.at.toISOString(),
            atLocal: localMoment(s.at, tz),
          })),
        },
      ]
    }),
  )
}

async function caseView(db: Db, cipher: FieldCipher, caseId: string, now: Date): Promise<RectificationCase> {
  const view = (await caseViews(db, cipher, [caseId], now)).get(caseId)
  if (!view) throw new AppError('CASE_NOT_FOUND')
  return view
}

async function ratingView(db: Db, cipher: FieldCipher, ratingId: string, now: Date): Promise<Rating> {
  const row = await repo.findRatingWithCase(db, ratingId)
  const service = (await servicesByIds(db, [row.service_id])).get(row.service_id)
  return {
    id: row.id,
    bookingId: row.booking_id,
    serviceId: row.service_id,
    serviceName: service?.name ?? '',
    level: row.level,
    levelLabel: RATING_LEVEL_LABELS[row.level] ?? '',
    tags: row.tags,
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
    counted: row.counted,
    case: row.case_id ? await caseView(db, cipher, row.case_id, now) : null,
  }
}

/**
 * 好差评: the booker rates a served booking.
 * 1. Only the one who booked (for themselves or a family member) — anyone else gets 404.
 * 2. Only a served booking whose slot has started (a meal is rated once it was eaten), only within the
 *    community's window (default 7 days) after serving.
 * 3. One rating per booking (一事一评), also enforced by a unique index.
 * 4. Tags must fit the level; the comment is length-limited by the schema.
 * 5. A 差评 (1–2) opens a rectification case with a working-day deadline, in the same transaction.
 */
export async function rate(deps: Deps, auth: Auth, bookingId: string, request: Required<RateRequest>): Promise<Rating> {
  const now = deps.now()
  const calendar = await workingDayCalendar(deps.db)
  const ratingId = await inTransaction(deps.db, async (trx) => {
    const booking = await findServedBookingForRating(trx, bookingId)
    // 1.
    if (!booking || booking.booked_by !== auth.userId) throw new AppError('BOOKING_NOT_FOUND')
    // 2.
    if (booking.status !== 'served' || !booking.served_at || now < booking.starts_at) throw new AppError('NOT_RATABLE')
    if (now > addMinutes(booking.served_at, booking.rating_window_days * 24 * 60)) throw new AppError('RATING_WINDOW_CLOSED')
    // 3.
    if (await repo.findRatingOfBooking(trx, bookingId)) throw new AppError('ALREADY_RATED')
    // 4.
    const allowed = tagsForLevel(request.level)
    const wrong = request.tags.filter((t) => !allowed.includes(t))
    if (wrong.length > 0) {
      throw new AppError('TAG_NOT_ALLOWED', { fields: wrong.map((t) => ({ path: 'tags', message: `「${t}」与评价等级不符` })) })
    }
    const month = `${localDate(now, booking.timezone).slice(0, 7)}-01`
    const ratingId = await repo.insertRating(trx, {
      community_id: booking.community_id,
      booking_id: booking.id,
      service_id: booking.service_id,
      category_id: booking.category_id,
      provider_id: booking.provider_id,
      rater_user_id: auth.userId,
      level: request.level,
      tags: [...new Set(request.tags)],
      comment: request.comment,
      month,
    })
    await markBookingRated(trx, booking.id, now)
    // 5.
    if (isPoor(request.level)) {
      await repo.insertCase(trx, {
        community_id: booking.community_id,
        rating_id: ratingId,
        service_id: booking.service_id,
        status: 'open',
        deadline: rectificationDeadline(calendar, now, booking.rectification_working_days, booking.timezone),
        escalated_at: null,
        resident_satisfied: null,
        replied_at: null,
        closed_at: null,
      })
    }
    return ratingId
  })
  return ratingView(deps.db, deps.cipher, ratingId, now)
}

export async function ratingForBooking(deps: Deps, auth: Auth, bookingId: string): Promise<Rating> {
  const row = await repo.findRatingOfBooking(deps.db, bookingId, auth.userId)
  if (!row) throw new AppError('NOT_FOUND', { message: '还没有评价' })
  return ratingView(deps.db, deps.cipher, row.id, deps.now())
}

/** A case as staff see it: its rating's, plus the service (catalog), community (region) and rater (auth). */
type StaffCaseView = repo.StaffCaseRow & { service_name: string; community_name: string; street_id: string; timezone: string; rater_name: string; rater_phone: string | null }

/** Cases with their service, community and rater, asked of their domains once for the whole list. */
async function staffCaseViews(deps: Deps, rows: repo.StaffCaseRow[]): Promise<StaffCaseView[]> {
  const [services, communities, raters] = await Promise.all([
    servicesByIds(deps.db, rows.map((r) => r.service_id)),
    communitiesByIds(deps.db, rows.map((r) => r.community_id)),
    peopleByIds(deps.db, deps.cipher, rows.map((r) => r.rater_user_id)),
  ])
  return rows.flatMap((row) => {
    const [service, community, rater] = [services.get(row.service_id), communities.get(row.community_id), raters.get(row.rater_user_id)]
    if (!service || !community || !rater) return []
    return [{ ...row, service_name: service.name, community_name: community.name, street_id: community.street_id, timezone: community.timezone, rater_name: rater.name, rater_phone: rater.phone }]
  })
}

function toStaffCase(row: StaffCaseView, startsAt: Date | undefined, view: RectificationCase, withPhone: boolean): StaffCase {
  const phone = row.rater_phone
  return {
    ...view,
    ratingId: row.rating_id,
    serviceName: row.service_name,
    level: row.level,
    tags: row.tags,
    comment: row.comment,
    bookingDate: startsAt ? localDate(startsAt, row.timezone) : '',
    raterName: maskName(row.rater_name),
    // The phone is what staff need to call back (回访); the list shows it masked, the case in full.
    raterPhone: phone === null ? null : withPhone ? phone : maskPhone(phone),
    communityName: row.community_name,
  }
}

/**
 * The work queue: open cases of the caller's communities (a street admin: the street's), a page at
 * a time by deadline (then id, so a cursor is stable), so the overdue ones come first; closed cases
 * drop out. `total` counts the whole queue.
 */
export async function caseQueue(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }): Promise<StaffCaseList> {
  const communityIds = auth.grants.filter((g) => g.role === 'staff' && g.communityId).map((g) => g.communityId as string)
  const streetIds = auth.grants.filter((g) => g.role === 'street_admin' && g.streetId).map((g) => g.streetId as string)
  if (communityIds.length === 0 && streetIds.length === 0) throw new AppError('FORBIDDEN')
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const reach = [...new Set([...communityIds, ...(await communityIdsOnStreets(deps.db, streetIds))])]
  if (reach.length === 0) return { items: [], nextCursor: null, total: 0 }
  let q = repo.staffCaseQuery(deps.db).where('rectification_case.status', '!=', 'closed').where('rectification_case.community_id', 'in', reach)
  const counted = q.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  if (after) q = q.where(afterPosition('rectification_case.deadline', 'rectification_case.id', after, 'asc'))
  const [fetched, total] = await Promise.all([q.orderBy('rectification_case.deadline').orderBy('rectification_case.id').limit(query.limit + 1).execute(), counted])
  const page = pageFrom(fetched, query.limit, (r) => ({ key: r.deadline, id: r.id }))
  const rows = await staffCaseViews(deps, page.rows)
  const [views, starts] = await Promise.all([
    caseViews(deps.db, deps.cipher, rows.map((r) => r.id), deps.now()),
    bookingStarts(deps.db, rows.map((r) => r.booking_id)),
  ])
  const items = rows.flatMap((r) => {
    const view = views.get(r.id)
    return view ? [toStaffCase(r, starts.get(r.booking_id), view, false)] : []
  })
  return { items, nextCursor: page.nextCursor, total: Number(total.n) }
}

async function loadCaseForStaff(deps: Deps, auth: Auth, caseId: string) {
  const [row] = await staffCaseViews(deps, await repo.staffCaseQuery(deps.db).where('rectification_case.id', '=', caseId).execute())
  if (!row || !canManageCommunity(auth, { id: row.community_id, streetId: row.street_id })) throw new AppError('CASE_NOT_FOUND')
  return row
}

/** One case as the staff responsible see it, with the rater's phone in full. */
async function fullStaffCase(deps: Deps, row: StaffCaseView, now: Date): Promise<StaffCase> {
  const [view, starts] = await Promise.all([caseView(deps.db, deps.cipher, row.id, now), bookingStarts(deps.db, [row.booking_id])])
  return toStaffCase(row, starts.get(row.booking_id), view, true)
}

/** One case for the staff responsible, with the phone to call back; the look is audited. */
export async function staffCase(deps: Deps, auth: Auth, caseId: string, requestId: string): Promise<StaffCase> {
  const row = await loadCaseForStaff(deps, auth, caseId)
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId: row.community_id,
    action: 'case.viewed',
    targetType: 'rectification_case',
    targetId: caseId,
    requestId,
  })
  return fullStaffCase(deps, row, deps.now())
}

/** Tells the resident who rated what became of her 差评 (WeChat and 我的消息), opening the rating that shows the case. */
async function notifyRater(
  db: Db,
  c: { caseId: string; communityId: string; bookingId: string; raterUserId: string },
  kind: RatingMessageKind,
  extra: { reply?: string } = {},
): Promise<void> {
  const subject = await bookingMessageSubject(db, c.bookingId)
  if (!subject) return
  await enqueue(db, { kind, recipient: { userId: c.raterUserId, communityId: c.communityId }, payload: { ...subject, caseId: c.caseId, ...extra } })
}

const NEXT_STATUS = { verify: { from: 'open', to: 'verified' }, rectify: { from: 'verified', to: 'rectified' }, reply: { from: 'rectified', to: 'replied' } } as const

/**
 * Staff record the steps in order: 回访核实 → 整改 → 答复. Each is recorded with who and when and
 * goes to the audit log; the reply is what the resident reads.
 */
export async function addStep(
  deps: Deps,
  auth: Auth,
  caseId: string,
  step: { kind: 'verify' | 'rectify' | 'reply'; note: string },
  requestId: string,
): Promise<StaffCase> {
  const row = await loadCaseForStaff(deps, auth, caseId)
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const next = NEXT_STATUS[step.kind]
    const advanced = await repo.advanceCase(trx, caseId, next.from, { status: next.to, ...(step.kind === 'reply' ? { replied_at: now } : {}) })
    if (!advanced) throw new AppError('CASE_STEP_OUT_OF_ORDER')
    await repo.insertCaseStep(trx, { case_id: caseId, kind: step.kind, note: step.note, actor_user_id: auth.userId, at: now })
    // The 答复 reaches her with the step; 回访 and 整改 are staff work in progress.
    if (step.kind === 'reply') {
      await notifyRater(trx, { caseId, communityId: row.community_id, bookingId: row.booking_id, raterUserId: row.rater_user_id }, RATING_MESSAGES.case_replied, {
        reply: replyExcerpt(step.note),
      })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: row.community_id,
      action: `case.${step.kind}`,
      targetType: 'rectification_case',
      targetId: caseId,
      detail: { note: step.note },
      requestId,
    })
  })
  return fullStaffCase(deps, await loadCaseForStaff(deps, auth, caseId), now)
}

/**
 * The resident says whether the rectification satisfied them.
 * 1. Only the one who rated, only once the community has replied.
 * 2. Not satisfied: the case is reopened once with a new deadline; the second time it closes as
 *    not satisfied (and counts so). The move leaves `replied` conditionally: of two taps at once
 *    one wins, the other is told the case has moved on (409), and nothing is written twice.
 * 3. Her feedback is a step of the case and an audit entry, in the same transaction.
 */
export async function residentFeedback(deps: Deps, auth: Auth, caseId: string, satisfied: boolean, note: string, requestId: string): Promise<Rating> {
  const now = deps.now()
  const calendar = await workingDayCalendar(deps.db)
  // 1.
  const found = await repo.findCaseForFeedback(deps.db, caseId)
  if (!found || found.rater_user_id !== auth.userId) throw new AppError('CASE_NOT_FOUND')
  const community = (await communitiesByIds(deps.db, [found.community_id])).get(found.community_id)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  if (found.status !== 'replied') throw new AppError('CASE_STEP_OUT_OF_ORDER', { message: '社区答复后才能评价整改结果' })
  const reopen = !satisfied && !found.reopened
  await inTransaction(deps.db, async (trx) => {
    // 2.
    const moved = reopen
      ? await repo.advanceCase(trx, caseId, 'replied', {
          status: 'open',
          reopened: true,
          replied_at: null,
          escalated_at: null,
          deadline: rectificationDeadline(calendar, now, community.rectification_working_days, community.timezone),
        })
      : await repo.advanceCase(trx, caseId, 'replied', { status: 'closed', resident_satisfied: satisfied, closed_at: now })
    if (!moved) throw new AppError('CASE_STEP_OUT_OF_ORDER', { message: '这条整改评价已经提交过了' })
    // 3.
    const said = `${satisfied ? '满意' : '不满意'}${note ? `：${note}` : ''}`
    await repo.insertCaseStep(trx, { case_id: caseId, kind: 'resident_feedback', note: said, actor_user_id: auth.userId, at: now })
    if (reopen) await repo.insertCaseStep(trx, { case_id: caseId, kind: 'reopened', note: '居民对整改不满意，重新办理', actor_user_id: null, at: now })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: found.community_id,
      action: 'case.resident_feedback',
      targetType: 'rectification_case',
      targetId: caseId,
      detail: { satisfied, reopened: reopen },
      requestId,
    })
  })
  return ratingView(deps.db, deps.cipher, found.rating_id, now)
}

/**
 * Scheduled: cases past their deadline without a reply are flagged and escalated to the street
 * (once), with a step and an audit entry. Returns how many were escalated.
 */
export async function escalateOverdue(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const due = await repo.lockOverdueCases(trx, now)
    for (const c of due) {
      await repo.markEscalated(trx, c.id, now)
      await repo.insertCaseStep(trx, { case_id: c.id, kind: 'escalated', note: '超过整改期限，已上报街道督办', actor_user_id: null, at: now })
      await writeAudit(trx, { actorUserId: null, communityId: c.community_id, action: 'case.escalated', targetType: 'rectification_case', targetId: c.id })
      // She is told her 差评 went to the street (接诉即办: nobody waits in silence past the deadline).
      await notifyRater(trx, { caseId: c.id, communityId: c.community_id, bookingId: c.booking_id, raterUserId: c.rater_user_id }, RATING_MESSAGES.case_escalated)
    }
    return due.length
  })
}
