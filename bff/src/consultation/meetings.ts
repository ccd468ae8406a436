import {
  ATTENDANCE_LABELS,
  type Attendance,
  type CheckInSchema,
  type DeskEntry,
  type DeskQuerySchema,
  MEETING_KIND_LABELS,
  MEETING_SEATS_MAX,
  type Meeting,
  type MeetingInputSchema,
  type MeetingSeatsInputSchema,
  type MeetingUpdateSchema,
  type MyRegistration,
  PARTICIPANT_TAG_LABELS,
  type ParticipantTag,
  type ParticipantTagsInputSchema,
  type Tally,
  type TallyInputSchema,
  VOTE_OUTCOME_LABELS,
  type WalkInAttendeeSchema,
} from '@linli/shared'
import type { z } from 'zod'
import { findResidentForAssist } from '../auth/assist-lookup'
import { findOrRegisterResident, peopleByIds, registeredResidents } from '../auth/residents'
import { maskName } from '../booking/rules'
import { localMoment, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, encodeCursor } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { enqueue } from '../notify/outbox'
import { auditLook, writeAudit } from '../platform/audit'
import * as seats from '../seats/seats'
import * as repo from './meeting-repository'
import type { MeetingRow, MeetingSeatRow, RegistrationRow, TallyItem } from './meeting-table'
import { CONSULTATION_MESSAGES } from './messages'
import * as topics from './repository'
import { communityOrThrow, isStaffOf } from './service'
import { decideVote, measureParticipation } from './vote-rules'

/**
 * 议事会 meetings of a topic (issue 11 item 4, docs/decisions/022-consultation-meetings.md).
 * Seats come from the seats kernel: one capacity row for the open seats and one per reserved tag;
 * a registration is a holder with a check-in code; a freed seat goes to the first waiting.
 */

type Community = Awaited<ReturnType<typeof communityOrThrow>>

const MINUTE_MS = 60 * 1000
/** Reserved seats not taken a day before the start are open to anyone: a 居民代表 who has not registered by then is not coming, and the seat should not stay empty. */
export const RESERVED_RELEASE_MINUTES = 24 * 60
/** The door desk opens an hour before the start (people come early). */
export const CHECK_IN_OPENS_MINUTES = 60
/** One reminder this long before the start. */
export const REMINDER_LEAD_MINUTES = 120
/** Tagging finds a resident and registers nobody: one not found is told so, to check what was typed or register her at the counter. */
const TAG_RESIDENT_NOT_FOUND = '本社区没有找到这位居民，请核对姓名、出生日期和手机号（设置参会人员类别不会新登记居民）'
/** Topics that may have meetings: 已立项, 协商中, 表决中. */
const MEETING_STATES = new Set(['accepted', 'deliberating', 'voting'])

async function meetingOrThrow(db: Db, meetingId: string): Promise<MeetingRow> {
  const meeting = await repo.findMeeting(db, meetingId)
  if (!meeting) throw new AppError('MEETING_NOT_FOUND')
  return meeting
}

/** The meeting and its community, for staff of that community only. */
async function staffMeeting(deps: Deps, auth: Auth, meetingId: string): Promise<{ meeting: MeetingRow; community: Community }> {
  const meeting = await meetingOrThrow(deps.db, meetingId)
  const community = await communityOrThrow(deps.db, meeting.community_id)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以管理会议' })
  return { meeting, community }
}

function phaseOf(meeting: Pick<MeetingRow, 'starts_at' | 'ends_at'>, now: Date): Meeting['phase'] {
  if (now < meeting.starts_at) return 'upcoming'
  return now < meeting.ends_at ? 'ongoing' : 'ended'
}

/**
 * Those present against the quorum, with the vote engine's arithmetic (居民会议: more than half):
 * a 居民会议 counts against the community's residents when it was set (walk-ins registered at the
 * door can only raise that base), a 代表会议 against those registered for it.
 */
function quorumOf(meeting: MeetingRow, community: Community, registered: number): Meeting['quorum'] {
  const present = meeting.present_count
  const base = meeting.kind === 'resident_meeting' ? Math.max(meeting.eligible, present) : Math.max(registered, present)
  const basis = meeting.kind === 'resident_meeting' ? `本社区居民 ${base} 人，过半数到会方可举行` : `报名参会 ${base} 人，过半数到会方可举行`
  if (base === 0) return { quorumMet: false, headcount: { counted: 0, total: 0, required: 1 }, basis }
  const measured = measureParticipation({ rule: 'resident_meeting', community: community.kind, eligible: base, turnout: present })
  return { quorumMet: measured.quorumMet, headcount: measured.headcount, basis }
}

function seatLabel(tag: ParticipantTag | null): string {
  return tag ? `${PARTICIPANT_TAG_LABELS[tag]}预留` : '开放座位'
}

function attendanceOf(r: RegistrationRow, meeting: MeetingRow, now: Date): Attendance {
  if (r.status === 'cancelled') return 'cancelled'
  if (r.checked_in_at) return r.channel === 'walk_in' ? 'walk_in' : 'present'
  return now >= meeting.ends_at ? 'absent' : 'expected'
}

