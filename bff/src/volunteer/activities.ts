import {
  type Activity,
  type ActivityCancelSchema,
  type ActivityInputSchema,
  type ActivityListQuerySchema,
  type ActivitySummary,
  type ScheduleChangeSchema,
  type Shift,
  VOLUNTEER_SKILL_LABELS,
} from '@linli/shared'
import type { z } from 'zod'
import { maskName } from '../booking/rules'
import { localMoment, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import { resizeSeats } from '../seats/seats'
import * as repo from './activity-repository'
import * as core from './repository'
import { assertOrganiser, newCodeSecret } from './facts'
import { VOLUNTEER_MESSAGES } from './messages'
import type { ActivityRow, ShiftRow } from './table'

/**
 * 志愿活动与班次 (issue 12 item 2, docs/decisions/030-volunteer-activities.md): staff or a team's
 * leaders publish what GB/T 40143 asks to be published; volunteers read it; a change of time or
 * place and a cancellation are told to everyone signed up. Sign-ups are in signups.ts.
 */

type Community = NonNullable<Awaited<ReturnType<typeof regions.findCommunityById>>>

export async function communityOrThrow(db: Db, communityId: string): Promise<Community> {
  const community = await regions.findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community
}

export async function activityOrThrow(db: Db, activityId: string): Promise<ActivityRow> {
  const activity = await core.findActivity(db, activityId)
  if (!activity) throw new AppError('VOLUNTEER_ACTIVITY_NOT_FOUND')
  return activity
}

/** Staff of its community, or a leader of its team (facts.assertOrganiser), without throwing. */
async function organises(db: Db, auth: Auth | null, activity: ActivityRow, community: Community): Promise<boolean> {
  if (!auth) return false
  if (canManageCommunity(auth, community)) return true
  return activity.team_id !== null && (await core.leadsTeam(db, auth.userId, activity.team_id))
}

/** The one line a message shows: the shift's role, day, time and the place. */
export function shiftDetail(activity: { title: string; place: string }, shift: { role: string; starts_at: Date }, tz: string): string {
  const at = localMoment(shift.starts_at, tz)
  return `${activity.title}（${shift.role}）：${at.date} ${at.time}，${activity.place}`
}

/** Sign-ups are open until the shift's deadline, on a published activity. */
export function signupOpen(activity: Pick<ActivityRow, 'status'>, shift: Pick<ShiftRow, 'signup_deadline'>, now: Date): boolean {
  return activity.status === 'published' && now < shift.signup_deadline
}

/** An activity as its page shows it: the GB/T fields, its shifts with seats left, the waitlist and her own sign-up. */
export async function toActivity(deps: Deps, auth: Auth | null, activity: ActivityRow): Promise<Activity> {
  const community = await communityOrThrow(deps.db, activity.community_id)
  const shifts = await repo.findShiftsOf(deps.db, activity.id)
  const ids = shifts.map((s) => s.id)
  const [waiting, mine, canOrganise] = await Promise.all([
    repo.waitingCounts(deps.db, ids),
    auth ? repo.mySignupsOn(deps.db, auth.userId, ids) : Promise.resolve([]),
    organises(deps.db, auth, activity, community),
  ])
  const guardians = new Map<string, string>()
  for (const m of mine) {
    if (m.guardian_user_id && !guardians.has(m.guardian_user_id)) {
      const g = await core.findVolunteer(deps.db, m.guardian_user_id)
      if (g) guardians.set(m.guardian_user_id, maskName(deps.cipher.decrypt(g.name_enc)))
    }
  }
  const now = deps.now()
  const tz = community.timezone
  const views: Shift[] = shifts.map((s) => {
    const my = mine.find((m) => m.shift_id === s.id)
    return {
      id: s.id,
      role: s.role,
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
      startsAtLocal: localMoment(s.starts_at, tz),
      endsAtLocal: localMoment(s.ends_at, tz),
      deadlineLocal: localMoment(s.signup_deadline, tz),
      capacity: s.capacity,
      seatsLeft: s.capacity - s.taken,
      waitlisted: waiting.get(s.id) ?? 0,
      open: signupOpen(activity, s, now),
      mine: my
        ? {
            id: my.id,
            status: my.status,
            waitlistPosition: my.status === 'waitlisted' ? my.position : null,
            guardianName: my.guardian_user_id ? (guardians.get(my.guardian_user_id) ?? null) : null,
          }
        : null,
    }
  })
  const upcoming = shifts.filter((s) => s.starts_at > now)
  return {
    id: activity.id,
    kind: activity.kind,
    status: activity.status,
    title: activity.title,
    category: activity.category,
    categoryLabel: VOLUNTEER_SKILL_LABELS[activity.category],
    place: activity.place,
    firstStartsAtLocal: upcoming[0] ? localMoment(upcoming[0].starts_at, tz) : shifts[0] ? localMoment(shifts[0].starts_at, tz) : null,
    seatsLeft: upcoming.reduce((n, s) => n + s.capacity - s.taken, 0),
    risky: activity.risky,
    communityId: activity.community_id,
    teamId: activity.team_id,
    content: activity.content,
    requiredSkills: activity.required_skills,
    requiredSkillLabels: activity.required_skills.map((s) => VOLUNTEER_SKILL_LABELS[s]),
    minAge: activity.min_age,
    minorsWithGuardian: activity.minors_with_guardian,
    training: activity.training,
    headcount: activity.headcount,
    howToSignUp: activity.how_to_sign_up,
    risks: activity.risks,
    insurance: activity.insurance,
    cancelReason: activity.cancel_reason,
    shifts: views,
    canOrganise,
  }
}

/**
 * An activity's page, readable by anyone like the catalogue. A draft is its organisers' alone (404
 * to anyone else, as if it were not there); so is a help request's one shift, except to the
 * volunteer who took it: its place may be an elder's home (邻里求助 has its own page).
 */
export async function getActivity(deps: Deps, auth: Auth | null, activityId: string): Promise<Activity> {
  const activity = await activityOrThrow(deps.db, activityId)
  if (activity.status === 'draft') {
    const community = await communityOrThrow(deps.db, activity.community_id)
    if (!(await organises(deps.db, auth, activity, community))) throw new AppError('VOLUNTEER_ACTIVITY_NOT_FOUND')
  }
  const view = await toActivity(deps, auth, activity)
  if (activity.kind === 'help_request' && !view.canOrganise && !view.shifts.some((s) => s.mine)) throw new AppError('VOLUNTEER_ACTIVITY_NOT_FOUND')
  return view
}

/** 志愿活动: the published activities to come of her community (or the one asked for), soonest first. */
export async function listActivities(deps: Deps, auth: Auth | null, query: z.output<typeof ActivityListQuerySchema>) {
  const communityId = query.communityId ?? auth?.communityId
  if (!communityId) return { items: [], nextCursor: null }
  const community = await communityOrThrow(deps.db, communityId)
  const rows = await repo.pageUpcomingActivities(deps.db, {
    communityId,
    category: query.category,
    now: deps.now(),
    after: query.cursor ? decodeCursor(query.cursor, 'instant') : undefined,
    limit: query.limit,
  })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.next_start as Date, id: r.id }))
  const items: ActivitySummary[] = page.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    category: r.category,
    categoryLabel: VOLUNTEER_SKILL_LABELS[r.category],
    place: r.place,
    firstStartsAtLocal: r.next_start ? localMoment(new Date(r.next_start), community.timezone) : null,
    seatsLeft: r.seats_left ?? 0,
    risky: r.risky,
  }))
  return { items, nextCursor: page.nextCursor }
}

