import type { ParticipantTag } from '@linli/shared'
import { type Insertable, type Updateable, sql } from 'kysely'
import type { Db } from '../db/database'
import type { SeatTables } from '../seats/seats'
import type { ConsultationMeetingRegistrationTable, ConsultationMeetingTable, RegistrationStatus, TallyItem } from './meeting-table'

/** Meetings and their registrations, as the seats kernel sees them: capacity rows and their holders. */
export const MEETING_SEATS: SeatTables = {
  capacity: { table: 'consultation_meeting_seat', taken: 'taken' },
  holders: {
    table: 'consultation_meeting_registration',
    capacityId: 'seat_id',
    status: 'status',
    waiting: 'waitlisted' satisfies RegistrationStatus,
    open: ['registered', 'waitlisted'] satisfies RegistrationStatus[],
    codeScope: 'community_id',
    code: 'check_in_code',
  },
}

/** Serialises one person's registrations for one meeting (a transaction-level advisory lock): two taps, one row. */
export async function lockPerson(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db)
}

export function insertMeeting(db: Db, values: Insertable<ConsultationMeetingTable>) {
  return db.insertInto('consultation_meeting').values(values).returningAll().executeTakeFirstOrThrow()
}

export function insertSeats(db: Db, meetingId: string, pools: readonly { tag: ParticipantTag | null; capacity: number }[]) {
  return db
    .insertInto('consultation_meeting_seat')
    .values(pools.map((p) => ({ meeting_id: meetingId, tag: p.tag, capacity: p.capacity })))
    .execute()
}

export function findMeeting(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting').selectAll().where('id', '=', meetingId).executeTakeFirst()
}

/** The meeting row locked: check-ins, the tally and the minutes are ordered by it. */
export function lockMeeting(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting').selectAll().where('id', '=', meetingId).forUpdate().executeTakeFirst()
}

/**
 * The meeting locked against another change to it (a cancel, another 调整座位), but not against
 * registrations being written: their foreign key shares the row, which FOR UPDATE would wait for
 * while they wait for the seat this change holds (a deadlock).
 */
export function lockMeetingForSeats(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting').selectAll().where('id', '=', meetingId).forNoKeyUpdate().executeTakeFirst()
}

/**
 * The meeting as a registration sees it inside its transaction: FOR KEY SHARE, which waits for a
 * cancel (FOR UPDATE) to commit and then reads it, but not for a 调整座位 (FOR NO KEY UPDATE). Taken
 * before any seat, as the registration's foreign key would take it after them.
 */
export function shareMeetingForRegistration(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting').select(['status', 'starts_at']).where('id', '=', meetingId).forKeyShare().executeTakeFirst()
}

/**
 * A registrant joining the waitlist shares the open seats' row to her commit, so a seat freed or
 * added (which lock that row first, reserved ones too) waits for her and then finds her waiting.
 * True when one of the seats she tried (`triedIds`) was free by then, freed before she shared the
 * row: the caller fills the meeting's seats once committed (fillMeetingSeats).
 */
export async function shareSeat(db: Db, openSeatId: string, triedIds: readonly string[]): Promise<boolean> {
  await db.selectFrom('consultation_meeting_seat').select('id').where('id', '=', openSeatId).forShare().execute()
  // A statement of its own: its snapshot has what committed while the share waited.
  const free = await db.selectFrom('consultation_meeting_seat').select('id').where('id', 'in', [...triedIds]).whereRef('taken', '<', 'capacity').limit(1).executeTakeFirst()
  return free !== undefined
}

export function findMeetingsOfTopic(db: Db, topicId: string) {
  return db.selectFrom('consultation_meeting').selectAll().where('topic_id', '=', topicId).orderBy('starts_at').orderBy('id').execute()
}

export function updateMeeting(db: Db, meetingId: string, values: Updateable<ConsultationMeetingTable>) {
  return db.updateTable('consultation_meeting').set(values).where('id', '=', meetingId).returningAll().executeTakeFirst()
}

/** Open seats first, then the reserved ones in the order staff listed them. */
export function findSeats(db: Db, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return Promise.resolve([])
  return db.selectFrom('consultation_meeting_seat').selectAll().where('meeting_id', 'in', meetingIds).orderBy(sql`tag is not null`).orderBy('id').execute()
}