/** The tally as the one who entered it typed it, with each item decided by the 居民会议 arithmetic against those present. */
function tallyOf(meeting: MeetingRow, community: Community, names: Map<string, string>, auth: Auth | null, staff: boolean): Tally | null {
  if (!meeting.tally || !meeting.tally_entered_by || !meeting.tally_entered_at || meeting.tally_present === null) return null
  const confirmed = meeting.tally_confirmed_at !== null
  if (!confirmed && !staff) return null
  const present = meeting.tally_present
  const tz = community.timezone
  const quorum = quorumOf({ ...meeting, present_count: present }, community, present)
  return {
    status: confirmed ? 'confirmed' : 'entered',
    present,
    items: meeting.tally.map((item) => {
      if (present === 0) return { ...item, outcomeLabel: null, explanation: null }
      const decided = decideVote({
        rule: 'resident_meeting',
        community: community.kind,
        eligible: quorum.headcount.total,
        turnout: present,
        options: [
          { id: 'for', label: '同意', adopts: true, votes: item.for },
          { id: 'against', label: '反对', adopts: false, votes: item.against },
          { id: 'abstain', label: '弃权', adopts: false, votes: item.abstain },
        ],
      })
      return { ...item, outcomeLabel: VOTE_OUTCOME_LABELS[decided.outcome], explanation: decided.explanation }
    }),
    enteredBy: maskName(names.get(meeting.tally_entered_by) ?? ''),
    enteredAtLocal: localMoment(meeting.tally_entered_at, tz),
    confirmedBy: meeting.tally_confirmed_by ? maskName(names.get(meeting.tally_confirmed_by) ?? '') : null,
    confirmedAtLocal: meeting.tally_confirmed_at ? localMoment(meeting.tally_confirmed_at, tz) : null,
    canConfirm: staff && !confirmed && auth !== null && auth.userId !== meeting.tally_entered_by,
  }
}

async function myRegistration(db: Db, r: RegistrationRow | undefined, seatsById: Map<string, MeetingSeatRow>): Promise<MyRegistration | null> {
  if (!r) return null
  const waitlistPosition = r.status === 'waitlisted' && r.seat_id ? (await repo.countWaitingBefore(db, r.seat_id, r.created_at, r.id)) + 1 : null
  return {
    id: r.id,
    status: r.status,
    checkInCode: r.status === 'registered' ? r.check_in_code : null,
    waitlistPosition,
    seatTag: r.status === 'registered' && r.seat_id ? (seatsById.get(r.seat_id)?.tag ?? null) : null,
    checkedIn: r.checked_in_at !== null,
  }
}

/** Meetings as a reader sees them: the caller's own registration, and the tally and minutes once there are. */
async function toMeetings(deps: Deps, auth: Auth | null, community: Community, rows: readonly MeetingRow[]): Promise<Meeting[]> {
  const ids = rows.map((m) => m.id)
  const staff = isStaffOf(auth, community)
  const [seatRows, waiting, mine, names] = await Promise.all([
    repo.findSeats(deps.db, ids),
    repo.countWaiting(deps.db, ids),
    auth ? repo.findOpenRegistrationsOf(deps.db, ids, auth.userId) : [],
    peopleByIds(deps.db, deps.cipher, rows.flatMap((m) => [m.tally_entered_by, m.tally_confirmed_by].filter((id): id is string => id !== null))),
  ])
  const seatsById = new Map(seatRows.map((s) => [s.id, s]))
  const nameOf = new Map([...names].map(([id, p]) => [id, p.name]))
  const now = deps.now()
  const tz = community.timezone
  return Promise.all(
    rows.map(async (m) => {
      const own = seatRows.filter((s) => s.meeting_id === m.id)
      const registered = m.kind === 'representatives' ? await repo.countRegistered(deps.db, m.id) : 0
      const phase = phaseOf(m, now)
      const mineRow = mine.find((r) => r.meeting_id === m.id)
      return {
        id: m.id,
        topicId: m.topic_id,
        communityId: m.community_id,
        title: m.title,
        place: m.place,
        kind: m.kind,
        kindLabel: MEETING_KIND_LABELS[m.kind],
        startsAt: m.starts_at.toISOString(),
        endsAt: m.ends_at.toISOString(),
        startsAtLocal: localMoment(m.starts_at, tz),
        endsAtLocal: localMoment(m.ends_at, tz),
        reservedUntilLocal: localMoment(m.reserved_until, tz),
        status: m.status,
        cancelReason: m.cancel_reason,
        phase,
        seats: own.map((s) => ({ tag: s.tag, label: seatLabel(s.tag), capacity: s.capacity, taken: s.taken })),
        waitlisted: waiting.get(m.id) ?? 0,
        present: m.present_count,
        quorum: quorumOf(m, community, registered),
        mine: await myRegistration(deps.db, mineRow, seatsById),
        canRegister: m.status === 'scheduled' && phase === 'upcoming' && !mineRow && auth?.communityId === m.community_id,
        canManage: staff,
        tally: tallyOf(m, community, nameOf, auth, staff),
        minutes: m.minutes,
        minutesPublishedAtLocal: m.minutes_published_at ? localMoment(m.minutes_published_at, tz) : null,
      }
    }),
  )
}

export async function listMeetings(deps: Deps, auth: Auth | null, topicId: string): Promise<{ items: Meeting[] }> {
  const topic = await topics.findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  return { items: await toMeetings(deps, auth, community, await repo.findMeetingsOfTopic(deps.db, topicId)) }
}

export async function getMeeting(deps: Deps, auth: Auth | null, meetingId: string): Promise<Meeting> {
  const meeting = await meetingOrThrow(deps.db, meetingId)
  const community = await communityOrThrow(deps.db, meeting.community_id)
  const [view] = await toMeetings(deps, auth, community, [meeting])
  if (!view) throw new AppError('MEETING_NOT_FOUND')
  return view
}

/** Start and end on the community's clock, in the future. */
function timesOf(input: { date: string; startTime: string; endTime: string }, community: Community, now: Date) {
  const startsAt = zonedInstant(input.date, input.startTime, community.timezone)
  const endsAt = zonedInstant(input.date, input.endTime, community.timezone)
  if (startsAt <= now) throw new AppError('MEETING_IN_PAST')
  return { startsAt, endsAt, reservedUntil: new Date(startsAt.getTime() - RESERVED_RELEASE_MINUTES * MINUTE_MS) }
}

/**
 * Staff set a meeting:
 * 1. Staff of the topic's community (or the street's admin).
 * 2. The topic is 已立项, 协商中 or 表决中.
 * 3. It starts in the future; a 居民会议 fixes the residents it counts its quorum against.
 * The meeting, its seat rows and the audit entry are one transaction.
 */