/** 志愿服务条例 第十七条 (and the table's CHECK): a risky activity is published only with its insurance arranged. */
function assertInsured(activity: { risky: boolean; insurance: string | null }): void {
  if (activity.risky && !activity.insurance) throw new AppError('VOLUNTEER_ACTIVITY_UNINSURED')
}

type ShiftTimes = { startsAt: Date; endsAt: Date }

/** A shift's start and end on the community's clock, in the future. */
function shiftTimes(input: { date: string; startTime: string; endTime: string }, tz: string, now: Date): ShiftTimes {
  const startsAt = zonedInstant(input.date, input.startTime, tz)
  const endsAt = zonedInstant(input.date, input.endTime, tz)
  if (startsAt <= now) throw new AppError('VOLUNTEER_SHIFT_IN_PAST')
  return { startsAt, endsAt }
}

/**
 * Staff or a team's leader publish an activity (or save it as 草稿):
 * 1. Staff of the community, or a leader of the team named (a team of that community).
 * 2. Every shift in the future; a deadline (default: the start) after now and not after the start.
 * 3. Published at once: a risky activity needs its insurance (409).
 * The activity, its shifts and the audit entry are one transaction.
 */
export async function createActivity(deps: Deps, auth: Auth, input: z.output<typeof ActivityInputSchema>, requestId: string): Promise<Activity> {
  const community = await communityOrThrow(deps.db, input.communityId)
  // 1.
  if (input.teamId) {
    const team = await repo.findTeam(deps.db, input.teamId)
    if (!team || team.community_id !== community.id) throw new AppError('VOLUNTEER_TEAM_NOT_FOUND')
  }
  await assertOrganiser(deps.db, auth, { community_id: community.id, team_id: input.teamId })
  // 2.
  const now = deps.now()
  const shifts = input.shifts.map((s) => {
    const times = shiftTimes(s, community.timezone, now)
    const deadline = s.deadline ? zonedInstant(s.deadline.date, s.deadline.time, community.timezone) : times.startsAt
    if (deadline <= now || deadline > times.startsAt) throw new AppError('VOLUNTEER_SHIFT_DEADLINE_INVALID')
    return { ...times, deadline, role: s.role, seats: s.seats }
  })
  const insurance = input.insurance || null
  // 3.
  if (input.publish) assertInsured({ risky: input.risky, insurance })
  const id = await inTransaction(deps.db, async (trx) => {
    const activity = await core.insertActivity(trx, {
      community_id: community.id,
      team_id: input.teamId,
      kind: 'activity',
      title: input.title,
      content: input.content,
      category: input.category,
      place: input.place,
      required_skills: input.requiredSkills,
      min_age: input.minAge,
      minors_with_guardian: input.minorsWithGuardian,
      training: input.training || null,
      headcount: shifts.reduce((n, s) => n + s.seats, 0),
      how_to_sign_up: input.howToSignUp,
      risks: input.risks,
      risky: input.risky,
      insurance,
      status: input.publish ? 'published' : 'draft',
      cancel_reason: null,
      slot_id: null,
      created_by: auth.userId,
      published_by: input.publish ? auth.userId : null,
      published_at: input.publish ? now : null,
    })
    await core.insertShifts(
      trx,
      shifts.map((s) => ({
        activity_id: activity.id,
        community_id: community.id,
        role: s.role,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        capacity: s.seats,
        signup_deadline: s.deadline,
        code_secret: newCodeSecret(),
      })),
    )
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: input.publish ? 'volunteer.activity_published' : 'volunteer.activity_drafted',
      targetType: 'volunteer_activity',
      targetId: activity.id,
      detail: { title: input.title, teamId: input.teamId, risky: input.risky, insurance, shifts: shifts.map((s) => ({ role: s.role, startsAt: s.startsAt.toISOString(), seats: s.seats })) },
      requestId,
    })
    return activity.id
  })
  return getActivity(deps, auth, id)
}

