import type { VolunteerSkill } from '@linli/shared'
import * as auth from '../auth/repository'
import { addDays, localDate, zonedInstant } from '../calendar/local-time'
import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import { newCodeSecret } from '../volunteer/facts'
import { confirmAsOrganiser } from '../volunteer/hours'
import * as hours from '../volunteer/hours-repository'
import * as volunteer from '../volunteer/repository'

const TZ = 'Asia/Shanghai'
const MINUTE_MS = 60_000

/** Past activities 桂花社区 ran, in turn: title, category, place, and the shift's local times. */
const PAST: { title: string; category: VolunteerSkill; place: string; start: string; end: string }[] = [
  { title: '关爱独居老人上门探访', category: 'elder_care', place: '桂花社区党群服务中心（集合后分组出发）', start: '09:00', end: '12:00' },
  { title: '长者食堂助餐配送', category: 'elder_care', place: '桂花社区长者食堂', start: '10:30', end: '13:30' },
  { title: '垃圾分类桶边引导', category: 'environment', place: '桂花苑 3 号、5 号投放点', start: '07:00', end: '10:00' },
  { title: '“四点半课堂”课后作业辅导', category: 'tutoring', place: '桂花社区四点半课堂', start: '15:30', end: '18:30' },
  { title: '社区广场舞展演秩序维护', category: 'culture_sports', place: '桂花社区文化广场', start: '18:00', end: '21:00' },
]

/**
 * Demo hours (issue 12 items 3, 4) for 桂花社区: two years of finished activities, one every 18
 * days, with confirmed records for the registered volunteers (the volunteer persona serving at
 * every one: 40 shifts of 3 hours, 120 hours, so the 公示 makes her 一星), confirmed through the
 * feature's own confirmation (rollup, star levels, messages, audit); and last week's two activities
 * with records still 待确认 for staff to confirm. Volunteers not registered yet get nothing; the
 * function still runs. Loading twice adds nothing.
 */
export async function seedDemoVolunteerHours(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  void cipher
  const [staff, persona] = await Promise.all([auth.findUserByPersona(db, 'staff'), auth.findUserByPersona(db, 'volunteer')])
  const communityId = staff?.community_id
  if (!staff || !communityId) return
  const registered = (await hours.registeredVolunteers(db, communityId, 6)).map((v) => v.user_id)
  if (registered.length === 0) return
  // The persona first: she serves at every activity, the others in turn.
  const people = persona && registered.includes(persona.id) ? [persona.id, ...registered.filter((id) => id !== persona.id)] : registered
  if ((await hours.rollupOf(db, people[0]!)).length > 0) return
  const today = localDate(now, TZ)
  for (let i = 0; i < 42; i++) {
    const pending = i >= 40
    // 40 past activities over two years, then two last week left 待确认.
    const day = pending ? addDays(today, -(i - 38) * 3) : addDays(today, -730 + i * 18)
    const seed = PAST[i % PAST.length]!
    const servers = [people[0]!, ...people.slice(1).filter((_, k) => (i + k) % 3 === 0)]
    await pastActivity(db, { communityId, staffId: staff.id, day, seed, servers, pending, now })
  }
}

async function pastActivity(
  db: Db,
  o: { communityId: string; staffId: string; day: string; seed: (typeof PAST)[number]; servers: string[]; pending: boolean; now: Date },
): Promise<void> {
  const startsAt = zonedInstant(o.day, o.seed.start, TZ)
  const endsAt = zonedInstant(o.day, o.seed.end, TZ)
  const activity = await volunteer.insertActivity(db, {
    community_id: o.communityId,
    team_id: null,
    kind: 'activity',
    title: o.seed.title,
    content: `${o.seed.title}（${o.day}）：社区志愿服务常态化项目。`,
    category: o.seed.category,
    place: o.seed.place,
    headcount: 6,
    how_to_sign_up: '在“邻里”小程序志愿活动页报名',
    status: o.pending ? 'published' : 'finished',
    created_by: o.staffId,
    published_by: o.staffId,
    published_at: new Date(startsAt.getTime() - 7 * 24 * 60 * MINUTE_MS),
  })
  const [shift] = await volunteer.insertShifts(db, [
    { activity_id: activity.id, community_id: o.communityId, role: '志愿者', starts_at: startsAt, ends_at: endsAt, capacity: 6, signup_deadline: startsAt, code_secret: newCodeSecret() },
  ])
  const ids: string[] = []
  for (const [k, userId] of o.servers.entries()) {
    // Checked in at the start, out at the end (a late one 20 minutes short), as check-out leaves it: 待确认.
    const minutes = Math.round((endsAt.getTime() - startsAt.getTime()) / MINUTE_MS) - (k > 0 && k % 2 === 0 ? 20 : 0)
    const record = await hours.insertRecord(db, {
      user_id: userId,
      community_id: o.communityId,
      activity_id: activity.id,
      shift_id: shift!.id,
      category: o.seed.category,
      service_date: o.day,
      checked_in_at: startsAt,
      checked_out_at: new Date(startsAt.getTime() + minutes * MINUTE_MS),
      minutes,
      status: 'pending',
    })
    ids.push(record.id)
  }
  if (!o.pending) await confirmAsOrganiser(db, activity, ids, o.staffId, new Date(endsAt.getTime() + 24 * 60 * MINUTE_MS), null)
}