export async function createMeeting(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof MeetingInputSchema>, requestId: string): Promise<Meeting> {
  const topic = await topics.findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  const community = await communityOrThrow(deps.db, topic.community_id)
  // 1.
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以安排会议' })
  // 2.
  if (!MEETING_STATES.has(topic.state)) throw new AppError('MEETING_TOPIC_NOT_OPEN')
  // 3.
  const times = timesOf(input, community, deps.now())
  const eligible = await registeredResidents(deps.db, community.id)
  const id = await inTransaction(deps.db, async (trx) => {
    const meeting = await repo.insertMeeting(trx, {
      topic_id: topic.id,
      community_id: community.id,
      title: input.title,
      place: input.place,
      kind: input.kind,
      starts_at: times.startsAt,
      ends_at: times.endsAt,
      reserved_until: times.reservedUntil,
      eligible,
      status: 'scheduled',
      cancel_reason: null,
      tally: null,
      tally_present: null,
      tally_entered_by: null,
      tally_entered_at: null,
      tally_confirmed_by: null,
      tally_confirmed_at: null,
      minutes: null,
      minutes_published_by: null,
      minutes_published_at: null,
      created_by: auth.userId,
    })
    await repo.insertSeats(trx, meeting.id, [{ tag: null, capacity: input.openSeats }, ...input.reserved.map((r) => ({ tag: r.tag, capacity: r.seats }))])
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.created',
      targetType: 'consultation_meeting',
      targetId: meeting.id,
      detail: { topicId: topic.id, title: input.title, kind: input.kind, startsAt: times.startsAt.toISOString(), openSeats: input.openSeats, reserved: input.reserved },
      requestId,
    })
    return meeting.id
  })
  return getMeeting(deps, auth, id)
}

function detailOf(meeting: Pick<MeetingRow, 'title' | 'place' | 'starts_at'>, tz: string): string {
  const at = localMoment(meeting.starts_at, tz)
  return `${meeting.title}：${at.date} ${at.time}，${meeting.place}`
}

/**
 * Staff change the title, place or time of a meeting that has not started; seats stay as set.
 * A new time or place is told to everyone registered or waiting (meeting_changed, the new time and
 * place in the note), in the change's transaction; a new title alone is not worth a message. Audited.
 */
