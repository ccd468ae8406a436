import { seedDemoVolunteerActivities } from '../../bff/src/demo/volunteer-activities'
import { TEST_CIPHER, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createActivity, createVolunteer } from '../support/volunteer'

/** 志愿活动与班次 (issue 12 item 2): publishing what GB/T 40143 asks, listing, changing, cancelling. */

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 3600_000
/** 10:00 in Shanghai on 1 December. */
const NOW = new Date('2026-12-01T02:00:00Z')
const DATE = '2026-12-05'

interface Shift {
  id: string
  role: string
  startsAtLocal: { date: string; time: string }
  deadlineLocal: { date: string; time: string }
  capacity: number
  seatsLeft: number
  waitlisted: number
  open: boolean
  mine: null | { status: string; waitlistPosition: number | null }
}
interface Activity {
  id: string
  kind: string
  status: string
  title: string
  place: string
  risky: boolean
  insurance: string | null
  headcount: number
  categoryLabel: string
  requiredSkillLabels: string[]
  canOrganise: boolean
  cancelReason: string | null
  shifts: Shift[]
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function community() {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  return { communityId, staffId: staffUser.id, staff: await sessionFor(ctx.db, staffUser.id, FAR) }
}

/** A team of the community whose leader is a registered volunteer. */
async function team(communityId: string) {
  const leader = await createVolunteer(ctx.db, { communityId, name: '王队长' })
  const t = await ctx.db.insertInto('volunteer_team').values({ community_id: communityId, name: `桂花志愿服务队${Math.random()}`, created_by: leader.user.id }).returning('id').executeTakeFirstOrThrow()
  await ctx.db.insertInto('volunteer_team_member').values({ team_id: t.id, user_id: leader.user.id, role: 'leader' }).execute()
  return { teamId: t.id, leader }
}

function input(communityId: string, extra: Record<string, unknown> = {}) {
  return {
    communityId,
    title: '垃圾分类桶边引导',
    content: '早晚投放高峰在桶边引导居民分类投放。',
    category: 'environment',
    place: '桂花苑 3 号投放点',
    howToSignUp: '在“邻里”小程序报名',
    shifts: [
      { role: '引导员', date: DATE, startTime: '07:00', endTime: '09:00', seats: 3 },
      { role: '引导员', date: DATE, startTime: '18:00', endTime: '20:00', seats: 2, deadline: { date: DATE, time: '12:00' } },
    ],
    ...extra,
  }
}

function publish(token: string, json: Record<string, unknown>, key?: string) {
  return ctx.request('/api/v1/volunteer/activities', { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

async function publishOk(token: string, json: Record<string, unknown>): Promise<Activity> {
  const res = await publish(token, json)
  expect(res.status).toBe(201)
  return (await res.json()) as Activity
}

async function read(activityId: string, token: string): Promise<Activity> {
  const res = await ctx.request(`/api/v1/volunteer/activities/${activityId}`, { token })
  expect(res.status).toBe(200)
  return (await res.json()) as Activity
}

async function activityCount(communityId: string) {
  return (await ctx.db.selectFrom('volunteer_activity').select('id').where('community_id', '=', communityId).execute()).length
}

async function audits(targetId: string) {
  return (await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', targetId).orderBy('id').execute()).map((a) => a.action)
}

async function outbox(kind: string, userIds: readonly string[]) {
  return ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).where('user_id', 'in', userIds).execute()
}

function signUp(shiftId: string, token: string) {
  return ctx.request(`/api/v1/volunteer/shifts/${shiftId}/signup`, { method: 'POST', token, json: {} })
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('publishing an activity', () => {
  it('is for staff of the community or a leader of its team, with every GB/T 40143 field, on the community clock, audited', async () => {
    const c = await community()
    const other = await community()
    const { teamId, leader } = await team(c.communityId)
    const member = await createVolunteer(ctx.db, { communityId: c.communityId })
    expect(await errorCode(await publish(other.staff, input(c.communityId)))).toBe('VOLUNTEER_NOT_ORGANISER')
    expect(await errorCode(await publish(member.token, input(c.communityId)))).toBe('VOLUNTEER_NOT_ORGANISER')
    expect(await errorCode(await publish(member.token, input(c.communityId, { teamId })))).toBe('VOLUNTEER_NOT_ORGANISER')
    expect(await errorCode(await publish(other.staff, input(other.communityId, { teamId })))).toBe('VOLUNTEER_TEAM_NOT_FOUND')
    expect(await activityCount(c.communityId)).toBe(0)

    const byStaff = await publishOk(c.staff, input(c.communityId, { requiredSkills: ['environment'], training: '参加 30 分钟分类知识培训' }))
    expect(byStaff).toMatchObject({ status: 'published', headcount: 5, categoryLabel: '环保', requiredSkillLabels: ['环保'], canOrganise: true })
    expect(byStaff.shifts.map((s) => [s.startsAtLocal, s.deadlineLocal, s.seatsLeft])).toEqual([
      [{ date: DATE, time: '07:00' }, { date: DATE, time: '07:00' }, 3],
      [{ date: DATE, time: '18:00' }, { date: DATE, time: '12:00' }, 2],
    ])
    expect(await audits(byStaff.id)).toEqual(['volunteer.activity_published'])
    const byLeader = await publishOk(leader.token, input(c.communityId, { teamId, title: '助老上门探访' }))
    expect(byLeader.canOrganise).toBe(true)
    expect((await read(byLeader.id, member.token)).canOrganise).toBe(false)
  })

  it('refuses bad input with coded Chinese errors and records nothing', async () => {
    const c = await community()
    const bad = [
      input(c.communityId, { title: '' }),
      input(c.communityId, { shifts: [] }),
      input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '09:00', endTime: '08:00', seats: 1 }] }),
      input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '08:00', seats: 0 }] }),
      input(c.communityId, { minAge: 10 }),
      input(c.communityId, { category: 'cooking' }),
    ]
    for (const json of bad) {
      const res = await publish(c.staff, json)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string; message: string } }).error.code).toBe('VALIDATION_FAILED')
    }
    expect(await errorCode(await publish(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: '2026-11-30', startTime: '07:00', endTime: '08:00', seats: 1 }] })))).toBe('VOLUNTEER_SHIFT_IN_PAST')
    expect(
      await errorCode(await publish(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '08:00', seats: 1, deadline: { date: DATE, time: '08:00' } }] }))),
    ).toBe('VOLUNTEER_SHIFT_DEADLINE_INVALID')
    expect(await activityCount(c.communityId)).toBe(0)
  })

  it('refuses a risky activity without accident insurance (409, the table holds it too); a draft may wait for it', async () => {
    const c = await community()
    const res = await publish(c.staff, input(c.communityId, { risky: true, risks: '消防器材操作有受伤风险' }))
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'VOLUNTEER_ACTIVITY_UNINSURED', message: '有风险的活动须先安排意外保险，才能发布' })
    expect(await activityCount(c.communityId)).toBe(0)
    const draft = await publishOk(c.staff, input(c.communityId, { risky: true, publish: false }))
    expect(draft.status).toBe('draft')
    const publishDraft = () => ctx.request(`/api/v1/volunteer/activities/${draft.id}/publish`, { method: 'POST', token: c.staff })
    expect(await errorCode(await publishDraft())).toBe('VOLUNTEER_ACTIVITY_UNINSURED')
    await expect(ctx.db.updateTable('volunteer_activity').set({ status: 'published' }).where('id', '=', draft.id).execute()).rejects.toThrow(/volunteer_activity_insured/)
    await ctx.db.updateTable('volunteer_activity').set({ insurance: '人保志愿者意外险，每人 10 万元' }).where('id', '=', draft.id).execute()
    expect((await publishDraft()).status).toBe(200)
    expect(await errorCode(await publishDraft())).toBe('VOLUNTEER_ACTIVITY_NOT_DRAFT')
    expect(await audits(draft.id)).toEqual(['volunteer.activity_drafted', 'volunteer.activity_published'])
    const insured = await publishOk(c.staff, input(c.communityId, { risky: true, insurance: '平安团体意外险' }))
    expect(insured).toMatchObject({ status: 'published', risky: true, insurance: '平安团体意外险' })
  })

  it('answers a retried publish with the same activity for the same Idempotency-Key', async () => {
    const c = await community()
    const [a, b] = [await publish(c.staff, input(c.communityId), 'pub-1'), await publish(c.staff, input(c.communityId), 'pub-1')]
    expect(a.status).toBe(201)
    expect(((await b.json()) as Activity).id).toBe(((await a.json()) as Activity).id)
    expect(await activityCount(c.communityId)).toBe(1)
  })
})

