import { noticeOverdue } from '../../bff/src/consultation/outcomes'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Where 社区协商's features meet (wave 2, I2): a meeting moved tells who registered; tagging finds
 * and never registers; who attended a meeting may rate the result; an overdue implementation is
 * told to the street once; 注销账号 frees her meeting seat; 下载我的数据 has her acts, not her choice.
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
/** Tuesday 1 December 2026, 10:00 in Shanghai. */
const NOW = new Date('2026-12-01T02:00:00Z')
/** The meeting: Thursday 3 December 14:00–16:00 Shanghai. */
const DURING = new Date('2026-12-03T06:30:00Z')
/** Well after a 5-working-day 公示 published on 3 December. */
const AFTER_PUBLICITY = new Date('2026-12-20T02:00:00Z')

interface Person {
  id: string
  token: string
}
interface Meeting {
  id: string
  seats: { taken: number }[]
  mine: null | { status: string; checkInCode: string | null }
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function person(communityId: string | null, name: string, extra: Parameters<typeof createUser>[1] = {}): Promise<Person> {
  const user = await createUser(ctx.db, { communityId, name, ...extra })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** A community of this street with staff and a topic in 协商中 raised by its first resident. */
async function community(residents: number) {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await person(communityId, '张丽', { grant: { role: 'staff', communityId } })
  const people: Person[] = []
  for (let i = 0; i < residents; i++) people.push(await person(communityId, `居民${i}号`))
  const proposer = people[0] ?? (await person(communityId, '王秀兰'))
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: communityId,
      category_id: category.id,
      proposer_user_id: proposer.id,
      title: '小区东门加装无障碍坡道',
      description: '东门台阶较高，轮椅和婴儿车进出困难。',
      links: [],
      state: 'deliberating',
      state_reason: null,
      threshold: 1,
      expires_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { communityId, staff, people, topicId: topic.id }
}

const MEETING = { title: '东门坡道议事会', place: '党群服务中心二楼', date: '2026-12-03', startTime: '14:00', endTime: '16:00', kind: 'representatives', reserved: [] }

async function meeting(topicId: string, token: string, openSeats: number): Promise<Meeting> {
  const res = await ctx.request(`/api/v1/staff/consultation/topics/${topicId}/meetings`, { method: 'POST', token, json: { ...MEETING, openSeats } })
  expect(res.status).toBe(201)
  return (await res.json()) as Meeting
}

async function register(meetingId: string, token: string): Promise<Meeting> {
  const res = await ctx.request(`/api/v1/consultation/meetings/${meetingId}/registration`, { method: 'POST', token })
  expect(res.status).toBe(201)
  return (await res.json()) as Meeting
}

async function outbox(kind: string, userIds: readonly string[]) {
  if (userIds.length === 0) return []
  const rows = await ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).where('user_id', 'in', userIds).execute()
  return rows.map((r) => ({ userId: r.user_id, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { topicId: string; detail?: string } }))
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db, '桂花街道')).id
})

beforeEach(() => ctx.setNow(NOW))
afterAll(() => ctx.setNow(null))

describe('a meeting moved', () => {
  it('tells the registered and the waitlist the new time and place; a new title alone tells nobody', async () => {
    const c = await community(3)
    const m = await meeting(c.topicId, c.staff.token, 2)
    for (const p of c.people) await register(m.id, p.token)
    const path = `/api/v1/staff/consultation/meetings/${m.id}`
    const retitled = await ctx.request(path, { method: 'PUT', token: c.staff.token, json: { ...MEETING, title: '东门坡道议事会（第一次）' } })
    expect(retitled.status).toBe(200)
    expect(await outbox('meeting_changed', c.people.map((p) => p.id))).toEqual([])

    const moved = await ctx.request(path, { method: 'PUT', token: c.staff.token, json: { title: '东门坡道议事会', place: '社区居委会会议室', date: '2026-12-04', startTime: '09:30', endTime: '11:00' } })
    expect(moved.status).toBe(200)
    const told = await outbox('meeting_changed', c.people.map((p) => p.id))
    expect(told.map((t) => t.userId).sort()).toEqual(c.people.map((p) => p.id).sort())
    expect(told[0]?.payload).toMatchObject({ topicId: c.topicId, detail: '改为 东门坡道议事会：2026-12-04 09:30，社区居委会会议室' })
    // The staff member who moved it is not registered and is not told.
    expect(await outbox('meeting_changed', [c.staff.id])).toEqual([])
  })
})