export async function updateMeeting(deps: Deps, auth: Auth, meetingId: string, input: z.output<typeof MeetingUpdateSchema>, requestId: string): Promise<Meeting> {
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  const now = deps.now()
  if (now >= meeting.starts_at) throw new AppError('MEETING_STARTED')
  const times = timesOf(input, community, now)
  const moved = input.place !== meeting.place || times.startsAt.getTime() !== meeting.starts_at.getTime() || times.endsAt.getTime() !== meeting.ends_at.getTime()
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockMeeting(trx, meetingId)
    if (!locked || locked.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
    const updated = await repo.updateMeeting(trx, meetingId, { title: input.title, place: input.place, starts_at: times.startsAt, ends_at: times.endsAt, reserved_until: times.reservedUntil })
    if (moved && updated) {
      for (const r of await repo.lockOpenRegistrations(trx, meetingId)) {
        await enqueue(trx, {
          kind: CONSULTATION_MESSAGES.meeting_changed,
          recipient: { userId: r.user_id, communityId: r.community_id },
          payload: { topicId: meeting.topic_id, title: updated.title, detail: `改为 ${detailOf(updated, community.timezone)}` },
        })
      }
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.updated',
      targetType: 'consultation_meeting',
      targetId: meetingId,
      detail: { from: { title: meeting.title, place: meeting.place, startsAt: meeting.starts_at.toISOString() }, to: { title: input.title, place: input.place, startsAt: times.startsAt.toISOString() } },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/**
 * Staff cancel a meeting that has not ended, with a reason: every open registration is cancelled
 * and told (meeting_cancelled), the seats emptied, in one transaction with the audit entry.
 */
export async function cancelMeeting(deps: Deps, auth: Auth, meetingId: string, reason: string, requestId: string): Promise<Meeting> {
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  if (deps.now() >= meeting.ends_at) throw new AppError('MEETING_STARTED', { message: '会议已结束，不能取消' })
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockMeeting(trx, meetingId)
    if (!locked || locked.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
    await repo.updateMeeting(trx, meetingId, { status: 'cancelled', cancel_reason: reason })
    const open = await repo.lockOpenRegistrations(trx, meetingId)
    await repo.cancelRegistrationsOf(trx, meetingId)
    await repo.emptySeats(trx, meetingId)
    for (const r of open) {
      await enqueue(trx, {
        kind: CONSULTATION_MESSAGES.meeting_cancelled,
        recipient: { userId: r.user_id, communityId: r.community_id },
        payload: { topicId: meeting.topic_id, title: meeting.title, reason, detail: detailOf(meeting, community.timezone) },
      })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.cancelled',
      targetType: 'consultation_meeting',
      targetId: meetingId,
      detail: { reason, registrations: open.length },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/**
 * Where a resident may sit, in the order tried: her tags' reserved seats, then the open seats,
 * and once the reserved seats are released (a day before the start) anyone's reserved seats too.
 */
function seatOrder(seatRows: readonly MeetingSeatRow[], tags: ReadonlySet<ParticipantTag>, released: boolean): MeetingSeatRow[] {
  const mine = seatRows.filter((s) => s.tag !== null && tags.has(s.tag))
  const open = seatRows.filter((s) => s.tag === null)
  const others = released ? seatRows.filter((s) => s.tag !== null && !tags.has(s.tag)) : []
  return [...mine, ...open, ...others]
}

/**
 * A resident registers:
 * 1. A resident of the meeting's community, for a scheduled meeting that has not started.
 * 2. Once: an open registration is refused (the Idempotency-Key replays the first answer); the
 *    lock on her and the meeting orders two taps, the partial unique index holds the rest.
 * 3. A seat through the seats kernel (one conditional UPDATE, never overbooked), tried in
 *    `seatOrder`; none free: the waitlist of the open seats.
 * The seat, the registration with its check-in code and her message are one transaction.
 */
export async function register(deps: Deps, auth: Auth, meetingId: string, requestId: string): Promise<Meeting> {
  const meeting = await meetingOrThrow(deps.db, meetingId)
  const community = await communityOrThrow(deps.db, meeting.community_id)
  // 1.
  if (auth.communityId !== meeting.community_id) throw new AppError('MEETING_NOT_RESIDENT')
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  const now = deps.now()
  if (now >= meeting.starts_at) throw new AppError('MEETING_STARTED')
  const [seatRows, tagRows] = await Promise.all([repo.findSeats(deps.db, [meetingId]), repo.findTags(deps.db, community.id, [auth.userId])])
  const tags = new Set(tagRows.map((t) => t.tag))
  const seatFreed = await inTransaction(deps.db, async (trx) => {
    // 1. again, on the meeting as it is now: a cancel committed meanwhile is seen (and one running is waited for).
    const current = await repo.shareMeetingForRegistration(trx, meetingId)
    if (!current || current.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
    if (now >= current.starts_at) throw new AppError('MEETING_STARTED')
    // 2.
    await repo.lockPerson(trx, `meeting:${meetingId}:${auth.userId}`)
    if (await repo.findOpenRegistration(trx, meetingId, auth.userId)) throw new AppError('MEETING_ALREADY_REGISTERED')
    // 3.
    let seat: MeetingSeatRow | undefined
    const tried = seatOrder(seatRows, tags, now >= meeting.reserved_until)
    for (const candidate of tried) {
      if (await seats.takeSeat(trx, repo.MEETING_SEATS, candidate.id)) {
        seat = candidate
        break
      }
    }
    const open = seatRows.find((s) => s.tag === null)
    // Waiting: the open seats' row shared to the commit (a seat freed or added meanwhile then finds her).
    const freed = !seat && open !== undefined && (await repo.shareSeat(trx, open.id, tried.map((t) => t.id)))
    const registration = await repo.insertRegistration(trx, {
      meeting_id: meetingId,
      community_id: community.id,
      user_id: auth.userId,
      seat_id: seat?.id ?? open?.id ?? null,
      status: seat ? 'registered' : 'waitlisted',
      channel: 'online',
      check_in_code: await seats.issueCheckInCode(trx, repo.MEETING_SEATS, community.id),
      checked_in_at: null,
      checked_in_by: null,
      reminded_at: null,
    })
    await enqueue(trx, {
      kind: seat ? CONSULTATION_MESSAGES.meeting_registered : CONSULTATION_MESSAGES.meeting_waitlisted,
      recipient: { userId: auth.userId, communityId: community.id },
      payload: { topicId: meeting.topic_id, title: meeting.title, detail: detailOf(meeting, community.timezone) },
    })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: seat ? 'meeting.registered' : 'meeting.waitlisted',
      targetType: 'consultation_meeting_registration',
      targetId: registration.id,
      detail: { meetingId, seatTag: seat?.tag ?? null },
      requestId,
    })
    return freed
  })
  // A seat came free between her try and her place in line: the first waiting get it now, perhaps her.
  if (seatFreed) await inTransaction(deps.db, (trx) => fillMeetingSeats(trx, meeting, community.timezone, now))
  return getMeeting(deps, auth, meetingId)
}

/** What offering a seat to someone waiting means: registered (on `seatId`, or the seat she waits on) and told. */
function seatOffer(trx: Db, meeting: MeetingRow, timezone: string) {
  return async (promotedId: string, seatId: string | null) => {
    const promoted = await repo.updateRegistration(trx, promotedId, seatId ? { status: 'registered', seat_id: seatId } : { status: 'registered' })
    await enqueue(trx, {
      kind: CONSULTATION_MESSAGES.meeting_seat_offered,
      recipient: { userId: promoted.user_id, communityId: promoted.community_id },
      payload: { topicId: meeting.topic_id, title: meeting.title, detail: detailOf(meeting, timezone) },
    })
  }
}

/**
 * 调整座位 (a bigger room, fewer chairs): staff set one pool's seats before the meeting starts.
 * 1. Staff of the community; a scheduled meeting not started; a pool the meeting has; the total
 *    stays between 1 and MEETING_SEATS_MAX.
 * 2. Never below the seats taken: one conditional UPDATE, so a seat taken at the same moment counts.
 * 3. New seats go to those waiting, first come first, as a seat given back would (`releaseHeldSeat`):
 *    open seats to the first waiting; reserved seats to the first waiting with the tag, or anyone
 *    once reservations have lapsed. Each is told; the change is audited in the same transaction.
 */
export async function resizeMeetingSeats(deps: Deps, auth: Auth, meetingId: string, input: z.output<typeof MeetingSeatsInputSchema>, requestId: string): Promise<Meeting> {
  // 1.
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  const now = deps.now()
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  if (now >= meeting.starts_at) throw new AppError('MEETING_STARTED')
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockMeetingForSeats(trx, meetingId)
    if (!locked || locked.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
    const pools = await repo.findSeats(trx, [meetingId])
    const pool = pools.find((p) => p.tag === input.tag)
    if (!pool) throw new AppError('MEETING_SEAT_POOL_NOT_FOUND')
    const total = pools.reduce((n, p) => n + (p.id === pool.id ? input.capacity : p.capacity), 0)
    if (total < 1) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'capacity', message: '会议至少要有 1 个座位' }] })
    if (total > MEETING_SEATS_MAX) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'capacity', message: `座位合计最多 ${MEETING_SEATS_MAX}` }] })
    // 2.–3.
    const offer = seatOffer(trx, meeting, community.timezone)
    const promoted =
      pool.tag === null
        ? await seats.resizeSeats(trx, repo.MEETING_SEATS, pool.id, input.capacity, (id) => offer(id, null))
        : await resizeReserved(trx, meeting, { id: pool.id, tag: pool.tag }, pools.find((p) => p.tag === null)?.id ?? null, input.capacity, now, offer)
    if (promoted === null) {
      // Read again: seats may have been taken since the pools were read.
      const taken = (await repo.findSeats(trx, [meetingId])).find((p) => p.id === pool.id)?.taken ?? pool.taken
      throw new AppError('MEETING_SEATS_BELOW_TAKEN', { message: `座位数不能少于已报名占用的 ${taken} 个` })
    }
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.seats_changed',
      targetType: 'consultation_meeting',
      targetId: meetingId,
      detail: { tag: pool.tag, before: pool.capacity, after: input.capacity, promoted: promoted.length },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/** A reserved pool resized; its new seats to the first waiting with its tag (anyone after `reserved_until`). Null when below the seats taken. */