/** The organiser's activity, or VOLUNTEER_NOT_ORGANISER / NOT_FOUND. */
async function organisersActivity(deps: Deps, auth: Auth, activityId: string): Promise<{ activity: ActivityRow; community: Community }> {
  const activity = await activityOrThrow(deps.db, activityId)
  await assertOrganiser(deps.db, auth, activity)
  return { activity, community: await communityOrThrow(deps.db, activity.community_id) }
}

/** A draft is published (草稿 → 已发布): its shifts still to come, a risky one insured. Audited. */
export async function publishActivity(deps: Deps, auth: Auth, activityId: string, requestId: string): Promise<Activity> {
  const { activity, community } = await organisersActivity(deps, auth, activityId)
  assertInsured(activity)
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockActivity(trx, activityId)
    if (!locked || locked.status !== 'draft') throw new AppError('VOLUNTEER_ACTIVITY_NOT_DRAFT')
    const shifts = await repo.findShiftsOf(trx, activityId)
    if (shifts.some((s) => s.signup_deadline <= now)) throw new AppError('VOLUNTEER_SHIFT_IN_PAST', { message: '有班次已开始或报名已截止，请先修改时间再发布' })
    await repo.updateActivity(trx, activityId, { status: 'published', published_by: auth.userId, published_at: now })
    await writeAudit(trx, { actorUserId: auth.userId, communityId: community.id, action: 'volunteer.activity_published', targetType: 'volunteer_activity', targetId: activityId, detail: { from: 'draft' }, requestId })
  })
  return getActivity(deps, auth, activityId)
}