describe('participant tags', () => {
  it('find a resident by name and birth date and never register one', async () => {
    const c = await community(0)
    const elder = await person(c.communityId, '陈党员', { birthDate: '1960-05-01' })
    const path = `/api/v1/staff/communities/${c.communityId}/participant-tags`
    const users = async () => Number((await ctx.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await users()
    const missing = await ctx.request(path, { method: 'PUT', token: c.staff.token, json: { name: '陈党圆', birthDate: '1960-05-01', tags: ['party_member'] } })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toEqual(expect.objectContaining({ code: 'ASSIST_RESIDENT_NOT_FOUND', message: expect.stringContaining('不会新登记居民') }))
    expect(await users()).toBe(before)
    expect(await ctx.db.selectFrom('consultation_participant_tag').select('user_id').where('community_id', '=', c.communityId).execute()).toEqual([])

    const found = await ctx.request(path, { method: 'PUT', token: c.staff.token, json: { name: '陈党员', birthDate: '1960-05-01', tags: ['party_member'] } })
    expect(found.status).toBe(200)
    expect(await found.json()).toEqual({ userId: elder.id, name: '陈*员', tags: ['party_member'] })
    expect(await users()).toBe(before)
  })
})

describe('a resident who attended a meeting', () => {
  it('follows the topic, is told it was implemented and may rate it; one who only registered may not', async () => {
    const c = await community(1)
    const attendee = await person(c.communityId, '刘桂英')
    const absent = await person(c.communityId, '马建国')
    const m = await meeting(c.topicId, c.staff.token, 5)
    const code = (await register(m.id, attendee.token)).mine?.checkInCode ?? ''
    await register(m.id, absent.token)
    ctx.setNow(DURING)
    expect((await ctx.request(`/api/v1/staff/consultation/meetings/${m.id}/check-ins`, { method: 'POST', token: c.staff.token, json: { code } })).status).toBe(200)

    const topic = `/api/v1/consultation/topics/${c.topicId}`
    expect((await ctx.request(`${topic}/outcome`, { method: 'POST', token: c.staff.token, json: { summary: '在东门台阶西侧加装无障碍坡道，物业一个月内完成。', adopted: true } })).status).toBe(201)
    expect((await outbox('result_published', [attendee.id, absent.id])).map((t) => t.userId)).toEqual([attendee.id])
    ctx.setNow(AFTER_PUBLICITY)
    const start = await ctx.request(`${topic}/implementation`, { method: 'POST', token: c.staff.token, json: { responsibleUnit: '桂花物业', dueOn: '2026-12-31', milestones: [{ title: '坡道完工', done: false }] } })
    expect(start.status).toBe(200)
    expect((await ctx.request(`${topic}/implementation/updates`, { method: 'POST', token: c.staff.token, json: { statusText: '完工', progress: 100, milestones: [{ title: '坡道完工', done: true }] } })).status).toBe(201)
    expect((await ctx.request(`${topic}/implementation/done`, { method: 'POST', token: c.staff.token })).status).toBe(200)
    expect((await outbox('implementation_done', [attendee.id, absent.id])).map((t) => t.userId)).toEqual([attendee.id])

    const rate = (token: string) => ctx.request(`${topic}/ratings`, { method: 'POST', token, json: { level: 5, comment: '坡道很好用' } })
    const refused = await rate(absent.token)
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('NOT_A_PARTICIPANT')
    const view = (await (await ctx.request(`${topic}/outcome`, { token: attendee.token })).json()) as { me: { following: boolean; canRate: boolean } }
    expect(view.me).toMatchObject({ following: true, canRate: true })
    expect((await rate(attendee.token)).status).toBe(201)
    const ratings = await ctx.db.selectFrom('consultation_outcome_rating').select('user_id').where('topic_id', '=', c.topicId).execute()
    expect(ratings.map((r) => r.user_id)).toEqual([attendee.id])
    // Her copy of her data has the meeting she attended and her 评议.
    const mine = (await (await ctx.request('/api/v1/me/export', { token: attendee.token })).json()) as { consultation: { meetingRegistrations: unknown[]; outcomeRatings: unknown[] } }
    expect(mine.consultation.meetingRegistrations).toEqual([expect.objectContaining({ meetingId: m.id, checkedIn: true, status: 'registered' })])
    expect(mine.consultation.outcomeRatings).toEqual([expect.objectContaining({ topicId: c.topicId, level: 5, comment: '坡道很好用' })])
  })
})

describe('an overdue implementation', () => {
  it('is told to the street admins of the topic’s street once, not to another street’s', async () => {
    const c = await community(1)
    const admin = await person(null, '街道刘', { grant: { role: 'street_admin', streetId } })
    const elsewhere = await person(null, '荷花街道管理员', { grant: { role: 'street_admin', streetId: (await createStreet(ctx.db, '荷花街道')).id } })
    const topic = `/api/v1/consultation/topics/${c.topicId}`
    expect((await ctx.request(`${topic}/outcome`, { method: 'POST', token: c.staff.token, json: { summary: '在东门台阶西侧加装无障碍坡道。', adopted: true } })).status).toBe(201)
    ctx.setNow(AFTER_PUBLICITY)
    expect((await ctx.request(`${topic}/implementation`, { method: 'POST', token: c.staff.token, json: { responsibleUnit: '桂花物业', dueOn: '2026-12-31', milestones: [] } })).status).toBe(200)

    const after = new Date('2026-12-31T16:01:00Z')
    expect(await noticeOverdue(ctx.db, new Date('2026-12-31T15:59:00Z'))).toBe(0)
    expect(await noticeOverdue(ctx.db, after)).toBeGreaterThanOrEqual(1)
    expect(await noticeOverdue(ctx.db, new Date(after.getTime() + HOUR_MS))).toBe(0)
    const told = (await outbox('implementation_overdue', [admin.id, elsewhere.id, c.staff.id])).filter((t) => t.payload.topicId === c.topicId)
    expect(told.map((t) => t.userId)).toEqual([admin.id])
    expect(told[0]?.payload.detail).toContain('桂花物业应于 2026-12-31 前落实，目前进度 0%')
  })
})

describe('注销账号', () => {
  it('cancels her meeting registration and gives her seat to the first waiting, who is told', async () => {
    const c = await community(0)
    const she = await person(c.communityId, '王秀兰')
    const waiting = await person(c.communityId, '李敏')
    const m = await meeting(c.topicId, c.staff.token, 1)
    expect((await register(m.id, she.token)).mine?.status).toBe('registered')
    expect((await register(m.id, waiting.token)).mine?.status).toBe('waitlisted')

    const deleted = await ctx.request('/api/v1/me/delete', { method: 'POST', token: she.token, json: { confirm: true } })
    expect(deleted.status).toBe(200)
    const rows = await ctx.db.selectFrom('consultation_meeting_registration').select(['user_id', 'status']).where('meeting_id', '=', m.id).execute()
    expect(new Map(rows.map((r) => [r.user_id, r.status]))).toEqual(new Map([[she.id, 'cancelled'], [waiting.id, 'registered']]))
    const seat = await ctx.db.selectFrom('consultation_meeting_seat').select('taken').where('meeting_id', '=', m.id).executeTakeFirstOrThrow()
    expect(seat.taken).toBe(1)
    expect((await outbox('meeting_seat_offered', [waiting.id])).map((t) => t.userId)).toEqual([waiting.id])
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'account.deleted').where('target_id', '=', she.id).executeTakeFirstOrThrow()
    expect(audit.detail).toMatchObject({ cancelledMeetingRegistrations: 1 })
  })

  it('two registrants deleting their accounts at once give both seats to the two waiting, never more', async () => {
    const c = await community(4)
    const [a, b, x, y] = c.people
    if (!a || !b || !x || !y) throw new Error('four residents')
    const m = await meeting(c.topicId, c.staff.token, 2)
    for (const p of [a, b, x, y]) await register(m.id, p.token)
    const deleted = await Promise.all([a, b].map((p) => ctx.request('/api/v1/me/delete', { method: 'POST', token: p.token, json: { confirm: true } })))
    expect(deleted.map((r) => r.status)).toEqual([200, 200])
    const rows = await ctx.db.selectFrom('consultation_meeting_registration').select(['user_id', 'status']).where('meeting_id', '=', m.id).execute()
    expect(new Map(rows.map((r) => [r.user_id, r.status]))).toEqual(new Map([[a.id, 'cancelled'], [b.id, 'cancelled'], [x.id, 'registered'], [y.id, 'registered']]))
    const seat = await ctx.db.selectFrom('consultation_meeting_seat').select('taken').where('meeting_id', '=', m.id).executeTakeFirstOrThrow()
    expect(seat.taken).toBe(2)
    expect((await outbox('meeting_seat_offered', [x.id, y.id])).map((t) => t.userId).sort()).toEqual([x.id, y.id].sort())
  })
})

describe('下载我的数据', () => {
  it('holds her topics, supports, opinions, meetings and THAT she voted, never what', async () => {
    const c = await community(1)
    const she = c.people[0] ?? (await person(c.communityId, '王秀兰'))
    const other = await community(1)
    await ctx.db.insertInto('consultation_support').values({ topic_id: other.topicId, user_id: she.id }).execute()
    await ctx.db.insertInto('consultation_opinion').values({ topic_id: c.topicId, parent_id: null, author_user_id: she.id, stance: 'support', body: '赞成，早该修了', hidden_reason: null }).execute()
    const m = await meeting(c.topicId, c.staff.token, 5)
    await register(m.id, she.token)
    const OPENS = new Date(NOW.getTime() + HOUR_MS)
    const opened = await ctx.request(`/api/v1/consultation/topics/${c.topicId}/vote`, {
      method: 'POST',
      token: c.staff.token,
      json: { rule: 'resident_meeting', options: [{ label: '同意', adopts: true }, { label: '反对', adopts: false }], opensAt: OPENS.toISOString(), closesAt: new Date(NOW.getTime() + 48 * HOUR_MS).toISOString() },
    })
    expect(opened.status).toBe(201)
    const vote = (await opened.json()) as { id: string; options: { id: string; label: string }[] }
    const against = vote.options.find((o) => o.label === '反对')?.id ?? ''
    ctx.setNow(new Date(OPENS.getTime() + HOUR_MS))
    expect((await ctx.request(`/api/v1/consultation/topics/${c.topicId}/vote/ballots`, { method: 'POST', token: she.token, json: { optionId: against } })).status).toBe(200)

    const res = await ctx.request('/api/v1/me/export', { token: she.token })
    expect(res.status).toBe(200)
    const text = await res.text()
    const data = JSON.parse(text) as { consultation: Record<string, { topicId?: string; title?: string; body?: string; voteId?: string }[]> }
    expect(data.consultation.topicsProposed?.map((t) => t.topicId)).toEqual([c.topicId])
    expect(data.consultation.supports?.map((s) => s.topicId)).toEqual([other.topicId])
    expect(data.consultation.opinions?.map((o) => o.body)).toEqual(['赞成，早该修了'])
    expect(data.consultation.meetingRegistrations).toEqual([expect.objectContaining({ meetingId: m.id, status: 'registered', place: '党群服务中心二楼' })])
    expect(data.consultation.votes).toEqual([{ voteId: vote.id, topicId: c.topicId, topicTitle: '小区东门加装无障碍坡道', voted: true, assisted: false }])
    // Her choice is nowhere in the file: neither the option's id nor its label.
    expect(text).not.toContain(against)
    expect(text).not.toContain('反对')
  })
})
