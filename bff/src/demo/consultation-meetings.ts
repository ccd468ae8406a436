import * as auth from '../auth/repository'
import { registeredResidents } from '../auth/residents'
import { addDays, localDate, zonedInstant } from '../calendar/local-time'
import * as meetings from '../consultation/meeting-repository'
import { RESERVED_RELEASE_MINUTES } from '../consultation/meetings'
import * as consultation from '../consultation/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import * as seats from '../seats/seats'

const TZ = 'Asia/Shanghai'
const MINUTE_MS = 60 * 1000

/**
 * Demo 议事会 (issue 11 item 4) for 桂花社区: an upcoming meeting on the first 协商中 topic, with the
 * parent registered (her code on the topic page) and 居民代表 seats the elder, tagged 居民代表, can
 * still take; and a past meeting on the first topic past its vote, with a tally entered by staff
 * and confirmed by the street admin, attendance and minutes. Written through the meeting
 * repository and the seats kernel, as a registration would be. Loading twice adds nothing.
 */
export async function seedDemoMeetings(db: Db, now: Date): Promise<void> {
  const [staff, admin, elder, parent] = await Promise.all(['staff', 'street_admin', 'elder', 'parent'].map((p) => auth.findUserByPersona(db, p)))
  const communityId = elder?.community_id
  if (!staff || !admin || !elder || !parent || !communityId) return
  const topics = await consultation.listTopics(db, { communityId, limit: 100 })
  const upcoming = topics.find((t) => t.state === 'deliberating')
  const past = topics.find((t) => t.state === 'resolved' || t.state === 'implementing' || t.state === 'implemented')
  const eligible = await registeredResidents(db, communityId)
  const today = localDate(now, TZ)
  await inTransaction(db, async (trx) => {
    await meetings.replaceTags(trx, communityId, elder.id, ['resident_rep'], staff.id)
    if (upcoming && (await meetings.findMeetingsOfTopic(trx, upcoming.id)).length === 0) {
      const startsAt = zonedInstant(addDays(today, 3), '19:00', TZ)
      const meeting = await meetings.insertMeeting(trx, {
        ...blank(staff.id),
        topic_id: upcoming.id,
        community_id: communityId,
        title: `${upcoming.title}议事会`,
        place: '桂花社区党群服务中心二楼会议室',
        kind: 'representatives',
        starts_at: startsAt,
        ends_at: zonedInstant(addDays(today, 3), '20:30', TZ),
        reserved_until: new Date(startsAt.getTime() - RESERVED_RELEASE_MINUTES * MINUTE_MS),
        eligible,
      })
      await meetings.insertSeats(trx, meeting.id, [
        { tag: null, capacity: 30 },
        { tag: 'resident_rep', capacity: 5 },
        { tag: 'property', capacity: 2 },
      ])
      await register(trx, meeting.id, communityId, parent.id, null)
    }
    if (past && (await meetings.findMeetingsOfTopic(trx, past.id)).length === 0) {
      const day = addDays(today, -20)
      const startsAt = zonedInstant(day, '19:00', TZ)
      const endsAt = zonedInstant(day, '20:30', TZ)
      const meeting = await meetings.insertMeeting(trx, {
        ...blank(staff.id),
        topic_id: past.id,
        community_id: communityId,
        title: `${past.title}议事会`,
        place: '桂花社区党群服务中心二楼会议室',
        kind: 'representatives',
        starts_at: startsAt,
        ends_at: endsAt,
        reserved_until: new Date(startsAt.getTime() - RESERVED_RELEASE_MINUTES * MINUTE_MS),
        eligible,
        minutes: `${past.title}：到会居民代表、党员、物业代表共 2 人，充分听取意见后举手表决，同意按方案实施，由社区居委会牵头、物业配合落实，进展在议题页面公布。`,
        minutes_published_by: staff.id,
        minutes_published_at: new Date(endsAt.getTime() + 60 * MINUTE_MS),
      })
      await meetings.insertSeats(trx, meeting.id, [{ tag: null, capacity: 20 }])
      const checkedIn = new Date(startsAt.getTime() - 10 * MINUTE_MS)
      await register(trx, meeting.id, communityId, elder.id, { at: checkedIn, by: staff.id })
      await register(trx, meeting.id, communityId, parent.id, { at: checkedIn, by: staff.id })
      await meetings.incrementPresent(trx, meeting.id)
      await meetings.incrementPresent(trx, meeting.id)
      await meetings.saveTally(trx, meeting.id, { items: [{ label: '同意按方案实施', for: 2, against: 0, abstain: 0 }], present: 2, by: staff.id, at: endsAt })
      await meetings.confirmTally(trx, meeting.id, admin.id, endsAt)
    }
  })
}

function blank(createdBy: string) {
  return {
    status: 'scheduled' as const,
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
    created_by: createdBy,
  }
}

/** A seated registration with its code, taken through the seats kernel; checked in when `checkIn` says so. */
async function register(trx: Db, meetingId: string, communityId: string, userId: string, checkIn: { at: Date; by: string } | null): Promise<void> {
  const [open] = (await meetings.findSeats(trx, [meetingId])).filter((s) => s.tag === null)
  if (!open || !(await seats.takeSeat(trx, meetings.MEETING_SEATS, open.id))) return
  await meetings.insertRegistration(trx, {
    meeting_id: meetingId,
    community_id: communityId,
    user_id: userId,
    seat_id: open.id,
    status: 'registered',
    channel: 'online',
    check_in_code: await seats.issueCheckInCode(trx, meetings.MEETING_SEATS, communityId),
    checked_in_at: checkIn?.at ?? null,
    checked_in_by: checkIn?.by ?? null,
    reminded_at: null,
  })
}
