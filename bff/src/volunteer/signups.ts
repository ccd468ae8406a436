import { randomUUID } from 'node:crypto'
import { ADULT_AGE, type Activity, GUARDIAN_ALONE_AGE, type MySignupEntry, type MySignupsQuerySchema, type SignupInputSchema, type SignupResult, type SignupStatus } from '@linli/shared'
import { type Insertable, sql } from 'kysely'
import type { z } from 'zod'
import { localDate, localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue, enqueueEach, enqueueWhen } from '../notify/outbox'
import { type AuditEntry, auditEach, auditStatement, writeAudit } from '../platform/audit'
import * as seats from '../seats/seats'
import { TOGETHER, Together, queuePerApp } from '../platform/together'
import { activityOrThrow, communityOrThrow, shiftDetail, toActivity } from './activities'
import * as repo from './activity-repository'
import { SHIFT_SEATS } from './repository'
import { type VolunteerFacts, ageOn, volunteerFacts } from './facts'
import { VOLUNTEER_MESSAGES } from './messages'
import type { VolunteerSignupTable } from './table'

/**
 * 报名与候补 (issue 12 item 2, docs/decisions/030-volunteer-activities.md). A shift is a capacity row
 * of the seats kernel: a sign-up takes a seat with one conditional UPDATE or waits; a cancellation
 * before the deadline hands the seat to the first waiting (releaseSeat). Who may sign up is decided
 * here, from the registration (facts.volunteerFacts), never by the page.
 */

/** One reminder this long before a shift starts. */
export const REMINDER_LEAD_MINUTES = 120

type SignupShift = NonNullable<Awaited<ReturnType<typeof repo.findShiftForSignup>>>

async function shiftOrThrow(db: Db, shiftId: string): Promise<SignupShift> {
  const shift = await repo.findShiftForSignup(db, shiftId)
  if (!shift) throw new AppError('VOLUNTEER_SHIFT_NOT_FOUND')
  return shift
}

function assertActive(v: VolunteerFacts, now: Date): void {
  if (v.status === 'suspended' && (v.suspendedUntil === null || v.suspendedUntil > now)) throw new AppError('VOLUNTEER_SUSPENDED')
}

/**
 * Her eligibility for the shift (志愿服务条例 第十五条, GB/T 40143 conditions), in this order:
 * age on the shift's day ≥ the activity's minimum; 14–18 with the guardian's consent recorded;
 * under 14 only where minors may come with a guardian (who is checked in the transaction);
 * the required skills hers; the training confirmed when the activity requires it.
 * Returns her age on the day.
 */
function assertEligible(v: VolunteerFacts, shift: SignupShift, input: z.output<typeof SignupInputSchema>, tz: string): number {
  const age = ageOn(v.birthDate, localDate(shift.starts_at, tz))
  if (age < shift.min_age) throw new AppError('VOLUNTEER_UNDER_AGE', { message: `该活动要求年满 ${shift.min_age} 周岁` })
  if (age < ADULT_AGE && !v.guardianConsentAt) throw new AppError('VOLUNTEER_GUARDIAN_CONSENT_MISSING')
  if (age < GUARDIAN_ALONE_AGE && !shift.minors_with_guardian) throw new AppError('VOLUNTEER_UNDER_AGE', { message: '该活动不接受未满 14 周岁的志愿者' })
  if (age < GUARDIAN_ALONE_AGE && !input.guardianVolunteerNo) throw new AppError('VOLUNTEER_GUARDIAN_REQUIRED')
  const skills = new Set(v.skills)
  if (!shift.required_skills.every((s) => skills.has(s))) throw new AppError('VOLUNTEER_SKILLS_MISSING')
  if (shift.training && !input.trainingConfirmed) throw new AppError('VOLUNTEER_TRAINING_REQUIRED')
  return age
}

/** The adult volunteer she names, seated on this shift; else VOLUNTEER_GUARDIAN_REQUIRED. */
async function guardianOn(deps: Deps, trx: Db, shift: SignupShift, volunteerNo: string, tz: string): Promise<string> {
  const g = await repo.findGuardianOn(trx, shift.id, volunteerNo)
  if (!g || g.status !== 'signed_up' || ageOn(deps.cipher.decrypt(g.birth_date_enc), localDate(shift.starts_at, tz)) < ADULT_AGE) throw new AppError('VOLUNTEER_GUARDIAN_REQUIRED')
  return g.user_id
}