async function resizeReserved(
  trx: Db,
  meeting: MeetingRow,
  pool: { id: string; tag: ParticipantTag },
  openSeatId: string | null,
  capacity: number,
  now: Date,
  offer: (promotedId: string, seatId: string | null) => Promise<void>,
): Promise<string[] | null> {
  // The open seats' row too: registrants joining the waitlist share it, and are waited for.
  await seats.lockInOrder(trx, repo.MEETING_SEATS, openSeatId ? [pool.id, openSeatId] : [pool.id])
  // Nobody waits on a reserved pool (the waitlist waits on the open seats): resized with no one to seat, then filled here.
  const resized = await seats.resizeSeats(trx, repo.MEETING_SEATS, pool.id, capacity, async () => undefined)
  if (resized === null) return null
  return fillReserved(trx, meeting, pool, now, offer)
}

/** A reserved pool's free seats to the first waiting with its tag (anyone after `reserved_until`), each told; its row locked by the caller. */
async function fillReserved(trx: Db, meeting: MeetingRow, pool: { id: string; tag: ParticipantTag }, now: Date, offer: (promotedId: string, seatId: string | null) => Promise<void>): Promise<string[]> {
  const promoted: string[] = []
  for (;;) {
    const next = await repo.lockFirstWaitingFor(trx, { meetingId: meeting.id, communityId: meeting.community_id, tag: pool.tag, anyone: now >= meeting.reserved_until })
    if (!next || !(await seats.takeSeat(trx, repo.MEETING_SEATS, pool.id))) return promoted
    await offer(next.id, pool.id)
    promoted.push(next.id)
  }
}

/**
 * Every free seat of the meeting to those waiting, as a seat given back would go (its rows locked
 * first, in order): what a registration runs once committed when a seat came free as she joined the
 * waitlist (repo.shareSeat).
 */
async function fillMeetingSeats(trx: Db, meeting: MeetingRow, timezone: string, now: Date): Promise<void> {
  const pools = await repo.findSeats(trx, [meeting.id])
  await seats.lockInOrder(trx, repo.MEETING_SEATS, pools.map((p) => p.id))
  const offer = seatOffer(trx, meeting, timezone)
  for (const pool of pools) {
    if (pool.tag === null) await seats.fillSeats(trx, repo.MEETING_SEATS, pool.id, (id) => offer(id, null))
    else await fillReserved(trx, meeting, { id: pool.id, tag: pool.tag }, now, offer)
  }
}

/**
 * A seat she held goes to the first waiting for it (told with meeting_seat_offered) or back to its
 * pool (seats/releaseSeat). The waitlist waits on the open seats, so a reserved seat is first
 * offered to the first waiting with its tag, or to the first waiting at all once reservations have
 * lapsed (`reserved_until`): she moves onto that seat, which stays taken.
 */
async function releaseHeldSeat(trx: Db, meeting: MeetingRow, timezone: string, held: RegistrationRow, now: Date): Promise<void> {
  if (held.status !== 'registered' || !held.seat_id) return
  const offer = seatOffer(trx, meeting, timezone)
  const pools = await repo.findSeats(trx, [meeting.id])
  const seat = pools.find((s) => s.id === held.seat_id)
  if (seat?.tag) {
    // The open seats' row too: registrants joining the waitlist share it to their commit, and are waited for.
    const open = pools.find((s) => s.tag === null)
    await seats.lockInOrder(trx, repo.MEETING_SEATS, open ? [seat.id, open.id] : [seat.id])
    const next = await repo.lockFirstWaitingFor(trx, { meetingId: meeting.id, communityId: meeting.community_id, tag: seat.tag, anyone: now >= meeting.reserved_until })
    if (next) return offer(next.id, seat.id)
  }
  await seats.releaseSeat(trx, repo.MEETING_SEATS, held.seat_id, (promotedId) => offer(promotedId, null))
}

/**
 * A deleted account gives up its registrations of meetings not started, in the caller's transaction
 * (注销账号, as booking's cancelOpenBookingsOf): each is cancelled and a seat she held goes to the
 * first waiting. Returns how many.
 */
export async function cancelOpenRegistrationsOf(trx: Db, userId: string, now: Date): Promise<number> {
  let cancelled = 0
  for (const found of await repo.findUpcomingRegistrationsOf(trx, userId, now)) {
    // The meeting, then the registration: the order check-in and cancel lock them in.
    const meeting = await repo.lockMeeting(trx, found.meeting_id)
    const r = await repo.lockRegistration(trx, found.id)
    if (!meeting || !r || r.status === 'cancelled') continue
    const community = await communityOrThrow(trx, meeting.community_id)
    await repo.updateRegistration(trx, r.id, { status: 'cancelled' })
    await releaseHeldSeat(trx, meeting, community.timezone, r, now)
    cancelled += 1
  }
  return cancelled
}

/**
 * She cancels her registration before the start: a seat she held goes to the first waiting for it
 * (told with meeting_seat_offered) or back to its pool, in one transaction (seats/releaseSeat).
 */
