import {
  type ActivityHours,
  type ConfirmHoursSchema,
  HOURS_GRACE_MINUTES,
  type HoursRecord,
  type MyShift,
  RECORD_STATUS_LABELS,
  type RecordFixSchema,
  type ShiftCode,
  VOLUNTEER_SKILL_LABELS,
} from '@linli/shared'
import qrcode from 'qrcode-generator'
import type { z } from 'zod'
import { maskName } from '../booking/rules'
import { localDate, localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import * as regions from '../region/service'
import { afterConfirmed, afterUnconfirmed } from './confirmed'
import { assertOrganiser, volunteerFacts } from './facts'
import * as repo from './hours-repository'
import { VOLUNTEER_MESSAGES } from './messages'
import * as core from './repository'
import { codeMatches, currentCode } from './rotating-code'
import type { RecordRow } from './table'

/**
 * 志愿服务 hours (issue 12 item 3; docs/decisions/031-volunteer-hours.md). The organiser shows a
 * rotating six-digit code; a volunteer holding a seat checks in with it from 30 minutes before the
 * start to the end, and out until 30 minutes after the end; the minutes are capped at the shift.
 * Records are 待确认 until the organiser confirms them (never her own), and are corrected or
 * revoked by new entries and status changes, never edited or deleted. Confirmed minutes go to the
 * rollup, and confirmed.ts's consequences run, in the confirming transaction.
 */

const MINUTE_MS = 60_000
const GRACE_MS = HOURS_GRACE_MINUTES * MINUTE_MS
/** The check-in page in the H5 app (hash router), which reads shiftId and code from its address. */
export const CHECK_IN_PAGE = '/#/packages/volunteer/pages/checkin/index'

type ShiftWithActivity = NonNullable<Awaited<ReturnType<typeof core.findShiftWithActivity>>>

async function shiftOrThrow(db: Db, shiftId: string): Promise<ShiftWithActivity> {
  const shift = await core.findShiftWithActivity(db, shiftId)
  if (!shift || shift.activity_status === 'draft' || shift.activity_status === 'cancelled') throw new AppError('VOLUNTEER_SHIFT_NOT_FOUND')
  return shift
}

async function timezoneOf(db: Db, communityId: string): Promise<string> {
  const community = await regions.findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community.timezone
}

/** The shift's length in minutes: no record of it counts more. */
export function capOf(shift: { starts_at: Date; ends_at: Date }): number {
  return Math.floor((shift.ends_at.getTime() - shift.starts_at.getTime()) / MINUTE_MS)
}

/** Hours as the national system counts them: two decimals. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100
}

export function recordView(r: RecordRow, tz: string): HoursRecord {
  return {
    id: r.id,
    status: r.status,
    statusLabel: RECORD_STATUS_LABELS[r.status],
    serviceDate: r.service_date,
    checkedInAtLocal: localMoment(r.checked_in_at, tz),
    checkedOutAtLocal: r.checked_out_at ? localMoment(r.checked_out_at, tz) : null,
    minutes: r.minutes,
    hours: r.minutes === null ? null : hoursOf(r.minutes),
    fixReason: r.fix_reason,
    revokeReason: r.revoke_reason,
    correctsRecordId: r.corrects_record_id,
  }
}

const checkInOpens = (shift: { starts_at: Date }) => new Date(shift.starts_at.getTime() - GRACE_MS)
const checkOutCloses = (shift: { ends_at: Date }) => new Date(shift.ends_at.getTime() + GRACE_MS)

function qrCodeOf(url: string): string {
  const code = qrcode(0, 'M')
  code.addData(url)
  code.make()
  const svg = code.createSvgTag({ cellSize: 4, margin: 2, scalable: true })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/**
 * The organiser's code of a shift now, with the H5 check-in page's address carrying it (the QR a
 * volunteer scans) and when it changes. `origin` is where the H5 app is served.
 */
export async function shiftCode(deps: Deps, auth: Auth, shiftId: string, origin: string): Promise<ShiftCode> {
  const shift = await shiftOrThrow(deps.db, shiftId)
  await assertOrganiser(deps.db, auth, shift)
  const now = deps.now()
  const { code, expiresAt } = currentCode(shift.code_secret, now)
  const checkInUrl = `${origin}${CHECK_IN_PAGE}?shiftId=${shift.id}&code=${code}`
  return { shiftId, code, expiresAt: expiresAt.toISOString(), secondsLeft: Math.ceil((expiresAt.getTime() - now.getTime()) / 1000), checkInUrl, qrCode: qrCodeOf(checkInUrl) }
}

/** The checks check-in and check-out share: a registered volunteer, not suspended, on a seat of the shift. */
async function assertCanUseCode(deps: Deps, auth: Auth, shift: ShiftWithActivity, now: Date): Promise<void> {
  const facts = await volunteerFacts(deps.db, deps.cipher, auth.userId)
  if (facts.status === 'suspended' && (!facts.suspendedUntil || facts.suspendedUntil > now)) throw new AppError('VOLUNTEER_SUSPENDED')
  if (!(await repo.holdsSeat(deps.db, shift.id, auth.userId))) throw new AppError('VOLUNTEER_NO_SEAT')
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === '23505'
}

/**
 * Check-in with the organiser's code: from 30 minutes before the start until the end. The record
 * is open, dated by the community-clock day the shift starts (a service slot's: its booking day).
 * A second check-in is refused (the unique index settles two at once).
 */
export async function checkIn(deps: Deps, auth: Auth, shiftId: string, code: string): Promise<MyShift> {
  const shift = await shiftOrThrow(deps.db, shiftId)
  const now = deps.now()
  await assertCanUseCode(deps, auth, shift, now)
  if (now < checkInOpens(shift)) throw new AppError('VOLUNTEER_CHECK_IN_NOT_OPEN')
  if (now >= shift.ends_at) throw new AppError('VOLUNTEER_CHECK_IN_CLOSED')
  if (!codeMatches(shift.code_secret, code, now)) throw new AppError('VOLUNTEER_CODE_INVALID')
  if (await repo.findStandingRecord(deps.db, shiftId, auth.userId)) throw new AppError('VOLUNTEER_ALREADY_CHECKED_IN')
  const tz = await timezoneOf(deps.db, shift.community_id)
  try {
    await repo.insertRecord(
      deps.db,
      repo.openRecord({
        user_id: auth.userId,
        community_id: shift.community_id,
        activity_id: shift.activity_id,
        shift_id: shift.id,
        category: shift.category,
        service_date: localDate(shift.starts_at, tz),
        checked_in_at: now,
      }),
    )
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('VOLUNTEER_ALREADY_CHECKED_IN')
    throw err
  }
  return myShift(deps, auth, shift, now, tz)
}

/** Check-out with the code, until 30 minutes after the end: minutes = out − in, capped at the shift's length; the record is 待确认. */
export async function checkOut(deps: Deps, auth: Auth, shiftId: string, code: string): Promise<MyShift> {
  const shift = await shiftOrThrow(deps.db, shiftId)
  const now = deps.now()
  await assertCanUseCode(deps, auth, shift, now)
  if (now > checkOutCloses(shift)) throw new AppError('VOLUNTEER_CHECK_OUT_CLOSED')
  if (!codeMatches(shift.code_secret, code, now)) throw new AppError('VOLUNTEER_CODE_INVALID')
  const record = await repo.findStandingRecord(deps.db, shiftId, auth.userId)
  if (!record) throw new AppError('VOLUNTEER_NOT_CHECKED_IN')
  if (record.status !== 'open') throw new AppError('VOLUNTEER_ALREADY_CHECKED_OUT')
  const minutes = Math.min(Math.max(0, Math.floor((now.getTime() - record.checked_in_at.getTime()) / MINUTE_MS)), capOf(shift))
  if (!(await repo.checkOut(deps.db, record.id, now, minutes))) throw new AppError('VOLUNTEER_ALREADY_CHECKED_OUT')
  return myShift(deps, auth, shift, now, await timezoneOf(deps.db, shift.community_id))
}

async function myShift(deps: Deps, auth: Auth, shift: ShiftWithActivity, now: Date, tz: string): Promise<MyShift> {
  const [record] = await repo.myRecordsOfShifts(deps.db, auth.userId, [shift.id])
  return shiftView({ ...shift, shift_id: shift.id }, record, now, tz)
}

function shiftView(
  s: { shift_id: string; activity_id: string; title: string; place: string; role: string; starts_at: Date; ends_at: Date },
  record: RecordRow | undefined,
  now: Date,
  tz: string,
): MyShift {
  return {
    shiftId: s.shift_id,
    activityId: s.activity_id,
    title: s.title,
    place: s.place,
    role: s.role,
    startsAtLocal: localMoment(s.starts_at, tz),
    endsAtLocal: localMoment(s.ends_at, tz),
    canCheckIn: !record && now >= checkInOpens(s) && now < s.ends_at,
    canCheckOut: record?.status === 'open' && now <= checkOutCloses(s),
    record: record ? recordView(record, tz) : null,
  }
}

/** Her shifts on a seat that are coming or under way (until check-out closes), soonest first, with her record of each. */
export async function myShifts(deps: Deps, auth: Auth): Promise<{ items: MyShift[] }> {
  await volunteerFacts(deps.db, deps.cipher, auth.userId)
  const now = deps.now()
  const shifts = await repo.myOpenShifts(deps.db, auth.userId, new Date(now.getTime() - GRACE_MS), 20)
  const records = await repo.myRecordsOfShifts(deps.db, auth.userId, shifts.map((s) => s.shift_id))
  const byShift = new Map(records.map((r) => [r.shift_id, r]))
  const zones = await regions.communitiesByIds(deps.db, [...new Set(shifts.map((s) => s.community_id))])
  return { items: shifts.map((s) => shiftView(s, byShift.get(s.shift_id), now, zones.get(s.community_id)?.timezone ?? 'Asia/Shanghai')) }
}

async function organisedActivity(deps: Deps, auth: Auth, activityId: string) {
  const activity = await core.findActivity(deps.db, activityId)
  if (!activity || activity.status === 'draft') throw new AppError('VOLUNTEER_ACTIVITY_NOT_FOUND')
  await assertOrganiser(deps.db, auth, activity)
  return activity
}

/** The organiser's page of an activity: each shift with its roster (names masked), their check-in and check-out times and minutes. */
export async function activityHours(deps: Deps, auth: Auth, activityId: string): Promise<ActivityHours> {
  const activity = await organisedActivity(deps, auth, activityId)
  const [shifts, seated, records, tz] = await Promise.all([
    repo.shiftsOfActivity(deps.db, activityId),
    repo.seatedOfActivity(deps.db, activityId),
    repo.currentRecordsOfActivity(deps.db, activityId),
    timezoneOf(deps.db, activity.community_id),
  ])
  const people = await repo.volunteersByIds(deps.db, [...new Set([...seated.map((s) => s.user_id), ...records.map((r) => r.user_id)])])
  const nameOf = new Map(people.map((p) => [p.user_id, maskName(deps.cipher.decrypt(p.name_enc))]))
  // A revoked record is shown only while nothing stands in its place (she may check in again).
  const recordOf = new Map<string, RecordRow>()
  for (const r of records) {
    const key = `${r.shift_id}:${r.user_id}`
    const before = recordOf.get(key)
    if (!before || before.status === 'revoked') recordOf.set(key, r)
  }
  return {
    activityId,
    title: activity.title,
    place: activity.place,
    categoryLabel: VOLUNTEER_SKILL_LABELS[activity.category],
    pending: records.filter((r) => r.status === 'pending').length,
    shifts: shifts.map((s) => {
      const userIds = [...new Set([...seated.filter((g) => g.shift_id === s.id).map((g) => g.user_id), ...records.filter((r) => r.shift_id === s.id).map((r) => r.user_id)])]
      const seatedIds = new Set(seated.filter((g) => g.shift_id === s.id).map((g) => g.user_id))
      return {
        shiftId: s.id,
        role: s.role,
        startsAtLocal: localMoment(s.starts_at, tz),
        endsAtLocal: localMoment(s.ends_at, tz),
        capMinutes: capOf(s),
        entries: userIds.map((userId) => {
          const record = recordOf.get(`${s.id}:${userId}`)
          return { userId, name: nameOf.get(userId) ?? '*', signedUp: seatedIds.has(userId), own: userId === auth.userId, record: record ? recordView(record, tz) : null }
        }),
      }
    }),
  }
}

interface RollupEntry {
  userId: string
  year: number
  category: string
  minutes: number
  records: number
}

/** Confirmed rows as rollup entries (per volunteer, year of the service date, category), `sign` 1 to add, −1 to take back. */
function rollupEntries(rows: readonly RecordRow[], sign: 1 | -1): RollupEntry[] {
  const sums = new Map<string, RollupEntry>()
  for (const r of rows) {
    const year = Number(r.service_date.slice(0, 4))
    const key = `${r.user_id}:${year}:${r.category}`
    const entry = sums.get(key) ?? { userId: r.user_id, year, category: r.category, minutes: 0, records: 0 }
    entry.minutes += sign * (r.minutes ?? 0)
    entry.records += sign
    sums.set(key, entry)
  }
  return [...sums.values()]
}

/** A confirmed record no longer counts (revoked, or superseded by a correction): the rollup reduced and the consequences undone, in `trx`. */
async function unconfirm(trx: Db, rows: readonly RecordRow[], now: Date): Promise<void> {
  if (rows.length === 0) return
  await repo.takeFromRollup(trx, rollupEntries(rows, -1))
  await afterUnconfirmed(trx, rows, now)
}

function noteOf(title: string, r: Pick<RecordRow, 'service_date' | 'minutes'>, extra = ''): string {
  return `${title}：${r.service_date}，${hoursOf(r.minutes ?? 0)} 小时${extra}`
}

/**
 * Bulk confirmation by the organiser: the listed records of the activity, or every pending record
 * of one of its shifts. Never her own (listed: refused; the whole shift: left out). In one
 * transaction the pending ones turn confirmed (a conditional UPDATE: two confirmations at once
 * count each record once), their minutes go to the rollup, confirmed.ts runs, each volunteer is
 * told, and the act is audited.
 */
export async function confirmRecords(deps: Deps, auth: Auth, activityId: string, input: z.output<typeof ConfirmHoursSchema>, requestId: string | null) {
  const activity = await organisedActivity(deps, auth, activityId)
  let ids: string[]
  let ownSkipped = 0
  if (input.recordIds) {
    ids = [...new Set(input.recordIds)]
    const found = await repo.findActivityRecords(deps.db, activityId, ids)
    if (found.length !== ids.length) throw new AppError('VOLUNTEER_RECORD_NOT_FOUND')
    if (found.some((r) => r.user_id === auth.userId)) throw new AppError('VOLUNTEER_CONFIRM_OWN')
  } else {
    const shift = await core.findShift(deps.db, input.shiftId!)
    if (!shift || shift.activity_id !== activityId) throw new AppError('VOLUNTEER_SHIFT_NOT_FOUND')
    const pending = await repo.pendingOfShift(deps.db, shift.id)
    ownSkipped = pending.filter((r) => r.user_id === auth.userId).length
    ids = pending.filter((r) => r.user_id !== auth.userId).map((r) => r.id)
  }
  const confirmed = await confirmAsOrganiser(deps.db, activity, ids, auth.userId, deps.now(), requestId)
  return { confirmed: confirmed.length, unchanged: ids.length - confirmed.length, ownSkipped, minutes: confirmed.reduce((n, r) => n + (r.minutes ?? 0), 0) }
}

/**
 * The confirmation itself, by organiser `by` (checked by the caller): the pending ones among `ids`
 * turn confirmed, their minutes go to the rollup, confirmed.ts runs, each volunteer is told, the
 * act is audited, in one transaction. The demo seed confirms its history through it.
 */
export async function confirmAsOrganiser(db: Db, activity: { id: string; title: string; community_id: string }, ids: readonly string[], by: string, now: Date, requestId: string | null): Promise<RecordRow[]> {
  return inTransaction(db, async (trx) => {
    const rows = await repo.confirmPending(trx, activity.id, ids, by, now)
    if (rows.length === 0) return rows
    await repo.addToRollup(trx, rollupEntries(rows, 1))
    await afterConfirmed(trx, rows, now)
    for (const r of rows) {
      await enqueue(trx, { kind: VOLUNTEER_MESSAGES.hours_confirmed, recipient: { userId: r.user_id, communityId: r.community_id }, payload: { title: activity.title, activityId: activity.id, detail: noteOf(activity.title, r) } })
    }
    await writeAudit(trx, {
      actorUserId: by,
      communityId: activity.community_id,
      action: 'volunteer.hours_confirmed',
      targetType: 'volunteer_activity',
      targetId: activity.id,
      detail: { recordIds: rows.map((r) => r.id), minutes: rows.reduce((n, r) => n + (r.minutes ?? 0), 0) },
      requestId,
    })
    return rows
  })
}

async function organisedRecord(deps: Deps, auth: Auth, recordId: string) {
  const record = await repo.findRecord(deps.db, recordId)
  if (!record) throw new AppError('VOLUNTEER_RECORD_NOT_FOUND')
  const activity = await organisedActivity(deps, auth, record.activity_id)
  return { record, activity }
}

/**
 * The organiser corrects a record (a missed check-out, a wrong time) with a reason: a new 待确认
 * entry with the minutes served (within the shift's length) pointing at the old one, which turns
 * superseded. A confirmed record's minutes leave the rollup until the correction is confirmed.
 * Never her own record. Audited; the volunteer is told.
 */
export async function fixRecord(deps: Deps, auth: Auth, recordId: string, input: z.output<typeof RecordFixSchema>, requestId: string | null): Promise<HoursRecord> {
  const { record, activity } = await organisedRecord(deps, auth, recordId)
  if (record.user_id === auth.userId) throw new AppError('VOLUNTEER_CONFIRM_OWN')
  const shift = record.shift_id ? await core.findShift(deps.db, record.shift_id) : undefined
  if (shift && input.minutes > capOf(shift)) throw new AppError('VOLUNTEER_MINUTES_OVER_CAP')
  const now = deps.now()
  const tz = await timezoneOf(deps.db, record.community_id)
  const fixed = await inTransaction(deps.db, async (trx) => {
    const old = await repo.lockRecord(trx, recordId)
    if (!old || !['open', 'pending', 'confirmed'].includes(old.status)) throw new AppError('VOLUNTEER_RECORD_NOT_FIXABLE')
    await repo.markSuperseded(trx, old.id)
    if (old.status === 'confirmed') await unconfirm(trx, [old], now)
    const created = await repo.insertRecord(trx, {
      user_id: old.user_id,
      community_id: old.community_id,
      activity_id: old.activity_id,
      shift_id: old.shift_id,
      category: old.category,
      service_date: old.service_date,
      checked_in_at: old.checked_in_at,
      checked_out_at: new Date(old.checked_in_at.getTime() + input.minutes * MINUTE_MS),
      minutes: input.minutes,
      status: 'pending',
      corrects_record_id: old.id,
      fixed_by: auth.userId,
      fix_reason: input.reason,
      confirmed_by: null,
      confirmed_at: null,
      revoked_by: null,
      revoked_at: null,
      revoke_reason: null,
    })
    await enqueue(trx, { kind: VOLUNTEER_MESSAGES.hours_fixed, recipient: { userId: old.user_id, communityId: old.community_id }, payload: { title: activity.title, activityId: activity.id, detail: noteOf(activity.title, created, `（${input.reason}）`) } })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: old.community_id,
      action: 'volunteer.record_fixed',
      targetType: 'volunteer_record',
      targetId: old.id,
      detail: { newRecordId: created.id, from: { status: old.status, minutes: old.minutes }, to: { minutes: input.minutes }, reason: input.reason },
      requestId,
    })
    return created
  })
  return recordView(fixed, tz)
}