/**
 * A volunteer signs up for a shift:
 * 1. The shift's activity is published and its deadline not passed.
 * 2. She is a registered, active volunteer, eligible (assertEligible).
 * 3. Once, and never on two shifts at the same time: her advisory lock orders her taps (two at
 *    once, or two shifts at once), then the seat statement itself refuses when she has an open
 *    sign-up on this shift or an overlapping one (`unless`; asked again only to say which); the
 *    partial unique index holds whatever gets past.
 * 4. A seat through the seats kernel (one conditional UPDATE, never over the seats); none left:
 *    the waitlist. Those signing up for the shift at the same moment share the transaction
 *    (platform/together); a child under 14 signs up alone, her guardian checked in it.
 * The audit entry (which records a confirmed training), the seat, the sign-up and her message
 * are one transaction. A refusal writes nothing.
 */
export async function signUp(deps: Deps, auth: Auth, shiftId: string, input: z.output<typeof SignupInputSchema>, requestId: string): Promise<SignupResult> {
  const [shift, v] = await Promise.all([shiftOrThrow(deps.db, shiftId), volunteerFacts(deps.db, deps.cipher, auth.userId)])
  const now = deps.now()
  // 1.
  if (shift.activity_status !== 'published') throw new AppError('VOLUNTEER_ACTIVITY_NOT_OPEN')
  if (now >= shift.signup_deadline) throw new AppError('VOLUNTEER_SIGNUP_CLOSED')
  // 2.
  const community = await communityOrThrow(deps.db, shift.community_id)
  assertActive(v, now)
  const age = assertEligible(v, shift, input, community.timezone)
  const signupId = randomUUID()
  if (age >= GUARDIAN_ALONE_AGE) {
    // 3.–4. with everyone signing up for this shift at the same moment (docs/decisions/045).
    const held = await shiftQueue(deps.db).join(shift.id, signupLock(auth.userId), { shift, timezone: community.timezone, signupId, userId: auth.userId, requestId })
    if (!held) return refusedSignup(deps.db, auth.userId, shift)
    return { id: held.id, shiftId: shift.id, status: held.seated ? 'signed_up' : 'waitlisted', waitlistPosition: held.seated ? null : (held.waitingAhead ?? 0) + 1 }
  }
  // Under 14, with her guardian on the shift: alone, as the guardian is checked in her transaction.
  const joined = await inTransaction(deps.db, async (trx) => {
    // 1. again, as the activity is now: a cancel committed meanwhile is seen (and one running is waited for).
    await assertStillOpen(trx, shift)
    // 3.
    await repo.lockPerson(trx, signupLock(auth.userId))
    const guardian = await guardianOn(deps, trx, shift, input.guardianVolunteerNo, community.timezone)
    // 4. The seat, the sign-up, its audit entry and her message in one statement (decision 039).
    const audit = auditStatement(signupAudit({ shift, signupId, userId: auth.userId, requestId }, guardian))
    const message = signupMessage(shift, community.timezone, auth.userId)
    const held = await seats.takeSeatAndHold(trx, SHIFT_SEATS, shift.id, {
      values: signupRow({ shift, signupId, userId: auth.userId }, guardian),
      seated: 'signed_up' satisfies SignupStatus,
      waiting: 'waitlisted' satisfies SignupStatus,
      also: (when) => [
        audit,
        ...enqueueWhen({ kind: VOLUNTEER_MESSAGES.shift_signed_up, ...message }, when.seated),
        ...enqueueWhen({ kind: VOLUNTEER_MESSAGES.shift_waitlisted, ...message }, when.waiting),
      ],
      // 3. Her sign-up on this shift or one at the same time refuses it in the same statement.
      unless: repo.clashCondition(trx, auth.userId, shift),
    })
    if (!held) return refusedSignup(trx, auth.userId, shift)
    return held
  })
  // A seat came free while she joined the list (a cancel, more seats): the first waiting get it now.
  const promoted = joined.seatFreed ? await inTransaction(deps.db, (trx) => seats.fillSeats(trx, SHIFT_SEATS, shift.id, promoter(trx, shift, community.timezone, now))) : []
  const seated = joined.seated || promoted.includes(joined.id)
  return { id: joined.id, shiftId: shift.id, status: seated ? 'signed_up' : 'waitlisted', waitlistPosition: seated ? null : (joined.waitingAhead ?? 0) + 1 }
}

/** Her lock: her taps, and her sign-ups for shifts at the same time, one after another. */
function signupLock(userId: string): string {
  return `volunteer-signup:${userId}`
}

/** 1. again, in the sign-up's transaction, as the activity is now: a cancel committed meanwhile is seen (and one running is waited for). */
async function assertStillOpen(trx: Db, shift: SignupShift): Promise<void> {
  if ((await repo.shareActivityStatus(trx, shift.activity_id)) !== 'published') throw new AppError('VOLUNTEER_ACTIVITY_NOT_OPEN')
}

/** Nothing was written: which of her sign-ups refused it. */
async function refusedSignup(db: Db, userId: string, shift: SignupShift): Promise<never> {
  const clash = await repo.findClash(db, userId, shift)
  if (clash) throw new AppError(clash.shift_id === shift.id ? 'VOLUNTEER_ALREADY_SIGNED_UP' : 'VOLUNTEER_SHIFT_OVERLAP')
  // Refused by a sign-up cancelled since: nothing holds her back now, and a retry signs her up.
  throw new AppError('CONFLICT')
}