export async function cancelRegistration(deps: Deps, auth: Auth, meetingId: string, requestId: string): Promise<Meeting> {
  const meeting = await meetingOrThrow(deps.db, meetingId)
  const community = await communityOrThrow(deps.db, meeting.community_id)
  if (deps.now() >= meeting.starts_at) throw new AppError('MEETING_STARTED')
  await inTransaction(deps.db, async (trx) => {
    const found = await repo.findOpenRegistration(trx, meetingId, auth.userId)
    const mine = found && (await repo.lockRegistration(trx, found.id))
    if (!mine || mine.status === 'cancelled') throw new AppError('MEETING_NOT_REGISTERED')
    await repo.updateRegistration(trx, mine.id, { status: 'cancelled' })
    await releaseHeldSeat(trx, meeting, community.timezone, mine, deps.now())
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.registration_cancelled',
      targetType: 'consultation_meeting_registration',
      targetId: mine.id,
      detail: { meetingId, held: mine.status },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/** Check-in is open from an hour before the start to the end, for a meeting not cancelled. */
function assertDeskOpen(meeting: MeetingRow, now: Date): void {
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  if (now < new Date(meeting.starts_at.getTime() - CHECK_IN_OPENS_MINUTES * MINUTE_MS)) throw new AppError('MEETING_CHECK_IN_NOT_OPEN')
  if (now >= meeting.ends_at) throw new AppError('MEETING_ENDED')
}

async function deskEntries(deps: Deps, meeting: MeetingRow, community: Community, rows: readonly RegistrationRow[]): Promise<DeskEntry[]> {
  const [people, seatRows] = await Promise.all([peopleByIds(deps.db, deps.cipher, rows.map((r) => r.user_id)), repo.findSeats(deps.db, [meeting.id])])
  const tagOf = new Map(seatRows.map((s) => [s.id, s.tag]))
  const now = deps.now()
  return rows.map((r) => {
    const attendance = attendanceOf(r, meeting, now)
    return {
      registrationId: r.id,
      name: maskName(people.get(r.user_id)?.name ?? ''),
      status: r.status,
      attendance,
      attendanceLabel: ATTENDANCE_LABELS[attendance],
      seatTag: r.status === 'registered' && r.seat_id ? (tagOf.get(r.seat_id) ?? null) : null,
      checkedInAtLocal: r.checked_in_at ? localMoment(r.checked_in_at, community.timezone) : null,
    }
  })
}

/**
 * The door desk: the meeting's registrations (cancelled ones left out), masked, found by a part of
 * the name when asked, a page at a time, with the live count present and the quorum. Names are
 * sealed, so the filter runs on the decrypted names of this one meeting (at most its seats and
 * waitlist). Staff's look at the list is audited.
 */
export async function desk(deps: Deps, auth: Auth, meetingId: string, query: z.output<typeof DeskQuerySchema>, requestId: string) {
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  const rows = (await repo.findRegistrations(deps.db, meetingId)).filter((r) => r.status !== 'cancelled')
  const people = await peopleByIds(deps.db, deps.cipher, rows.map((r) => r.user_id))
  const q = query.q?.trim() ?? ''
  const found = q === '' ? rows : rows.filter((r) => people.get(r.user_id)?.name.includes(q))
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : null
  const rest = after ? found.filter((r) => r.created_at > after.key || (r.created_at.getTime() === after.key.getTime() && r.id > after.id)) : found
  const page = rest.slice(0, query.limit)
  const last = page[page.length - 1]
  const registered = rows.filter((r) => r.status === 'registered').length
  await auditLook(deps.db, {
    actorUserId: auth.userId,
    communityId: community.id,
    action: 'meeting.desk_viewed',
    targetType: 'consultation_meeting',
    targetId: meetingId,
    detail: { count: page.length, ...(q ? { search: true } : {}) },
    requestId,
  })
  return {
    items: await deskEntries(deps, meeting, community, page),
    nextCursor: rest.length > query.limit && last ? encodeCursor({ key: last.created_at, id: last.id }) : null,
    present: meeting.present_count,
    quorum: quorumOf(meeting, community, registered),
  }
}

/** After a check-in: her line, and the live count against the quorum. */
async function afterCheckIn(deps: Deps, meetingId: string, registrationId: string) {
  const meeting = await meetingOrThrow(deps.db, meetingId)
  const community = await communityOrThrow(deps.db, meeting.community_id)
  const rows = await repo.findRegistrations(deps.db, meetingId)
  const row = rows.find((r) => r.id === registrationId)
  if (!row) throw new AppError('MEETING_NOT_REGISTERED')
  const [entry] = await deskEntries(deps, meeting, community, [row])
  if (!entry) throw new AppError('MEETING_NOT_REGISTERED')
  return { entry, present: meeting.present_count, quorum: quorumOf(meeting, community, rows.filter((r) => r.status === 'registered').length) }
}

/**
 * Staff check a registrant in, by her code or from the desk's list:
 * 1. Staff of the community, while the desk is open.
 * 2. An open registration of this meeting, not checked in yet (a second tap is 409, counted once).
 * 3. One on the waitlist who came anyway is let in as at the door: she leaves the waitlist without
 *    taking a seat (walk-in).
 * The check-in, the present counter (under the meeting's row lock) and the audit are one transaction.
 */
export async function checkIn(deps: Deps, auth: Auth, meetingId: string, input: z.output<typeof CheckInSchema>, requestId: string) {
  // 1.
  const { meeting } = await staffMeeting(deps, auth, meetingId)
  const now = deps.now()
  assertDeskOpen(meeting, now)
  const id = await inTransaction(deps.db, async (trx) => {
    await repo.lockMeeting(trx, meetingId)
    // 2.
    const r = 'code' in input ? await repo.lockRegistrationByCode(trx, meetingId, input.code) : await repo.lockRegistration(trx, input.registrationId)
    if (!r || r.meeting_id !== meetingId || r.status === 'cancelled') throw new AppError('MEETING_CODE_INVALID')
    if (r.checked_in_at) throw new AppError('MEETING_ALREADY_CHECKED_IN')
    // 3.
    const waiting = r.status === 'waitlisted'
    await repo.updateRegistration(trx, r.id, {
      checked_in_at: now,
      checked_in_by: auth.userId,
      ...(waiting ? { status: 'registered' as const, seat_id: null, channel: 'walk_in' as const } : {}),
    })
    await repo.incrementPresent(trx, meetingId)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: meeting.community_id,
      action: 'meeting.checked_in',
      targetType: 'consultation_meeting_registration',
      targetId: r.id,
      detail: { meetingId, by: 'code' in input ? 'code' : 'list', ...(waiting ? { fromWaitlist: true } : {}) },
      requestId,
    })
    return r.id
  })
  return afterCheckIn(deps, meetingId, id)
}

/**
 * A resident who came without registering: found among the community's residents by name and
 * birth date (or phone) through auth's look-up, which registers her when nobody matches, exactly
 * as booking's counter does; two residents alike without a phone are RESIDENT_AMBIGUOUS. She is
 * recorded present as 现场参会 without a seat. A resident already registered is checked in instead.
 */
export async function walkIn(deps: Deps, auth: Auth, meetingId: string, input: z.output<typeof WalkInAttendeeSchema>, requestId: string) {
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  const now = deps.now()
  assertDeskOpen(meeting, now)
  const id = await inTransaction(deps.db, async (trx) => {
    await repo.lockMeeting(trx, meetingId)
    const { resident, found } = await findOrRegisterResident(deps, trx, community.id, { ...input, slotId: meetingId, answers: {} })
    if (resident.communityId !== community.id) throw new AppError('MEETING_NOT_RESIDENT', { message: '这位居民不是本社区居民' })
    const existing = await repo.findOpenRegistration(trx, meetingId, resident.id)
    if (existing) throw new AppError('MEETING_ALREADY_REGISTERED', { message: '这位居民已报名，请按签到码或名单签到' })
    const r = await repo.insertRegistration(trx, {
      meeting_id: meetingId,
      community_id: community.id,
      user_id: resident.id,
      seat_id: null,
      status: 'registered',
      channel: 'walk_in',
      check_in_code: null,
      checked_in_at: now,
      checked_in_by: auth.userId,
      reminded_at: null,
    })
    await repo.incrementPresent(trx, meetingId)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'meeting.walk_in',
      targetType: 'consultation_meeting_registration',
      targetId: r.id,
      detail: { meetingId, residentFound: found },
      requestId,
    })
    return r.id
  })
  return afterCheckIn(deps, meetingId, id)
}