describe('reading activities', () => {
  it('lists published upcoming activities and service slots of her community, soonest first, by category, page by page; drafts and help requests not', async () => {
    const c = await community()
    const v = await createVolunteer(ctx.db, { communityId: c.communityId })
    const at = (day: number, hour: number) => new Date(Date.UTC(2026, 11, day, hour - 8))
    const mk = (title: string, day: number, extra: Record<string, unknown> = {}) =>
      createActivity(ctx.db, { communityId: c.communityId, createdBy: c.staffId, title, shifts: [{ startsAt: at(day, 9), endsAt: at(day, 11), capacity: 2 }], ...extra })
    const later = await mk('课后作业辅导', 9, { category: 'tutoring' })
    const soon = await mk('助老上门探访', 3)
    const slot = await mk('助餐送餐', 4, { kind: 'service_slot' })
    const help = await mk('陪同就医', 2, { kind: 'help_request' })
    const past = await mk('上周的活动', 1)
    await ctx.db.updateTable('volunteer_shift').set({ starts_at: new Date(NOW.getTime() - 2 * HOUR_MS), ends_at: new Date(NOW.getTime() - HOUR_MS) }).where('activity_id', '=', past.activity.id).execute()
    const draft = await mk('草稿活动', 5)
    await ctx.db.updateTable('volunteer_activity').set({ status: 'draft' }).where('id', '=', draft.activity.id).execute()

    const list = async (query: string) => {
      const res = await ctx.request(`/api/v1/volunteer/activities${query}`, { token: v.token })
      expect(res.status).toBe(200)
      return (await res.json()) as { items: { id: string; title: string; firstStartsAtLocal: { date: string } }[]; nextCursor: string | null }
    }
    const all = await list('')
    expect(all.items.map((a) => a.id)).toEqual([soon.activity.id, slot.activity.id, later.activity.id])
    expect(all.items[0]?.firstStartsAtLocal).toEqual({ date: '2026-12-03', time: '09:00' })
    expect((await list('?category=tutoring')).items.map((a) => a.id)).toEqual([later.activity.id])
    const first = await list('?limit=2')
    expect(first.items.map((a) => a.id)).toEqual([soon.activity.id, slot.activity.id])
    const second = await list(`?limit=2&cursor=${first.nextCursor}`)
    expect(second.items.map((a) => a.id)).toEqual([later.activity.id])
    expect(second.nextCursor).toBeNull()
    expect((await ctx.request('/api/v1/volunteer/activities?cursor=forged', { token: v.token })).status).toBe(400)
    // A draft is its organisers' alone.
    expect((await ctx.request(`/api/v1/volunteer/activities/${draft.activity.id}`, { token: v.token })).status).toBe(404)
    expect((await read(draft.activity.id, c.staff)).status).toBe('draft')
    // A help request's shift (its place may be an elder's home) is its organisers' and its volunteer's.
    expect((await ctx.request(`/api/v1/volunteer/activities/${help.activity.id}`, { token: v.token })).status).toBe(404)
    expect((await ctx.request(`/api/v1/volunteer/activities/${help.activity.id}`)).status).toBe(404)
    expect((await read(help.activity.id, c.staff)).kind).toBe('help_request')
  })
})