type Joining = { shift: SignupShift; timezone: string; signupId: string; userId: string; requestId: string }

/** The columns a sign-up is written with (its status comes from the seat statement), and their SQL types. */
const SIGNUP_COLUMNS = { id: 'uuid', shift_id: 'uuid', user_id: 'uuid', community_id: 'uuid', guardian_user_id: 'uuid' } as const

function signupRow(j: Pick<Joining, 'shift' | 'signupId' | 'userId'>, guardian: string | null): Record<keyof typeof SIGNUP_COLUMNS, unknown> & Omit<Insertable<VolunteerSignupTable>, 'status'> {
  return { id: j.signupId, shift_id: j.shift.id, user_id: j.userId, community_id: j.shift.community_id, guardian_user_id: guardian }
}

/** The audit entry of a sign-up (it records a confirmed training and the guardian). */
function signupAudit(j: Pick<Joining, 'shift' | 'signupId' | 'userId' | 'requestId'>, guardian: string | null): AuditEntry {
  return {
    actorUserId: j.userId,
    communityId: j.shift.community_id,
    action: 'volunteer.signed_up',
    targetType: 'volunteer_signup',
    targetId: j.signupId,
    detail: { shiftId: j.shift.id, trainingConfirmed: j.shift.training ? true : null, guardianUserId: guardian },
    requestId: j.requestId,
  }
}

function signupMessage(shift: SignupShift, timezone: string, userId: string) {
  return { recipient: { userId, communityId: shift.community_id }, payload: { title: shift.title, activityId: shift.activity_id, detail: shiftDetail(shift, shift, timezone) } }
}

/** This app's sign-ups waiting per shift: one transaction seats all who asked meanwhile; the activity cancelled is everyone's answer. */
const shiftQueue = queuePerApp(
  (db: Db) => new Together<Joining, seats.HeldSeat | null>((shiftId, batch) => inTransaction(db, (trx) => signUpTogether(trx, shiftId, batch)), { ...TOGETHER, shared: (err) => err instanceof AppError }),
)

/** 1. and 3.–4. for sign-ups of one shift at once: the activity still open, everyone's lock and the shift's, then one statement. */
async function signUpTogether(trx: Db, shiftId: string, batch: readonly Joining[]): Promise<(seats.HeldSeat | null)[]> {
  const first = batch[0]
  if (!first) return []
  const { shift, timezone } = first
  await assertStillOpen(trx, shift)
  await seats.lockHoldersAndRow(
    trx,
    SHIFT_SEATS,
    shiftId,
    batch.map((j) => signupLock(j.userId)),
  )
  const messages = batch.map((j) => signupMessage(shift, timezone, j.userId))
  return seats.takeSeatsTogether(trx, SHIFT_SEATS, shiftId, {
    columns: seats.columnsOf(
      SIGNUP_COLUMNS,
      batch.map((j) => signupRow(j, null)),
    ),
    seated: 'signed_up' satisfies SignupStatus,
    waiting: 'waitlisted' satisfies SignupStatus,
    mayWait: batch.map(() => true),
    // 3. A sign-up of hers on this shift or one at the same time refuses hers, in the same statement.
    refused: (input) => repo.clashes(trx, input, shift),
    also: (held) => [
      auditEach(
        batch.map((j) => signupAudit(j, null)),
        sql`select n from ${held}`,
      ),
      ...enqueueEach(
        messages.map((m) => ({ kind: VOLUNTEER_MESSAGES.shift_signed_up, ...m })),
        sql`select n from ${held} where seated`,
      ),
      ...enqueueEach(
        messages.map((m) => ({ kind: VOLUNTEER_MESSAGES.shift_waitlisted, ...m })),
        sql`select n from ${held} where not seated`,
      ),
    ],
  })
}

/**
 * A seat given back goes to the first waiting (shift_seat_offered, promoted_at) or back to the
 * shift (seats.releaseSeat, SKIP LOCKED: two cancels at once promote two different people).
 */
async function releaseHeldSeat(trx: Db, shift: SignupShift, tz: string, now: Date): Promise<string | null> {
  return seats.releaseSeat(trx, SHIFT_SEATS, shift.id, promoter(trx, shift, tz, now))
}

/** What seating a waiting volunteer means: signed up, and told (shift_seat_offered). */
function promoter(trx: Db, shift: SignupShift, tz: string, now: Date) {
  return async (signupId: string) => {
    const promoted = await repo.updateSignup(trx, signupId, { status: 'signed_up', promoted_at: now })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.shift_seat_offered,
      recipient: { userId: promoted.user_id, communityId: promoted.community_id },
      payload: { title: shift.title, activityId: shift.activity_id, detail: shiftDetail(shift, shift, tz) },
    })
  }
}