export async function countWaiting(db: Db, meetingIds: readonly string[]): Promise<Map<string, number>> {
  if (meetingIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('consultation_meeting_registration')
    .select(['meeting_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('meeting_id', 'in', meetingIds)
    .where('status', '=', 'waitlisted')
    .groupBy('meeting_id')
    .execute()
  return new Map(rows.map((r) => [r.meeting_id, Number(r.n)]))
}

/** Registrations holding a place at the meeting (seated and walk-ins): the base of a 代表会议's quorum. */
export async function countRegistered(db: Db, meetingId: string): Promise<number> {
  const row = await db
    .selectFrom('consultation_meeting_registration')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function findOpenRegistration(db: Db, meetingId: string, userId: string) {
  return db
    .selectFrom('consultation_meeting_registration')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst()
}

export function findOpenRegistrationsOf(db: Db, meetingIds: readonly string[], userId: string) {
  if (meetingIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('consultation_meeting_registration')
    .selectAll()
    .where('meeting_id', 'in', meetingIds)
    .where('user_id', '=', userId)
    .where('status', '<>', 'cancelled')
    .execute()
}

/** How many wait before her: her place on the waitlist is this plus one. */
export async function countWaitingBefore(db: Db, seatId: string, createdAt: Date, id: string): Promise<number> {
  const row = await db
    .selectFrom('consultation_meeting_registration')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('seat_id', '=', seatId)
    .where('status', '=', 'waitlisted')
    .where(sql<boolean>`(created_at, id) < (${createdAt}, ${id})`)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export function insertRegistration(
  db: Db,
  values: Insertable<ConsultationMeetingRegistrationTable>,
) {
  return db.insertInto('consultation_meeting_registration').values(values).returningAll().executeTakeFirstOrThrow()
}

export function lockRegistration(db: Db, registrationId: string) {
  return db.selectFrom('consultation_meeting_registration').selectAll().where('id', '=', registrationId).forUpdate().executeTakeFirst()
}

export function lockRegistrationByCode(db: Db, meetingId: string, code: string) {
  return db
    .selectFrom('consultation_meeting_registration')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('check_in_code', '=', code)
    .where('status', '<>', 'cancelled')
    .forUpdate()
    .executeTakeFirst()
}

export function updateRegistration(db: Db, registrationId: string, values: Updateable<ConsultationMeetingRegistrationTable>) {
  return db.updateTable('consultation_meeting_registration').set(values).where('id', '=', registrationId).returningAll().executeTakeFirstOrThrow()
}

/** Every registration of a meeting, cancelled ones too (the export and the door desk), in the order they came. */
export function findRegistrations(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting_registration').selectAll().where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute()
}

/** A cancelled meeting's open registrations, locked: each is cancelled and told. */
export function lockOpenRegistrations(db: Db, meetingId: string) {
  return db.selectFrom('consultation_meeting_registration').selectAll().where('meeting_id', '=', meetingId).where('status', '<>', 'cancelled').forUpdate().execute()
}

export function cancelRegistrationsOf(db: Db, meetingId: string) {
  return db.updateTable('consultation_meeting_registration').set({ status: 'cancelled', seat_id: null }).where('meeting_id', '=', meetingId).where('status', '<>', 'cancelled').execute()
}

export function emptySeats(db: Db, meetingId: string) {
  return db.updateTable('consultation_meeting_seat').set({ taken: 0 }).where('meeting_id', '=', meetingId).execute()
}

/** One more present, in the check-in's transaction: the live quorum reads this counter. */
export function incrementPresent(db: Db, meetingId: string) {
  return db
    .updateTable('consultation_meeting')
    .set((eb) => ({ present_count: eb('present_count', '+', 1) }))
    .where('id', '=', meetingId)
    .returning('present_count')
    .executeTakeFirstOrThrow()
}

export function saveTally(db: Db, meetingId: string, tally: { items: TallyItem[]; present: number; by: string; at: Date }) {
  return db
    .updateTable('consultation_meeting')
    .set({ tally: JSON.stringify(tally.items), tally_present: tally.present, tally_entered_by: tally.by, tally_entered_at: tally.at })
    .where('id', '=', meetingId)
    .where('tally_confirmed_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/** Confirms the tally only by someone else than its author, only once. */
export function confirmTally(db: Db, meetingId: string, by: string, at: Date) {
  return db
    .updateTable('consultation_meeting')
    .set({ tally_confirmed_by: by, tally_confirmed_at: at })
    .where('id', '=', meetingId)
    .where('tally_confirmed_at', 'is', null)
    .where('tally_entered_by', '<>', by)
    .returning('id')
    .executeTakeFirst()
}

/** Seated registrations of meetings starting within `leadMinutes`, not yet reminded, locked (SKIP LOCKED: two workers split them). */
export function lockDueReminders(db: Db, now: Date, leadMinutes: number) {
  return db
    .selectFrom('consultation_meeting_registration as r')
    .innerJoin('consultation_meeting as m', 'm.id', 'r.meeting_id')
    .select(['r.id', 'r.user_id', 'r.community_id', 'm.topic_id', 'm.title', 'm.place', 'm.starts_at'])
    .where('r.status', '=', 'registered')
    .where('r.channel', '=', 'online')
    .where('r.reminded_at', 'is', null)
    .where('m.status', '=', 'scheduled')
    .where('m.starts_at', '>', now)
    .where(sql<boolean>`m.starts_at <= ${now}::timestamptz + make_interval(mins => ${leadMinutes})`)
    .forUpdate('r')
    .skipLocked()
    .execute()
}

export function markReminded(db: Db, ids: readonly string[], now: Date) {
  if (ids.length === 0) return Promise.resolve([])
  return db.updateTable('consultation_meeting_registration').set({ reminded_at: now }).where('id', 'in', ids).execute()
}

/**
 * The first on a meeting's waitlist who may take a freed reserved seat: one with its tag, or
 * anyone once the reservations have lapsed (`anyone`). Locked as the seats kernel locks a waiter
 * (SKIP LOCKED: two seats freed at once never go to the same person).
 */
export function lockFirstWaitingFor(db: Db, values: { meetingId: string; communityId: string; tag: ParticipantTag; anyone: boolean }) {
  let q = db
    .selectFrom('consultation_meeting_registration as r')
    .select(['r.id'])
    .where('r.meeting_id', '=', values.meetingId)
    .where('r.status', '=', 'waitlisted')
  if (!values.anyone) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('consultation_participant_tag as t')
          .select('t.user_id')
          .whereRef('t.user_id', '=', 'r.user_id')
          .where('t.community_id', '=', values.communityId)
          .where('t.tag', '=', values.tag),
      ),
    )
  }
  return q.orderBy('r.created_at').orderBy('r.id').limit(1).forUpdate('r').skipLocked().executeTakeFirst()
}

export function findTags(db: Db, communityId: string, userIds?: readonly string[]) {
  let q = db.selectFrom('consultation_participant_tag').select(['user_id', 'tag']).where('community_id', '=', communityId)
  if (userIds) {
    if (userIds.length === 0) return Promise.resolve([])
    q = q.where('user_id', 'in', userIds)
  }
  return q.orderBy('created_at').orderBy('user_id').orderBy('tag').execute()
}

export async function replaceTags(db: Db, communityId: string, userId: string, tags: readonly ParticipantTag[], by: string): Promise<void> {
  await db.deleteFrom('consultation_participant_tag').where('community_id', '=', communityId).where('user_id', '=', userId).execute()
  if (tags.length === 0) return
  await db
    .insertInto('consultation_participant_tag')
    .values(tags.map((tag) => ({ community_id: communityId, user_id: userId, tag, assigned_by: by })))
    .execute()
}

/**
 * Who attended a meeting of the topic (checked in, online or at the door), as a subquery of user
 * ids: the outcome's participants union it, so an attendee follows the topic and may rate it.
 */
export function attendeesOfTopic(db: Db, topicId: string) {
  return db
    .selectFrom('consultation_meeting_registration')
    .innerJoin('consultation_meeting', 'consultation_meeting.id', 'consultation_meeting_registration.meeting_id')
    .select('consultation_meeting_registration.user_id')
    .where('consultation_meeting.topic_id', '=', topicId)
    .where('consultation_meeting_registration.checked_in_at', 'is not', null)
}

/** Her open registrations of meetings not started yet, oldest first (注销账号 cancels them; each is locked after its meeting). */
export function findUpcomingRegistrationsOf(db: Db, userId: string, now: Date) {
  return db
    .selectFrom('consultation_meeting_registration')
    .innerJoin('consultation_meeting', 'consultation_meeting.id', 'consultation_meeting_registration.meeting_id')
    .selectAll('consultation_meeting_registration')
    .where('consultation_meeting_registration.user_id', '=', userId)
    .where('consultation_meeting_registration.status', '<>', 'cancelled')
    .where('consultation_meeting.status', '=', 'scheduled')
    .where('consultation_meeting.starts_at', '>', now)
    .orderBy('consultation_meeting_registration.created_at')
    .execute()
}

/** Every registration of hers with its meeting, newest meeting first (下载我的数据). */
export function findRegistrationsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('consultation_meeting_registration')
    .innerJoin('consultation_meeting', 'consultation_meeting.id', 'consultation_meeting_registration.meeting_id')
    .select([
      'consultation_meeting_registration.id',
      'consultation_meeting_registration.status',
      'consultation_meeting_registration.channel',
      'consultation_meeting_registration.checked_in_at',
      'consultation_meeting_registration.created_at',
      'consultation_meeting.id as meeting_id',
      'consultation_meeting.topic_id',
      'consultation_meeting.community_id',
      'consultation_meeting.title',
      'consultation_meeting.place',
      'consultation_meeting.starts_at',
      'consultation_meeting.status as meeting_status',
    ])
    .where('consultation_meeting_registration.user_id', '=', userId)
    .orderBy('consultation_meeting.starts_at', 'desc')
    .orderBy('consultation_meeting_registration.id')
    .execute()
}
