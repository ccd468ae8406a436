import { enqueueMeetingReminders } from '../../bff/src/consultation/meetings'
import { seedDemoMeetings } from '../../bff/src/demo/consultation-meetings'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
/** 10:00 in Shanghai on 1 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
/** The meeting: 3 December 14:00–16:00 Shanghai. */
const DATE = '2026-12-03'
const STARTS = new Date('2026-12-03T06:00:00Z')
const ENDS = new Date('2026-12-03T08:00:00Z')
const DURING = new Date(STARTS.getTime() + 30 * 60 * 1000)
const AFTER = new Date(ENDS.getTime() + HOUR_MS)

interface Person {
  id: string
  token: string
}
interface Quorum {
  quorumMet: boolean
  headcount: { counted: number; total: number; required: number }
}
interface Meeting {
  id: string
  status: string
  title: string
  startsAtLocal: { date: string; time: string }
  seats: { tag: string | null; capacity: number; taken: number }[]
  waitlisted: number
  present: number
  quorum: Quorum
  mine: null | { status: string; checkInCode: string | null; waitlistPosition: number | null; seatTag: string | null; checkedIn: boolean }
  canRegister: boolean
  tally: null | { status: string; present: number; canConfirm: boolean; items: { label: string; for: number; outcomeLabel: string | null }[] }
  minutes: string | null
}
interface DeskEntry {
  registrationId: string
  name: string
  attendance: string
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function person(communityId: string, name = '测试居民', birthDate: string | null = null): Promise<Person> {
  const user = await createUser(ctx.db, { communityId, name, birthDate })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** A community with two staff members, `residents` residents and a topic in `state`. */
async function community(residents: number, state = 'deliberating') {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const secondUser = await createUser(ctx.db, { name: '李强', grant: { role: 'staff', communityId } })
  const staff = await sessionFor(ctx.db, staffUser.id, FAR)
  const second = await sessionFor(ctx.db, secondUser.id, FAR)
  const people: Person[] = []
  for (let i = 0; i < residents; i++) people.push(await person(communityId, `居民${String(i).padStart(3, '0')}号`))
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const proposer = people[0] ?? (await person(communityId))
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: communityId,
      category_id: category.id,
      proposer_user_id: proposer.id,
      title: '小区东门加装无障碍坡道',
      description: '东门台阶较高，轮椅和婴儿车进出困难。',
      links: [],
      state: state as 'deliberating',
      state_reason: null,
      threshold: 1,
      expires_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { communityId, staff, second, staffId: staffUser.id, people, topicId: topic.id }
}

const MEETING = { title: '东门坡道议事会', place: '党群服务中心二楼', date: DATE, startTime: '14:00', endTime: '16:00', kind: 'representatives', openSeats: 10, reserved: [] as { tag: string; seats: number }[] }

function create(topicId: string, token: string, extra: Record<string, unknown> = {}) {
  return ctx.request(`/api/v1/staff/consultation/topics/${topicId}/meetings`, { method: 'POST', token, json: { ...MEETING, ...extra } })
}

async function createOk(topicId: string, token: string, extra: Record<string, unknown> = {}): Promise<Meeting> {
  const res = await create(topicId, token, extra)
  expect(res.status).toBe(201)
  return (await res.json()) as Meeting
}

function register(meetingId: string, token: string, key?: string) {
  return ctx.request(`/api/v1/consultation/meetings/${meetingId}/registration`, { method: 'POST', token, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

async function registerOk(meetingId: string, token: string): Promise<Meeting> {
  const res = await register(meetingId, token)
  expect(res.status).toBe(201)
  return (await res.json()) as Meeting
}

async function read(meetingId: string, token?: string): Promise<Meeting> {
  const res = await ctx.request(`/api/v1/consultation/meetings/${meetingId}`, token ? { token } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as Meeting
}

function checkIn(meetingId: string, token: string, json: Record<string, unknown>) {
  return ctx.request(`/api/v1/staff/consultation/meetings/${meetingId}/check-ins`, { method: 'POST', token, json })
}

function tally(meetingId: string, token: string, items: Record<string, unknown>[]) {
  return ctx.request(`/api/v1/staff/consultation/meetings/${meetingId}/tally`, { method: 'PUT', token, json: { items } })
}

function confirm(meetingId: string, token: string) {
  return ctx.request(`/api/v1/staff/consultation/meetings/${meetingId}/tally/confirm`, { method: 'POST', token })
}

/** A resident of `c` whom staff tag 党员 (found by name and birth date), with a session. */
async function partyMember(c: { communityId: string; staff: string }, name: string, birthDate: string): Promise<Person> {
  await person(c.communityId, name, birthDate)
  const res = await ctx.request(`/api/v1/staff/communities/${c.communityId}/participant-tags`, { method: 'PUT', token: c.staff, json: { name, birthDate, tags: ['party_member'] } })
  const { userId } = (await res.json()) as { userId: string }
  return { id: userId, token: await sessionFor(ctx.db, userId, FAR) }
}

async function registrations(meetingId: string) {
  return ctx.db.selectFrom('consultation_meeting_registration').selectAll().where('meeting_id', '=', meetingId).execute()
}

async function outbox(kind: string, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  return ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).where('user_id', 'in', userIds).execute()
}

async function audits(targetId: string) {
  return (await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', targetId).orderBy('id').execute()).map((a) => a.action)
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('setting a meeting', () => {
  it('is for staff of the community, on a topic 已立项 / 协商中 / 表决中, on the community clock', async () => {
    const c = await community(2)
    const other = await community(1)
    expect(await errorCode(await create(c.topicId, other.staff))).toBe('FORBIDDEN')
    expect((await create(c.topicId, c.people[1]?.token ?? '')).status).toBe(403)
    expect(await errorCode(await create(c.topicId, c.staff, { date: '2026-11-30' }))).toBe('MEETING_IN_PAST')
    expect(await errorCode(await create(c.topicId, c.staff, { endTime: '13:00' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await create(c.topicId, c.staff, { openSeats: 0 }))).toBe('VALIDATION_FAILED')
    const meeting = await createOk(c.topicId, c.staff, { reserved: [{ tag: 'resident_rep', seats: 2 }] })
    expect(meeting.startsAtLocal).toEqual({ date: DATE, time: '14:00' })
    expect(meeting.seats).toEqual([
      { tag: null, label: '开放座位', capacity: 10, taken: 0 },
      { tag: 'resident_rep', label: '居民代表预留', capacity: 2, taken: 0 },
    ])
    expect(await audits(meeting.id)).toEqual(['meeting.created'])
    const collecting = await community(1, 'collecting')
    expect(await errorCode(await create(collecting.topicId, collecting.staff))).toBe('MEETING_TOPIC_NOT_OPEN')
    const list = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}/meetings`)).json()) as { items: Meeting[] }
    expect(list.items.map((m) => m.id)).toEqual([meeting.id])
  })

  it('is edited and cancelled by staff only; cancelling tells every registrant and the waitlist', async () => {
    const c = await community(3)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 2 })
    for (const p of c.people) await registerOk(meeting.id, p.token)
    const edit = { title: '东门坡道议事会（改期）', place: '社区居委会会议室', date: '2026-12-04', startTime: '09:30', endTime: '11:00' }
    const path = `/api/v1/staff/consultation/meetings/${meeting.id}`
    expect((await ctx.request(path, { method: 'PUT', token: c.people[0]?.token ?? '', json: edit })).status).toBe(403)
    const edited = await ctx.request(path, { method: 'PUT', token: c.staff, json: edit })
    expect(edited.status).toBe(200)
    expect(((await edited.json()) as Meeting).startsAtLocal).toEqual({ date: '2026-12-04', time: '09:30' })
    const cancel = `/api/v1/staff/consultation/meetings/${meeting.id}/cancel`
    expect((await ctx.request(cancel, { method: 'POST', token: c.people[0]?.token ?? '', json: { reason: '场地冲突' } })).status).toBe(403)
    expect(await errorCode(await ctx.request(cancel, { method: 'POST', token: c.staff, json: { reason: '' } }))).toBe('VALIDATION_FAILED')
    const cancelled = await ctx.request(cancel, { method: 'POST', token: c.staff, json: { reason: '场地冲突，另行通知' } })
    expect(cancelled.status).toBe(200)
    expect(((await cancelled.json()) as Meeting).status).toBe('cancelled')
    const told = await outbox('meeting_cancelled', c.people.map((p) => p.id))
    expect(told.map((m) => m.user_id).sort()).toEqual(c.people.map((p) => p.id).sort())
    expect(told[0]?.payload).toMatchObject({ topicId: c.topicId, reason: '场地冲突，另行通知' })
    expect((await registrations(meeting.id)).every((r) => r.status === 'cancelled')).toBe(true)
    expect(await errorCode(await register(meeting.id, c.people[0]?.token ?? ''))).toBe('MEETING_CANCELLED')
    expect(await audits(meeting.id)).toEqual(['meeting.created', 'meeting.updated', 'meeting.cancelled'])
  })

  it('leaves no open registration in a meeting cancelled while residents register', async () => {
    const c = await community(20)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 5 })
    const answers = await Promise.all([
      ...c.people.map((p) => register(meeting.id, p.token).then((r) => r.status)),
      ctx.request(`/api/v1/staff/consultation/meetings/${meeting.id}/cancel`, { method: 'POST', token: c.staff, json: { reason: '场地冲突，另行通知' } }).then((r) => r.status),
    ])
    expect(answers.every((status) => status === 200 || status === 201 || status === 409)).toBe(true)
    const rows = await registrations(meeting.id)
    expect(rows.filter((r) => r.status !== 'cancelled')).toEqual([])
    const seat = await ctx.db.selectFrom('consultation_meeting_seat').select('taken').where('meeting_id', '=', meeting.id).executeTakeFirstOrThrow()
    expect(seat.taken).toBe(0)
    // Each registration written before the cancel was told it is off.
    expect((await outbox('meeting_cancelled', rows.map((r) => r.user_id))).length).toBe(rows.length)
  })
})

describe('registration', () => {
  it('reserves seats for tagged residents: an untagged resident cannot take one, a tagged one can, until the release a day before', async () => {
    const c = await community(0)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1, reserved: [{ tag: 'party_member', seats: 1 }] })
    const tagPath = `/api/v1/staff/communities/${c.communityId}/participant-tags`
    const untagged = await person(c.communityId, '王小兰')
    const another = await person(c.communityId, '赵大山')
    await person(c.communityId, '陈党员', '1960-05-01')
    expect((await ctx.request(tagPath, { method: 'PUT', token: untagged.token, json: { name: '陈党员', birthDate: '1960-05-01', tags: ['party_member'] } })).status).toBe(403)
    const tagged = await ctx.request(tagPath, { method: 'PUT', token: c.staff, json: { name: '陈党员', birthDate: '1960-05-01', tags: ['party_member'] } })
    expect(tagged.status).toBe(200)
    const { userId } = (await tagged.json()) as { userId: string }
    const party = { id: userId, token: await sessionFor(ctx.db, userId, FAR) }
    const listed = (await (await ctx.request(tagPath, { token: c.staff })).json()) as { items: { name: string; tags: string[] }[] }
    expect(listed.items).toEqual([{ userId, name: '陈*员', tags: ['party_member'] }])
    expect(await audits(userId)).toEqual(['meeting.tags_set'])

    expect((await registerOk(meeting.id, untagged.token)).mine).toMatchObject({ status: 'registered', seatTag: null })
    // The open seat is gone and the reserved one is not hers: the waitlist.
    expect((await registerOk(meeting.id, another.token)).mine).toMatchObject({ status: 'waitlisted', checkInCode: null, waitlistPosition: 1 })
    expect((await registerOk(meeting.id, party.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member' })
    expect((await read(meeting.id)).seats.map((s) => s.taken)).toEqual([1, 1])
  })

  it('opens unused reserved seats to anyone after the release time', async () => {
    const c = await community(2)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1, reserved: [{ tag: 'resident_rep', seats: 1 }] })
    await registerOk(meeting.id, c.people[0]?.token ?? '')
    ctx.setNow(new Date(STARTS.getTime() - 23 * HOUR_MS))
    expect((await registerOk(meeting.id, c.people[1]?.token ?? '')).mine).toMatchObject({ status: 'registered', seatTag: 'resident_rep' })
  })

  it('gives a freed reserved seat to the first waiting with its tag, and to anyone waiting once reservations have lapsed', async () => {
    const c = await community(0)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1, reserved: [{ tag: 'party_member', seats: 1 }] })
    const tagged = (name: string, birthDate: string) => partyMember(c, name, birthDate)
    const holder = await tagged('陈党员', '1960-05-01')
    const open = await person(c.communityId, '王小兰')
    expect((await registerOk(meeting.id, holder.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member' })
    expect((await registerOk(meeting.id, open.token)).mine).toMatchObject({ status: 'registered', seatTag: null })
    // Waiting, in this order: an untagged resident, then a party member.
    const untagged = await person(c.communityId, '赵大山')
    expect((await registerOk(meeting.id, untagged.token)).mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    const member = await tagged('李党员', '1958-03-02')
    expect((await registerOk(meeting.id, member.token)).mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })

    // The reserved seat is freed before the release: it goes to the party member, not to the first in line.
    expect((await ctx.request(`/api/v1/consultation/meetings/${meeting.id}/registration`, { method: 'DELETE', token: holder.token })).status).toBe(200)
    expect((await read(meeting.id, member.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member', waitlistPosition: null })
    expect((await read(meeting.id, untagged.token)).mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect((await outbox('meeting_seat_offered', [member.id, untagged.id])).length).toBe(1)
    expect((await read(meeting.id)).seats.map((s) => s.taken)).toEqual([1, 1])

    // After the release (a day before), a freed reserved seat goes to whoever waits first.
    ctx.setNow(new Date(STARTS.getTime() - 23 * HOUR_MS))
    expect((await ctx.request(`/api/v1/consultation/meetings/${meeting.id}/registration`, { method: 'DELETE', token: member.token })).status).toBe(200)
    expect((await read(meeting.id, untagged.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member', waitlistPosition: null })
    expect((await outbox('meeting_seat_offered', [untagged.id])).length).toBe(1)
    expect((await read(meeting.id)).seats.map((s) => s.taken)).toEqual([1, 1])
    expect((await read(meeting.id)).waitlisted).toBe(0)
  })

  it('seats a tagged resident on a reserved seat freed while she was joining the waitlist, not beside it', async () => {
    const c = await community(1)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1, reserved: [{ tag: 'party_member', seats: 1 }] })
    const tagged = (name: string, birthDate: string) => partyMember(c, name, birthDate)
    const holder = await tagged('陈党员', '1960-05-01')
    await registerOk(meeting.id, holder.token)
    await registerOk(meeting.id, c.people[0]?.token ?? '')
    const member = await tagged('李党员', '1958-03-02')
    const reserved = (await ctx.db.selectFrom('consultation_meeting_seat').select(['id', 'tag']).where('meeting_id', '=', meeting.id).execute()).find((s) => s.tag !== null)
    // The holder's seat is given back as releaseHeldSeat gives it, with nobody waiting yet: the rows
    // locked in order, the seat freed; she registers meanwhile and finds both pools full.
    let registering: Promise<Response> | undefined
    await ctx.db.transaction().execute(async (trx) => {
      await trx.selectFrom('consultation_meeting_seat').select('id').where('meeting_id', '=', meeting.id).orderBy('id').forUpdate().execute()
      await trx.updateTable('consultation_meeting_registration').set({ status: 'cancelled' }).where('user_id', '=', holder.id).execute()
      await trx.updateTable('consultation_meeting_seat').set((eb) => ({ taken: eb('taken', '-', 1) })).where('id', '=', reserved?.id ?? '').execute()
      registering = register(meeting.id, member.token)
      await new Promise((resolve) => setTimeout(resolve, 300))
    })
    expect((await registering)?.status).toBe(201)
    const after = await read(meeting.id, member.token)
    expect(after.mine).toMatchObject({ status: 'registered', seatTag: 'party_member' })
    expect(after.seats.map((s) => s.taken)).toEqual([1, 1])
  })

  it('registers once (the Idempotency-Key replays), and a freed seat goes to the first waiting, who is told', async () => {
    const c = await community(3)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1 })
    const [first, second, third] = c.people
    if (!first || !second || !third) throw new Error('three residents')
    const mine = await registerOk(meeting.id, first.token)
    expect(mine.mine?.checkInCode).toMatch(/^\d{6}$/)
    expect((await register(meeting.id, first.token, 'reg-1')).status).toBe(409)
    await registerOk(meeting.id, second.token)
    const keyed = await register(meeting.id, third.token, 'reg-3')
    const replay = await register(meeting.id, third.token, 'reg-3')
    expect([keyed.status, replay.status]).toEqual([201, 201])
    expect((await registrations(meeting.id)).length).toBe(3)
    expect((await read(meeting.id, third.token)).mine?.waitlistPosition).toBe(2)

    const cancel = await ctx.request(`/api/v1/consultation/meetings/${meeting.id}/registration`, { method: 'DELETE', token: first.token })
    expect(cancel.status).toBe(200)
    expect(((await cancel.json()) as Meeting).mine).toBeNull()
    const promoted = await read(meeting.id, second.token)
    expect(promoted.mine).toMatchObject({ status: 'registered', waitlistPosition: null })
    expect(promoted.mine?.checkInCode).toMatch(/^\d{6}$/)
    expect((await read(meeting.id, third.token)).mine?.waitlistPosition).toBe(1)
    expect((await outbox('meeting_seat_offered', [second.id])).length).toBe(1)
    expect(promoted.seats[0]?.taken).toBe(1)
    expect(await errorCode(await ctx.request(`/api/v1/consultation/meetings/${meeting.id}/registration`, { method: 'DELETE', token: first.token }))).toBe('MEETING_NOT_REGISTERED')
  })

  it('refuses another community’s resident and a meeting that started, recording nothing', async () => {
    const c = await community(1)
    const other = await community(1)
    const meeting = await createOk(c.topicId, c.staff)
    expect(await errorCode(await register(meeting.id, other.people[0]?.token ?? ''))).toBe('MEETING_NOT_RESIDENT')
    ctx.setNow(DURING)
    expect(await errorCode(await register(meeting.id, c.people[0]?.token ?? ''))).toBe('MEETING_STARTED')
    expect(await registrations(meeting.id)).toEqual([])
  })

  it('never overbooks: 50 residents at once for 10 seats get 10 seats and 40 places on the waitlist', async () => {
    const c = await community(50)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 10 })
    const answers = await Promise.all(c.people.map((p, i) => register(meeting.id, p.token, `concurrent-${i}`)))
    expect(answers.map((r) => r.status)).toEqual(c.people.map(() => 201))
    const rows = await registrations(meeting.id)
    expect(rows.filter((r) => r.status === 'registered').length).toBe(10)
    expect(rows.filter((r) => r.status === 'waitlisted').length).toBe(40)
    const view = await read(meeting.id)
    expect(view.seats[0]).toMatchObject({ capacity: 10, taken: 10 })
    expect(view.waitlisted).toBe(40)
    const codes = rows.map((r) => r.check_in_code)
    expect(new Set(codes).size).toBe(50)
  })
})

describe('调整座位', () => {
  function resize(meetingId: string, token: string, json: Record<string, unknown>) {
    return ctx.request(`/api/v1/staff/consultation/meetings/${meetingId}/seats`, { method: 'PUT', token, json })
  }

  it('adds open seats and seats the first waiting in order, each told; never below the seats taken; staff only, before the start', async () => {
    const c = await community(4)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1 })
    const [a, b, d, e] = c.people
    if (!a || !b || !d || !e) throw new Error('four residents')
    for (const p of [a, b, d, e]) await registerOk(meeting.id, p.token)
    expect((await read(meeting.id)).waitlisted).toBe(3)

    // Refused, nothing changed: no seat at all, no such pool, too many, a resident, after the start.
    const none = await resize(meeting.id, c.staff, { tag: null, capacity: 0 })
    expect(none.status).toBe(400)
    expect(((await none.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path)).toEqual(['capacity'])
    expect(await errorCode(await resize(meeting.id, c.staff, { tag: 'party_member', capacity: 2 }))).toBe('MEETING_SEAT_POOL_NOT_FOUND')
    expect((await resize(meeting.id, c.staff, { tag: null, capacity: 501 })).status).toBe(400)
    expect((await resize(meeting.id, a.token, { tag: null, capacity: 3 })).status).toBe(403)

    // Two more open seats: the first two waiting are seated, in the order they came, and told.
    const res = await resize(meeting.id, c.staff, { tag: null, capacity: 3 })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Meeting).seats).toEqual([expect.objectContaining({ tag: null, capacity: 3, taken: 3 })])
    expect((await read(meeting.id, b.token)).mine).toMatchObject({ status: 'registered' })
    expect((await read(meeting.id, d.token)).mine).toMatchObject({ status: 'registered' })
    expect((await read(meeting.id, e.token)).mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect((await outbox('meeting_seat_offered', [b.id, d.id, e.id])).map((m) => m.user_id).sort()).toEqual([b.id, d.id].sort())
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'meeting.seats_changed').where('target_id', '=', meeting.id).execute()
    expect(audit.map((x) => x.detail)).toEqual([{ tag: null, before: 1, after: 3, promoted: 2 }])
    // Down to the seats taken is allowed; below them is not.
    expect((await resize(meeting.id, c.staff, { tag: null, capacity: 3 })).status).toBe(200)
    expect(await errorCode(await resize(meeting.id, c.staff, { tag: null, capacity: 2 }))).toBe('MEETING_SEATS_BELOW_TAKEN')

    ctx.setNow(DURING)
    expect(await errorCode(await resize(meeting.id, c.staff, { tag: null, capacity: 5 }))).toBe('MEETING_STARTED')
  })

  it('adds reserved seats for the first waiting with the tag, and for anyone once reservations have lapsed', async () => {
    const c = await community(0)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1, reserved: [{ tag: 'party_member', seats: 1 }] })
    const tagged = (name: string, birthDate: string) => partyMember(c, name, birthDate)
    await registerOk(meeting.id, (await tagged('陈党员', '1960-05-01')).token)
    await registerOk(meeting.id, (await person(c.communityId, '王小兰')).token)
    const untagged = await person(c.communityId, '赵大山')
    await registerOk(meeting.id, untagged.token)
    const member = await tagged('李党员', '1958-03-02')
    await registerOk(meeting.id, member.token)

    // One more reserved seat before the release: the party member gets it, though second in line.
    expect((await resize(meeting.id, c.staff, { tag: 'party_member', capacity: 2 })).status).toBe(200)
    expect((await read(meeting.id, member.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member' })
    expect((await read(meeting.id, untagged.token)).mine).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    // Another after the release: whoever waits first.
    ctx.setNow(new Date(STARTS.getTime() - 23 * HOUR_MS))
    expect((await resize(meeting.id, c.staff, { tag: 'party_member', capacity: 3 })).status).toBe(200)
    expect((await read(meeting.id, untagged.token)).mine).toMatchObject({ status: 'registered', seatTag: 'party_member' })
    const after = await read(meeting.id)
    expect(after.seats.map((s) => [s.tag, s.capacity, s.taken])).toEqual([
      [null, 1, 1],
      ['party_member', 3, 3],
    ])
    expect(after.waitlisted).toBe(0)
    expect((await outbox('meeting_seat_offered', [member.id, untagged.id])).length).toBe(2)
  })

  it('never seats more than the seats while residents register and staff add seats at once', async () => {
    const c = await community(30)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 5 })
    await Promise.all([
      ...c.people.map((p) => register(meeting.id, p.token)),
      resize(meeting.id, c.staff, { tag: null, capacity: 10 }),
      resize(meeting.id, c.second, { tag: null, capacity: 15 }),
    ])
    const rows = await registrations(meeting.id)
    const seat = await ctx.db.selectFrom('consultation_meeting_seat').select(['capacity', 'taken']).where('meeting_id', '=', meeting.id).executeTakeFirstOrThrow()
    const seated = rows.filter((r) => r.status === 'registered').length
    expect(rows).toHaveLength(30)
    expect(seat.taken).toBe(seated)
    expect(seated).toBeLessThanOrEqual(seat.capacity)
    expect([10, 15]).toContain(seat.capacity)
    // Nobody is left waiting beside an empty seat.
    expect(seated).toBe(Math.min(30, seat.capacity))
  })
})

describe('at the door', () => {
  it('checks in by code and from the name search, counts a walk-in, and shows the live quorum', async () => {
    const c = await community(0)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 5 })
    const wang = await person(c.communityId, '王秀兰')
    const li = await person(c.communityId, '李建国')
    const zhao = await person(c.communityId, '赵春梅')
    await person(c.communityId, '孙志强', '1950-03-08')
    const code = (await registerOk(meeting.id, wang.token)).mine?.checkInCode ?? ''
    await registerOk(meeting.id, li.token)
    await registerOk(meeting.id, zhao.token)

    expect(await errorCode(await checkIn(meeting.id, c.staff, { code }))).toBe('MEETING_CHECK_IN_NOT_OPEN')
    ctx.setNow(new Date(STARTS.getTime() - 30 * 60 * 1000))
    expect((await checkIn(meeting.id, wang.token, { code })).status).toBe(403)
    expect(await errorCode(await checkIn(meeting.id, c.staff, { code: '000000' === code ? '111111' : '000000' }))).toBe('MEETING_CODE_INVALID')
    const byCode = await checkIn(meeting.id, c.staff, { code })
    expect(byCode.status).toBe(200)
    const checked = (await byCode.json()) as { entry: DeskEntry; present: number; quorum: Quorum }
    expect(checked.entry).toMatchObject({ name: '王*兰', attendance: 'present' })
    expect(checked.present).toBe(1)
    expect(checked.quorum).toMatchObject({ quorumMet: false, headcount: { counted: 1, total: 3, required: 2 } })
    expect(await errorCode(await checkIn(meeting.id, c.staff, { code }))).toBe('MEETING_ALREADY_CHECKED_IN')

    const search = await ctx.request(`/api/v1/staff/consultation/meetings/${meeting.id}/desk?q=${encodeURIComponent('建国')}`, { token: c.staff })
    expect(search.status).toBe(200)
    const found = (await search.json()) as { items: DeskEntry[]; present: number }
    expect(found.items.map((e) => e.name)).toEqual(['李*国'])
    expect(JSON.stringify(found)).not.toContain('李建国')
    const byName = (await (await checkIn(meeting.id, c.staff, { registrationId: found.items[0]?.registrationId })).json()) as { present: number; quorum: Quorum }
    expect(byName.present).toBe(2)
    expect(byName.quorum.quorumMet).toBe(true)

    const walkIns = `/api/v1/staff/consultation/meetings/${meeting.id}/walk-ins`
    expect(await errorCode(await ctx.request(walkIns, { method: 'POST', token: c.staff, json: { name: '孙志强' } }))).toBe('VALIDATION_FAILED')
    const walk = await ctx.request(walkIns, { method: 'POST', token: c.staff, json: { name: '孙志强', birthDate: '1950-03-08' } })
    expect(walk.status).toBe(200)
    const walked = (await walk.json()) as { entry: DeskEntry; present: number; quorum: Quorum }
    expect(walked.entry).toMatchObject({ name: '孙*强', attendance: 'walk_in' })
    expect(walked.present).toBe(3)
    expect(walked.quorum.headcount).toEqual({ counted: 3, total: 4, required: 3 })
    // She is the resident the community already had, not a new account.
    const sun = await ctx.db.selectFrom('consultation_meeting_registration').select('user_id').where('meeting_id', '=', meeting.id).where('channel', '=', 'walk_in').executeTakeFirstOrThrow()
    expect((await ctx.db.selectFrom('app_user').select('id').where('community_id', '=', c.communityId).execute()).map((u) => u.id)).toContain(sun.user_id)
    expect(await errorCode(await ctx.request(walkIns, { method: 'POST', token: c.staff, json: { name: '孙志强', birthDate: '1950-03-08' } }))).toBe('MEETING_ALREADY_REGISTERED')

    const desk = (await (await ctx.request(`/api/v1/staff/consultation/meetings/${meeting.id}/desk?limit=2`, { token: c.staff })).json()) as { items: DeskEntry[]; nextCursor: string | null }
    expect(desk.items.length).toBe(2)
    const next = (await (await ctx.request(`/api/v1/staff/consultation/meetings/${meeting.id}/desk?limit=2&cursor=${desk.nextCursor}`, { token: c.staff })).json()) as { items: DeskEntry[]; nextCursor: string | null }
    expect(next.items.map((e) => e.name)).toEqual(['赵*梅', '孙*强'])
    expect(next.nextCursor).toBeNull()
    expect((await read(meeting.id)).present).toBe(3)
    ctx.setNow(AFTER)
    const after = (await (await ctx.request(`/api/v1/staff/consultation/meetings/${meeting.id}/desk`, { token: c.staff })).json()) as { items: DeskEntry[] }
    expect(after.items.map((e) => e.attendance)).toEqual(['present', 'present', 'absent', 'walk_in'])
  })

  it('counts a 居民会议 against the community’s residents: more than half must be present', async () => {
    const c = await community(4)
    const meeting = await createOk(c.topicId, c.staff, { kind: 'resident_meeting' })
    for (const p of c.people.slice(0, 3)) await registerOk(meeting.id, p.token)
    ctx.setNow(DURING)
    const rows = await registrations(meeting.id)
    const results = []
    for (const r of rows) results.push((await (await checkIn(meeting.id, c.staff, { registrationId: r.id })).json()) as { quorum: Quorum })
    // Four residents (the staff live elsewhere): 2 of 4 is half, not more than half.
    expect(results.map((r) => r.quorum.quorumMet)).toEqual([false, false, true])
    expect(results[2]?.quorum.headcount).toEqual({ counted: 3, total: 4, required: 3 })
  })

  it('takes a tally confirmed by a second, different staff member; both audited; residents see it only then', async () => {
    const c = await community(3)
    const meeting = await createOk(c.topicId, c.staff)
    for (const p of c.people) await registerOk(meeting.id, p.token)
    const items = [{ label: '同意加装坡道', for: 2, against: 1, abstain: 0 }]
    expect(await errorCode(await tally(meeting.id, c.staff, items))).toBe('MEETING_NOT_STARTED')
    ctx.setNow(DURING)
    for (const r of await registrations(meeting.id)) await checkIn(meeting.id, c.staff, { registrationId: r.id })
    expect((await tally(meeting.id, c.people[0]?.token ?? '', items)).status).toBe(403)
    expect(await errorCode(await tally(meeting.id, c.staff, [{ label: '同意加装坡道', for: 3, against: 1, abstain: 0 }]))).toBe('MEETING_TALLY_TOO_MANY')
    expect(await errorCode(await confirm(meeting.id, c.second))).toBe('MEETING_TALLY_MISSING')
    const entered = await tally(meeting.id, c.staff, items)
    expect(entered.status).toBe(200)
    expect(((await entered.json()) as Meeting).tally).toMatchObject({ status: 'entered', present: 3, canConfirm: false })
    expect((await read(meeting.id, c.second)).tally?.canConfirm).toBe(true)
    expect((await read(meeting.id, c.people[0]?.token)).tally).toBeNull()
    const own = await confirm(meeting.id, c.staff)
    expect(own.status).toBe(409)
    expect(await errorCode(own)).toBe('MEETING_TALLY_SAME_STAFF')
    const confirmed = await confirm(meeting.id, c.second)
    expect(confirmed.status).toBe(200)
    const seen = await read(meeting.id, c.people[0]?.token)
    expect(seen.tally).toMatchObject({ status: 'confirmed', present: 3, items: [{ label: '同意加装坡道', for: 2, outcomeLabel: '通过' }] })
    expect(await errorCode(await tally(meeting.id, c.second, items))).toBe('MEETING_TALLY_CONFIRMED')
    expect(await errorCode(await confirm(meeting.id, c.second))).toBe('MEETING_TALLY_CONFIRMED')
    const trail = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', meeting.id).where('action', 'like', 'meeting.tally%').orderBy('id').execute()
    expect(trail.map((a) => a.action)).toEqual(['meeting.tally_entered', 'meeting.tally_confirmed'])
    expect(new Set(trail.map((a) => a.actor_user_id)).size).toBe(2)
  })

  it('publishes minutes after the meeting, shown to everyone', async () => {
    const c = await community(1)
    const meeting = await createOk(c.topicId, c.staff)
    const path = `/api/v1/staff/consultation/meetings/${meeting.id}/minutes`
    const minutes = { text: '会议议定：东门加装坡道，物业负责施工。\n到会 3 人。' }
    ctx.setNow(DURING)
    expect(await errorCode(await ctx.request(path, { method: 'PUT', token: c.staff, json: minutes }))).toBe('MEETING_NOT_ENDED')
    ctx.setNow(AFTER)
    expect((await ctx.request(path, { method: 'PUT', token: c.people[0]?.token ?? '', json: minutes })).status).toBe(403)
    expect((await ctx.request(path, { method: 'PUT', token: c.staff, json: minutes })).status).toBe(200)
    expect((await read(meeting.id)).minutes).toBe(minutes.text)
    expect(await audits(meeting.id)).toContain('meeting.minutes_published')
  })
})

describe('reminders and the export', () => {
  it('reminds each seated registrant once, two hours before', async () => {
    const c = await community(3)
    // Two days after the other tests' meetings, so only this one is due.
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 2, date: '2026-12-05' })
    for (const p of c.people) await registerOk(meeting.id, p.token)
    expect(await enqueueMeetingReminders(ctx.db, NOW)).toBe(0)
    const before = new Date('2026-12-05T04:30:00Z')
    const [a, b] = await Promise.all([enqueueMeetingReminders(ctx.db, before), enqueueMeetingReminders(ctx.db, before)])
    expect((a ?? 0) + (b ?? 0)).toBe(2)
    expect(await enqueueMeetingReminders(ctx.db, new Date(before.getTime() + 60 * 1000))).toBe(0)
    const sent = await outbox('meeting_reminder', c.people.map((p) => p.id))
    expect(sent.map((m) => m.user_id).sort()).toEqual([c.people[0]?.id, c.people[1]?.id].sort())
    expect(sent[0]?.payload).toMatchObject({ detail: '东门坡道议事会：2026-12-05 14:00，党群服务中心二楼' })
  })

  it('exports registrations and attendance as CSV with a Chinese header, for staff only, audited', async () => {
    const c = await community(0)
    const meeting = await createOk(c.topicId, c.staff, { openSeats: 1 })
    const wang = await person(c.communityId, '王秀兰')
    const li = await person(c.communityId, '=李建国')
    await registerOk(meeting.id, wang.token)
    await registerOk(meeting.id, li.token)
    ctx.setNow(DURING)
    const seated = (await registrations(meeting.id)).find((r) => r.user_id === wang.id)
    await checkIn(meeting.id, c.staff, { registrationId: seated?.id })
    const path = `/api/v1/staff/consultation/meetings/${meeting.id}/export`
    expect((await ctx.request(path, { token: wang.token })).status).toBe(403)
    const res = await ctx.request(path, { token: c.staff })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines).toEqual([
      '"序号","姓名","报名方式","报名状态","座位","出席情况","签到时间"',
      `"1","王秀兰","线上报名","已报名","开放座位","已签到","${DATE} 14:30"`,
      `"2","'=李建国","线上报名","候补","","未签到",""`,
    ])
    expect(await audits(meeting.id)).toContain('meeting.exported')
  })
})

describe('demo data', () => {
  it('gives the demo community an upcoming meeting and a past one with a confirmed tally and minutes, once', async () => {
    const c = await community(0)
    const personas = { staff: c.staffId, street_admin: (await createUser(ctx.db, { name: '刘建国', grant: { role: 'street_admin', streetId } })).id, elder: (await person(c.communityId, '王秀兰')).id, parent: (await person(c.communityId, '李敏')).id }
    for (const [persona, id] of Object.entries(personas)) await ctx.db.updateTable('app_user').set({ demo_persona: persona }).where('id', '=', id).execute()
    const past = await ctx.db.updateTable('consultation_topic').set({ state: 'implementing' }).where('id', '=', c.topicId).returning('id').executeTakeFirstOrThrow()
    const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const upcoming = await ctx.db
      .insertInto('consultation_topic')
      .values({ community_id: c.communityId, category_id: category.id, proposer_user_id: personas.elder, title: '南门充电棚', description: '建议增设充电棚。', links: [], state: 'deliberating', state_reason: null, threshold: 1, expires_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow()
    await seedDemoMeetings(ctx.db, NOW)
    await seedDemoMeetings(ctx.db, NOW)
    const [next] = (await (await ctx.request(`/api/v1/consultation/topics/${upcoming.id}/meetings`, { token: await sessionFor(ctx.db, personas.parent, FAR) })).json() as { items: Meeting[] }).items
    expect(next?.mine?.checkInCode).toMatch(/^\d{6}$/)
    const elderToken = await sessionFor(ctx.db, personas.elder, FAR)
    expect((await registerOk(next?.id ?? '', elderToken)).mine).toMatchObject({ status: 'registered', seatTag: 'resident_rep' })
    const list = (await (await ctx.request(`/api/v1/consultation/topics/${past.id}/meetings`)).json()) as { items: Meeting[] }
    expect(list.items.length).toBe(1)
    expect(list.items[0]).toMatchObject({ present: 2, tally: { status: 'confirmed', items: [{ outcomeLabel: '通过' }] } })
    expect(list.items[0]?.minutes).toContain('举手表决')
  })
})