/**
 * A new place, or new times or seats for shifts not started: the shifts are moved (the deadline
 * moves with the start when it was the start, and never stays after it), and everyone signed up or
 * waiting on a changed shift is told (activity_changed, with the new time and place), in one
 * transaction with the audit entry. More seats go to those waiting, first come first seated, each
 * told (shift_seat_offered); fewer never go below those signed up. Nothing changed: nothing told.
 */
export async function changeSchedule(deps: Deps, auth: Auth, activityId: string, input: z.output<typeof ScheduleChangeSchema>, requestId: string): Promise<Activity> {
  const { activity, community } = await organisersActivity(deps, auth, activityId)
  const now = deps.now()
  const tz = community.timezone
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockActivity(trx, activityId)
    if (!locked || locked.status === 'cancelled') throw new AppError('VOLUNTEER_ACTIVITY_CANCELLED')
    if (locked.status === 'finished') throw new AppError('VOLUNTEER_SHIFT_STARTED')
    const shifts = new Map((await repo.findShiftsOf(trx, activityId)).map((s) => [s.id, s]))
    const moved: ShiftRow[] = []
    const changes: Record<string, unknown>[] = []
    for (const change of input.shifts) {
      const shift = shifts.get(change.shiftId)
      if (!shift) throw new AppError('VOLUNTEER_SHIFT_NOT_FOUND')
      const times = shiftTimes(change, tz, now)
      if (times.startsAt.getTime() === shift.starts_at.getTime() && times.endsAt.getTime() === shift.ends_at.getTime()) continue
      if (shift.starts_at <= now) throw new AppError('VOLUNTEER_SHIFT_STARTED')
      const deadlineWasStart = shift.signup_deadline.getTime() === shift.starts_at.getTime()
      const deadline = deadlineWasStart || shift.signup_deadline > times.startsAt ? times.startsAt : shift.signup_deadline
      const updated = await repo.updateShift(trx, shift.id, { starts_at: times.startsAt, ends_at: times.endsAt, signup_deadline: deadline })
      shifts.set(shift.id, updated)
      moved.push(updated)
      changes.push({ shiftId: shift.id, from: shift.starts_at.toISOString(), to: times.startsAt.toISOString() })
    }
    const placeChanged = input.place !== locked.place
    if (placeChanged) await repo.updateActivity(trx, activityId, { place: input.place })
    // Seats last, so a volunteer given a seat is told the new time and place, once.
    const seatChanges: { shiftId: string; from: number; to: number; promoted: string[] }[] = []
    for (const change of input.shifts) {
      const shift = shifts.get(change.shiftId) as ShiftRow
      if (change.seats !== undefined && change.seats !== shift.capacity) seatChanges.push(await changeSeats(trx, { ...locked, place: input.place }, shift, change.seats, tz, now))
    }
    const seated = new Set(seatChanges.flatMap((c) => c.promoted))
    // A new place concerns every shift not started; a new time only the shifts moved.
    const told = placeChanged ? [...shifts.values()].filter((s) => s.starts_at > now) : moved
    const byId = new Map(told.map((s) => [s.id, s]))
    for (const g of (await repo.lockOpenSignupsOf(trx, [...byId.keys()])).filter((g) => !seated.has(g.id))) {
      const shift = byId.get(g.shift_id) as ShiftRow
      await enqueue(trx, {
        kind: VOLUNTEER_MESSAGES.activity_changed,
        recipient: { userId: g.user_id, communityId: g.community_id },
        payload: { title: locked.title, activityId, detail: `改为 ${shiftDetail({ title: locked.title, place: input.place }, shift, tz)}` },
      })
    }
    if (changes.length > 0 || placeChanged || seatChanges.length > 0) {
      await writeAudit(trx, {
        actorUserId: auth.userId,
        communityId: community.id,
        action: 'volunteer.activity_changed',
        targetType: 'volunteer_activity',
        targetId: activityId,
        detail: { place: placeChanged ? { from: activity.place, to: input.place } : null, shifts: changes, seats: seatChanges },
        requestId,
      })
    }
  })
  return getActivity(deps, auth, activityId)
}