/**
 * The organiser revokes a pending or confirmed record with a reason (a no-show, a mistake): its
 * status says so, a confirmed one's minutes leave the rollup and its consequences are undone, in
 * one transaction. Audited; the volunteer is told.
 */
export async function revokeRecord(deps: Deps, auth: Auth, recordId: string, reason: string, requestId: string | null): Promise<HoursRecord> {
  const { activity } = await organisedRecord(deps, auth, recordId)
  const now = deps.now()
  const revoked = await inTransaction(deps.db, async (trx) => {
    const old = await repo.lockRecord(trx, recordId)
    if (!old || (old.status !== 'pending' && old.status !== 'confirmed')) throw new AppError('VOLUNTEER_RECORD_NOT_REVOCABLE')
    const row = await repo.markRevoked(trx, old.id, auth.userId, now, reason)
    if (!row) throw new AppError('VOLUNTEER_RECORD_NOT_REVOCABLE')
    if (old.status === 'confirmed') await unconfirm(trx, [old], now)
    await enqueue(trx, { kind: VOLUNTEER_MESSAGES.hours_revoked, recipient: { userId: old.user_id, communityId: old.community_id }, payload: { title: activity.title, activityId: activity.id, detail: noteOf(activity.title, old, `（${reason}）`) } })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: old.community_id,
      action: 'volunteer.record_revoked',
      targetType: 'volunteer_record',
      targetId: old.id,
      detail: { from: old.status, minutes: old.minutes, reason },
      requestId,
    })
    return row
  })
  return recordView(revoked, await timezoneOf(deps.db, revoked.community_id))
}