/**
 * She cancels before the deadline: her sign-up is cancelled, a seat she held goes to the first
 * waiting; children she accompanies on the shift are cancelled with her (they may not serve
 * alone). One transaction with the audit entry.
 */
export async function cancelSignup(deps: Deps, auth: Auth, shiftId: string, requestId: string): Promise<Activity> {
  const shift = await shiftOrThrow(deps.db, shiftId)
  const now = deps.now()
  if (now >= shift.signup_deadline) throw new AppError('VOLUNTEER_SIGNUP_CLOSED', { message: '报名已截止，不能再取消；如不能到场请联系组织者' })
  const community = await communityOrThrow(deps.db, shift.community_id)
  await inTransaction(deps.db, async (trx) => {
    await repo.lockPerson(trx, `volunteer-signup:${auth.userId}`)
    const found = await repo.findOpenSignup(trx, shiftId, auth.userId)
    const mine = found && (await repo.lockSignup(trx, found.id))
    if (!mine || mine.status === 'cancelled') throw new AppError('VOLUNTEER_NOT_SIGNED_UP')
    const wards = await repo.lockWardsOn(trx, shiftId, auth.userId)
    const promoted: (string | null)[] = []
    for (const g of [mine, ...wards]) {
      await repo.updateSignup(trx, g.id, { status: 'cancelled', cancelled_at: now })
      if (g.status === 'signed_up') promoted.push(await releaseHeldSeat(trx, shift, community.timezone, now))
    }
    for (const w of wards) {
      await enqueue(trx, {
        kind: VOLUNTEER_MESSAGES.activity_changed,
        recipient: { userId: w.user_id, communityId: w.community_id },
        payload: { title: shift.title, activityId: shift.activity_id, detail: `陪同您的监护人已取消报名，您的报名也已取消：${shiftDetail(shift, shift, community.timezone)}` },
      })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: shift.community_id,
      action: 'volunteer.signup_cancelled',
      targetType: 'volunteer_signup',
      targetId: mine.id,
      detail: { shiftId, held: mine.status, wards: wards.map((w) => w.id), promoted },
      requestId,
    })
  })
  // Her page after it, even of a help request she no longer holds (getActivity would hide it now).
  return toActivity(deps, auth, await activityOrThrow(deps.db, shift.activity_id))
}

/** 我的报名: shifts to come (soonest first) or past (latest first), cancelled ones included. */
export async function mySignups(deps: Deps, auth: Auth, query: z.output<typeof MySignupsQuerySchema>) {
  const now = deps.now()
  const rows = await repo.pageMySignups(deps.db, {
    userId: auth.userId,
    when: query.when,
    now,
    after: query.cursor ? decodeCursor(query.cursor, 'instant') : undefined,
    limit: query.limit,
  })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.starts_at, id: r.id }))
  const zones = new Map<string, string>()
  const items: MySignupEntry[] = []
  for (const r of page.rows) {
    const tz = zones.get(r.community_id) ?? (await communityOrThrow(deps.db, r.community_id)).timezone
    zones.set(r.community_id, tz)
    items.push({
      id: r.id,
      status: r.status,
      waitlistPosition: r.status === 'waitlisted' ? r.position : null,
      activityId: r.activity_id,
      activityTitle: r.title,
      activityStatus: r.activity_status,
      place: r.place,
      shiftId: r.shift_id,
      role: r.role,
      startsAtLocal: localMoment(r.starts_at, tz),
      endsAtLocal: localMoment(r.ends_at, tz),
      canCancel: r.status !== 'cancelled' && r.activity_status === 'published' && now < r.signup_deadline,
    })
  }
  return { items, nextCursor: page.nextCursor }
}

/**
 * Reminders: each seated volunteer of a shift starting within REMINDER_LEAD_MINUTES gets one
 * shift_reminder, written with `reminded_at` in one transaction (SKIP LOCKED), so never twice.
 */
export async function enqueueShiftReminders(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const due = await repo.lockDueReminders(trx, now, REMINDER_LEAD_MINUTES)
    await repo.markReminded(
      trx,
      due.map((r) => r.id),
      now,
    )
    const zones = new Map<string, string>()
    for (const r of due) {
      const tz = zones.get(r.community_id) ?? (await communityOrThrow(trx, r.community_id)).timezone
      zones.set(r.community_id, tz)
      await enqueue(trx, {
        kind: VOLUNTEER_MESSAGES.shift_reminder,
        recipient: { userId: r.user_id, communityId: r.community_id },
        payload: { title: r.title, activityId: r.activity_id, detail: shiftDetail(r, r, tz) },
      })
    }
    return due.length
  })
}