/**
 * Staff enter the show-of-hands tally once the meeting has started: per item 同意/反对/弃权, never
 * more hands than people present (counted now and kept with it). Entering it again before it is
 * confirmed replaces it, and the new author needs another confirmer. Audited.
 */
export async function enterTally(deps: Deps, auth: Auth, meetingId: string, input: z.output<typeof TallyInputSchema>, requestId: string): Promise<Meeting> {
  const { meeting } = await staffMeeting(deps, auth, meetingId)
  const now = deps.now()
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  if (now < meeting.starts_at) throw new AppError('MEETING_NOT_STARTED')
  await inTransaction(deps.db, async (trx) => {
    const locked = await repo.lockMeeting(trx, meetingId)
    if (!locked) throw new AppError('MEETING_NOT_FOUND')
    const present = locked.present_count
    const items: TallyItem[] = input.items.map((i) => ({ label: i.label, for: i.for, against: i.against, abstain: i.abstain }))
    const over = items.findIndex((i) => i.for + i.against + i.abstain > present)
    if (over >= 0) {
      throw new AppError('MEETING_TALLY_TOO_MANY', { fields: [{ path: `items.${over}`, message: `举手人数合计不能超过到会人数（${present} 人）` }] })
    }
    if (!(await repo.saveTally(trx, meetingId, { items, present, by: auth.userId, at: now }))) throw new AppError('MEETING_TALLY_CONFIRMED')
    await writeAudit(trx, { actorUserId: auth.userId, communityId: meeting.community_id, action: 'meeting.tally_entered', targetType: 'consultation_meeting', targetId: meetingId, detail: { present, items }, requestId })
  })
  return getMeeting(deps, auth, meetingId)
}