describe('changing and cancelling', () => {
  it('moves a shift or the place before it starts and tells those signed up; not after it started', async () => {
    const c = await community()
    const a = await publishOk(c.staff, input(c.communityId))
    const [morning, evening] = a.shifts as [Shift, Shift]
    const v1 = await createVolunteer(ctx.db, { communityId: c.communityId })
    const v2 = await createVolunteer(ctx.db, { communityId: c.communityId })
    expect((await signUp(morning.id, v1.token)).status).toBe(201)
    expect((await signUp(evening.id, v2.token)).status).toBe(201)
    const change = (token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/volunteer/activities/${a.id}/schedule`, { method: 'PUT', token, json })
    expect(await errorCode(await change(v1.token, { place: '别处' }))).toBe('VOLUNTEER_NOT_ORGANISER')
    const res = await change(c.staff, { place: a.place, shifts: [{ shiftId: morning.id, date: DATE, startTime: '08:00', endTime: '10:00' }] })
    expect(res.status).toBe(200)
    const moved = (await res.json()) as Activity
    expect(moved.shifts[0]?.startsAtLocal).toEqual({ date: DATE, time: '08:00' })
    expect(moved.shifts[0]?.deadlineLocal).toEqual({ date: DATE, time: '08:00' })
    const told = await outbox('activity_changed', [v1.user.id, v2.user.id])
    expect(told.map((m) => m.user_id)).toEqual([v1.user.id])
    expect(told[0]?.payload).toMatchObject({ activityId: a.id, detail: `改为 垃圾分类桶边引导（引导员）：${DATE} 08:00，桂花苑 3 号投放点` })
    expect((await change(c.staff, { place: '桂花苑 5 号投放点' })).status).toBe(200)
    expect((await outbox('activity_changed', [v1.user.id, v2.user.id])).length).toBe(3)
    expect(await audits(a.id)).toEqual(['volunteer.activity_published', 'volunteer.activity_changed', 'volunteer.activity_changed'])
    await ctx.withNow(new Date('2026-12-05T00:30:00Z'), async () => {
      expect(await errorCode(await change(c.staff, { place: '桂花苑 5 号投放点', shifts: [{ shiftId: morning.id, date: DATE, startTime: '09:00', endTime: '10:00' }] }))).toBe('VOLUNTEER_SHIFT_STARTED')
    })
  })

  it('more seats go to those waiting, first come first seated and told; fewer never below those signed up', async () => {
    const c = await community()
    const a = await publishOk(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '09:00', seats: 1 }] }))
    const shift = a.shifts[0] as Shift
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => createVolunteer(ctx.db, { communityId: c.communityId })))
    for (const v of [first, second, third]) expect((await signUp(shift.id, v!.token)).status).toBe(201)
    const seats = (n: number, token = c.staff) =>
      ctx.request(`/api/v1/volunteer/activities/${a.id}/schedule`, { method: 'PUT', token, json: { place: a.place, shifts: [{ shiftId: shift.id, date: DATE, startTime: '07:00', endTime: '09:00', seats: n }] } })
    expect(await errorCode(await seats(0))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await seats(2, first!.token))).toBe('VOLUNTEER_NOT_ORGANISER')

    const raised = await seats(2)
    expect(raised.status).toBe(200)
    const after = (await raised.json()) as Activity
    expect(after.headcount).toBe(2)
    expect(after.shifts[0]).toMatchObject({ capacity: 2, seatsLeft: 0, waitlisted: 1 })
    const statusOf = async (userId: string) => (await ctx.db.selectFrom('volunteer_signup').select('status').where('shift_id', '=', shift.id).where('user_id', '=', userId).executeTakeFirstOrThrow()).status
    expect([await statusOf(first!.user.id), await statusOf(second!.user.id), await statusOf(third!.user.id)]).toEqual(['signed_up', 'signed_up', 'waitlisted'])
    expect((await outbox('shift_seat_offered', [first!.user.id, second!.user.id, third!.user.id])).map((m) => m.user_id)).toEqual([second!.user.id])
    expect(await outbox('activity_changed', [first!.user.id, second!.user.id, third!.user.id])).toEqual([])

    const lowered = await seats(1)
    expect(lowered.status).toBe(409)
    expect((await lowered.json()).error).toMatchObject({ code: 'VOLUNTEER_SEATS_BELOW_TAKEN', message: '已有 2 人报名，名额不能少于 2 人' })
    expect((await read(a.id, c.staff)).shifts[0]).toMatchObject({ capacity: 2, seatsLeft: 0 })
    expect(await audits(a.id)).toEqual(['volunteer.activity_published', 'volunteer.activity_changed'])
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('target_id', '=', a.id).where('action', '=', 'volunteer.activity_changed').executeTakeFirstOrThrow()
    expect(audit.detail).toMatchObject({ seats: [{ shiftId: shift.id, from: 1, to: 2 }] })

    // Moved and given a seat in one save: the one seated is told once, with the new time and place.
    expect((await seats(2)).status).toBe(200)
    const both = await ctx.request(`/api/v1/volunteer/activities/${a.id}/schedule`, {
      method: 'PUT',
      token: c.staff,
      json: { place: '桂花苑 5 号投放点', shifts: [{ shiftId: shift.id, date: DATE, startTime: '08:00', endTime: '10:00', seats: 3 }] },
    })
    expect(both.status).toBe(200)
    const offered = await outbox('shift_seat_offered', [third!.user.id])
    expect(offered.map((m) => m.payload)).toEqual([expect.objectContaining({ detail: `垃圾分类桶边引导（引导员）：${DATE} 08:00，桂花苑 5 号投放点` })])
    expect((await outbox('activity_changed', [third!.user.id])).length).toBe(0)
    expect((await outbox('activity_changed', [first!.user.id, second!.user.id])).length).toBe(2)
    // Past the sign-up deadline the seats stay as they are (nobody could cancel one given then).
    const later = await publishOk(c.staff, input(c.communityId))
    const evening = later.shifts[1] as Shift
    await ctx.withNow(new Date('2026-12-05T05:00:00Z'), async () => {
      const res = await ctx.request(`/api/v1/volunteer/activities/${later.id}/schedule`, {
        method: 'PUT',
        token: c.staff,
        json: { place: later.place, shifts: [{ shiftId: evening.id, date: DATE, startTime: '18:00', endTime: '20:00', seats: 4 }] },
      })
      expect(await errorCode(res)).toBe('VOLUNTEER_SEATS_AFTER_DEADLINE')
    })
  })

  it('raising seats while volunteers sign up at once never seats more than the seats', async () => {
    const c = await community()
    const a = await publishOk(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '09:00', seats: 2 }] }))
    const shift = a.shifts[0] as Shift
    const volunteers = await Promise.all(Array.from({ length: 12 }, () => createVolunteer(ctx.db, { communityId: c.communityId })))
    const raise = ctx.request(`/api/v1/volunteer/activities/${a.id}/schedule`, { method: 'PUT', token: c.staff, json: { place: a.place, shifts: [{ shiftId: shift.id, date: DATE, startTime: '07:00', endTime: '09:00', seats: 6 }] } })
    const answers = await Promise.all([raise, ...volunteers.map((v) => signUp(shift.id, v.token))])
    expect(answers.map((r) => r.status)).toEqual([200, ...volunteers.map(() => 201)])
    const rows = await ctx.db.selectFrom('volunteer_signup').select('status').where('shift_id', '=', shift.id).execute()
    const row = await ctx.db.selectFrom('volunteer_shift').select(['taken', 'capacity']).where('id', '=', shift.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ taken: 6, capacity: 6 })
    expect(rows.filter((r) => r.status === 'signed_up')).toHaveLength(6)
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(6)
  })

  it('cancels with a reason: every sign-up cancelled, seats emptied, everyone told, audited; sign-ups refused after', async () => {
    const c = await community()
    const a = await publishOk(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '09:00', seats: 1 }] }))
    const shift = a.shifts[0] as Shift
    const seated = await createVolunteer(ctx.db, { communityId: c.communityId })
    const waiting = await createVolunteer(ctx.db, { communityId: c.communityId })
    expect((await signUp(shift.id, seated.token)).status).toBe(201)
    expect((await signUp(shift.id, waiting.token)).status).toBe(201)
    const cancel = (json: Record<string, unknown>) => ctx.request(`/api/v1/volunteer/activities/${a.id}/cancel`, { method: 'POST', token: c.staff, json })
    expect(await errorCode(await cancel({ reason: '' }))).toBe('VALIDATION_FAILED')
    const res = await cancel({ reason: '暴雨预警' })
    expect(res.status).toBe(200)
    const cancelled = (await res.json()) as Activity
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '暴雨预警' })
    expect(cancelled.shifts[0]).toMatchObject({ seatsLeft: 1, waitlisted: 0, open: false })
    const rows = await ctx.db.selectFrom('volunteer_signup').select('status').where('shift_id', '=', shift.id).execute()
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled'])
    const told = await outbox('activity_cancelled', [seated.user.id, waiting.user.id])
    expect(told.length).toBe(2)
    expect(told[0]?.payload).toMatchObject({ detail: expect.stringContaining('原因：暴雨预警') })
    expect(await errorCode(await cancel({ reason: '再取消' }))).toBe('VOLUNTEER_ACTIVITY_CANCELLED')
    const late = await createVolunteer(ctx.db, { communityId: c.communityId })
    expect(await errorCode(await signUp(shift.id, late.token))).toBe('VOLUNTEER_ACTIVITY_NOT_OPEN')
    expect(await audits(a.id)).toEqual(['volunteer.activity_published', 'volunteer.activity_cancelled'])
  })

  it('leaves no open sign-up in an activity cancelled while volunteers sign up', async () => {
    const c = await community()
    const a = await publishOk(c.staff, input(c.communityId, { shifts: [{ role: '引导员', date: DATE, startTime: '07:00', endTime: '09:00', seats: 5 }] }))
    const shift = a.shifts[0] as Shift
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => createVolunteer(ctx.db, { communityId: c.communityId, birthDate: `1980-03-${String(i + 1).padStart(2, '0')}` })))
    const answers = await Promise.all([
      ...people.map((p) => signUp(shift.id, p.token).then((r) => r.status)),
      ctx.request(`/api/v1/volunteer/activities/${a.id}/cancel`, { method: 'POST', token: c.staff, json: { reason: '暴雨预警' } }).then((r) => r.status),
    ])
    expect(answers.every((status) => status === 200 || status === 201 || status === 409)).toBe(true)
    const rows = await ctx.db.selectFrom('volunteer_signup').select(['status', 'user_id']).where('shift_id', '=', shift.id).execute()
    expect(rows.filter((r) => r.status !== 'cancelled')).toEqual([])
    const seats = await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', shift.id).executeTakeFirstOrThrow()
    expect(seats.taken).toBe(0)
  })
})

describe('demo data', () => {
  it('publishes five upcoming activities in the elder’s community, the first shift full with a waitlist; loading twice adds nothing', async () => {
    const c = await community()
    const elder = await createUser(ctx.db, { communityId: c.communityId })
    await ctx.db.updateTable('app_user').set({ demo_persona: 'staff' }).where('id', '=', c.staffId).execute()
    await ctx.db.updateTable('app_user').set({ demo_persona: 'elder' }).where('id', '=', elder.id).execute()
    for (let i = 0; i < 3; i++) await createVolunteer(ctx.db, { communityId: c.communityId, birthDate: `198${i}-02-0${i + 1}` })
    await seedDemoVolunteerActivities(ctx.db, TEST_CIPHER, NOW)
    await seedDemoVolunteerActivities(ctx.db, TEST_CIPHER, NOW)
    const list = (await (await ctx.request(`/api/v1/volunteer/activities?communityId=${c.communityId}`)).json()) as { items: { id: string; title: string; risky: boolean }[] }
    expect(list.items.length).toBe(5)
    expect(list.items.filter((a) => a.risky).map((a) => a.title)).toEqual(['社区应急疏散与灭火演练'])
    const visits = list.items.find((a) => a.title === '关爱独居老人上门探访')
    const detail = await read(visits?.id ?? '', c.staff)
    expect(detail.shifts[0]).toMatchObject({ capacity: 2, seatsLeft: 0, waitlisted: 1 })
    const drill = await read(list.items.find((a) => a.risky)?.id ?? '', c.staff)
    expect(drill.insurance).toContain('意外险')
  })
})