/** One shift's seats changed (see changeSchedule); the activity's headcount follows. What the audit entry records of it. */
async function changeSeats(trx: Db, activity: ActivityRow, shift: ShiftRow, seats: number, tz: string, now: Date): Promise<{ shiftId: string; from: number; to: number; promoted: string[] }> {
  if (activity.kind !== 'activity') throw new AppError('VOLUNTEER_SEATS_FIXED')
  if (shift.starts_at <= now) throw new AppError('VOLUNTEER_SHIFT_STARTED')
  // Past the deadline nobody may cancel: a volunteer seated from the waiting list then could not say no.
  if (shift.signup_deadline <= now) throw new AppError('VOLUNTEER_SEATS_AFTER_DEADLINE')
  const promoted = await resizeSeats(trx, core.SHIFT_SEATS, shift.id, seats, async (signupId) => {
    const signup = await repo.updateSignup(trx, signupId, { status: 'signed_up', promoted_at: now })
    await enqueue(trx, {
      kind: VOLUNTEER_MESSAGES.shift_seat_offered,
      recipient: { userId: signup.user_id, communityId: signup.community_id },
      payload: { title: activity.title, activityId: activity.id, detail: shiftDetail(activity, shift, tz) },
    })
  })
  if (!promoted) {
    const taken = (await repo.findShiftsOf(trx, activity.id)).find((s) => s.id === shift.id)?.taken ?? shift.taken
    throw new AppError('VOLUNTEER_SEATS_BELOW_TAKEN', { message: `已有 ${taken} 人报名，名额不能少于 ${taken} 人` })
  }
  await repo.addHeadcount(trx, activity.id, seats - shift.capacity)
  return { shiftId: shift.id, from: shift.capacity, to: seats, promoted }
}

/**
 * An organiser cancels an activity with a reason: every sign-up (seated or waiting) is cancelled
 * and told (activity_cancelled), the seats emptied, in one transaction with the audit entry.
 */
export async function cancelActivity(deps: Deps, auth: Auth, activityId: string, input: z.output<typeof ActivityCancelSchema>, requestId: string): Promise<Activity> {
  const { activity, community } = await organisersActivity(deps, auth, activityId)
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockActivity(trx, activityId)
    if (!locked || locked.status === 'cancelled') throw new AppError('VOLUNTEER_ACTIVITY_CANCELLED')
    const shifts = await repo.findShiftsOf(trx, activityId)
    if (shifts.length > 0 && shifts.every((s) => s.ends_at <= now)) throw new AppError('VOLUNTEER_SHIFT_STARTED', { message: '活动已结束，不能取消' })
    await repo.updateActivity(trx, activityId, { status: 'cancelled', cancel_reason: input.reason })
    const open = await repo.lockOpenSignupsOf(
      trx,
      shifts.map((s) => s.id),
    )
    await repo.cancelSignups(
      trx,
      open.map((g) => g.id),
      now,
    )
    await repo.emptyShifts(trx, activityId)
    const byId = new Map(shifts.map((s) => [s.id, s]))
    for (const g of open) {
      await enqueue(trx, {
        kind: VOLUNTEER_MESSAGES.activity_cancelled,
        recipient: { userId: g.user_id, communityId: g.community_id },
        payload: { title: activity.title, activityId, detail: `${shiftDetail(activity, byId.get(g.shift_id) as ShiftRow, community.timezone)}。原因：${input.reason}` },
      })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'volunteer.activity_cancelled',
      targetType: 'volunteer_activity',
      targetId: activityId,
      detail: { reason: input.reason, signups: open.length },
      requestId,
    })
  })
  return getActivity(deps, auth, activityId)
}