/** A second staff member confirms the tally: not the one who entered it, once. Audited. */
export async function confirmTally(deps: Deps, auth: Auth, meetingId: string, requestId: string): Promise<Meeting> {
  const { meeting } = await staffMeeting(deps, auth, meetingId)
  if (!meeting.tally_entered_by) throw new AppError('MEETING_TALLY_MISSING')
  if (meeting.tally_confirmed_at) throw new AppError('MEETING_TALLY_CONFIRMED')
  if (meeting.tally_entered_by === auth.userId) throw new AppError('MEETING_TALLY_SAME_STAFF')
  await inTransaction(deps.db, async (trx) => {
    // The conditions again under the update: a re-entry by this very confirmer meanwhile makes her the author.
    if (!(await repo.confirmTally(trx, meetingId, auth.userId, deps.now()))) throw new AppError('MEETING_TALLY_SAME_STAFF', { message: '计票结果刚被修改，请刷新后由另一位工作人员确认' })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: meeting.community_id,
      action: 'meeting.tally_confirmed',
      targetType: 'consultation_meeting',
      targetId: meetingId,
      detail: { enteredBy: meeting.tally_entered_by, items: meeting.tally },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/** 会议纪要, published by staff after the meeting ended and shown on the topic page; a correction replaces it. Audited. */
export async function publishMinutes(deps: Deps, auth: Auth, meetingId: string, text: string, requestId: string): Promise<Meeting> {
  const { meeting } = await staffMeeting(deps, auth, meetingId)
  if (meeting.status === 'cancelled') throw new AppError('MEETING_CANCELLED')
  const now = deps.now()
  if (now < meeting.ends_at) throw new AppError('MEETING_NOT_ENDED')
  await inTransaction(deps.db, async (trx) => {
    await repo.updateMeeting(trx, meetingId, { minutes: text, minutes_published_by: auth.userId, minutes_published_at: now })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: meeting.community_id,
      action: meeting.minutes ? 'meeting.minutes_corrected' : 'meeting.minutes_published',
      targetType: 'consultation_meeting',
      targetId: meetingId,
      detail: { length: text.length },
      requestId,
    })
  })
  return getMeeting(deps, auth, meetingId)
}

/** A CSV field: quoted, quotes doubled, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

export const MEETING_CSV_HEADER = ['序号', '姓名', '报名方式', '报名状态', '座位', '出席情况', '签到时间']

/**
 * Registrations and attendance as CSV (签到表), for staff of the community. Full names: the 签到表 is
 * the community's own record of who attended its meeting (the same names staff see on the booking
 * board); each export is audited (DESIGN.md: staff access to residents' data is logged). Phone
 * numbers and birth dates are not in it (minimum necessary). UTF-8 with a BOM, so Excel reads it.
 */
export async function exportCsv(deps: Deps, auth: Auth, meetingId: string, requestId: string): Promise<{ filename: string; body: string }> {
  const { meeting, community } = await staffMeeting(deps, auth, meetingId)
  const [rows, seatRows] = await Promise.all([repo.findRegistrations(deps.db, meetingId), repo.findSeats(deps.db, [meetingId])])
  const people = await peopleByIds(deps.db, deps.cipher, rows.map((r) => r.user_id))
  const tagOf = new Map(seatRows.map((s) => [s.id, s.tag]))
  const now = deps.now()
  const statusLabel = { registered: '已报名', waitlisted: '候补', cancelled: '已取消' } as const
  const lines = rows.map((r, i) => {
    const at = r.checked_in_at ? localMoment(r.checked_in_at, community.timezone) : null
    const seat = r.status === 'registered' ? (r.seat_id ? seatLabel(tagOf.get(r.seat_id) ?? null) : '无座（现场）') : ''
    return [String(i + 1), people.get(r.user_id)?.name ?? '', r.channel === 'walk_in' ? '现场参会' : '线上报名', statusLabel[r.status], seat, ATTENDANCE_LABELS[attendanceOf(r, meeting, now)], at ? `${at.date} ${at.time}` : '']
      .map(csvField)
      .join(',')
  })
  await auditLook(deps.db, { actorUserId: auth.userId, communityId: community.id, action: 'meeting.exported', targetType: 'consultation_meeting', targetId: meetingId, detail: { rows: rows.length }, requestId })
  const date = localMoment(meeting.starts_at, community.timezone).date
  return { filename: `meeting-${date}.csv`, body: `\uFEFF${[MEETING_CSV_HEADER.map(csvField).join(','), ...lines].join('\r\n')}\r\n` }
}

/**
 * Staff assign participant tags to a resident of their community, found by name and birth date
 * (and phone, to tell namesakes apart) through auth's find-only look-up: nobody matching is
 * ASSIST_RESIDENT_NOT_FOUND, never a new account. The whole list replaces the old one; audited with both.
 */
export async function setParticipantTags(deps: Deps, auth: Auth, communityId: string, input: z.output<typeof ParticipantTagsInputSchema>, requestId: string) {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以设置参会人员类别' })
  const tags = [...new Set(input.tags)]
  const userId = await inTransaction(deps.db, async (trx) => {
    // Found, never registered: a tag is not a visit, and a typo must not create a resident.
    const resident = await findResidentForAssist(deps, trx, community.id, { name: input.name, birthDate: input.birthDate, phoneTail: input.phone }).catch((e: unknown) => {
      // The form asks for the whole phone number, not its tail: say so.
      if (e instanceof AppError && e.code === 'ASSIST_RESIDENT_NOT_FOUND') throw new AppError('ASSIST_RESIDENT_NOT_FOUND', { message: TAG_RESIDENT_NOT_FOUND })
      throw e
    })
    const before = (await repo.findTags(trx, community.id, [resident.userId])).map((t) => t.tag)
    await repo.replaceTags(trx, community.id, resident.userId, tags, auth.userId)
    await writeAudit(trx, { actorUserId: auth.userId, communityId, action: 'meeting.tags_set', targetType: 'app_user', targetId: resident.userId, detail: { before, after: tags }, requestId })
    return resident.userId
  })
  return { userId, name: maskName(input.name), tags }
}

/** The community's tagged residents, masked, with their tags. */
export async function listParticipantTags(deps: Deps, auth: Auth, communityId: string) {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  const rows = await repo.findTags(deps.db, communityId)
  const byUser = new Map<string, ParticipantTag[]>()
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.tag])
  const people = await peopleByIds(deps.db, deps.cipher, [...byUser.keys()])
  return { items: [...byUser].map(([userId, tags]) => ({ userId, name: maskName(people.get(userId)?.name ?? ''), tags })) }
}

/**
 * Reminders: each seated online registrant of a meeting starting within REMINDER_LEAD_MINUTES gets
 * one meeting_reminder, written with `reminded_at` in one transaction so it is never sent twice.
 */
export async function enqueueMeetingReminders(db: Db, now: Date): Promise<number> {
  return inTransaction(db, async (trx) => {
    const due = await repo.lockDueReminders(trx, now, REMINDER_LEAD_MINUTES)
    await repo.markReminded(trx, due.map((r) => r.id), now)
    const zones = new Map<string, string>()
    for (const r of due) {
      const tz = zones.get(r.community_id) ?? (await communityOrThrow(trx, r.community_id)).timezone
      zones.set(r.community_id, tz)
      await enqueue(trx, {
        kind: CONSULTATION_MESSAGES.meeting_reminder,
        recipient: { userId: r.user_id, communityId: r.community_id },
        payload: { topicId: r.topic_id, title: r.title, detail: detailOf(r, tz) },
      })
    }
    return due.length
  })
}
