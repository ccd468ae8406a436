import { escalateOverdue } from '../../bff/src/rating/service'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const MONDAY_LUNCH_END = new Date('2026-11-23T04:30:00Z')
const FAR = new Date('2030-01-01')

let communityId: string
let staff: string
let otherStaff: string
let streetAdmin: string
let otherStreetAdmin: string

async function resident(name = '王秀兰', phone = '13800001111') {
  const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId, name })
  await ctx.db
    .updateTable('app_user')
    .set({ phone_enc: ctx.deps.cipher.encrypt(phone), phone_hash: ctx.deps.cipher.lookupHash(phone) })
    .where('id', '=', user.id)
    .execute()
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** Monday's lunch (11:30–12:30) for the resident, booked at 08:00; the clock then stands at its end. */
async function lunchBooking(serviceId: string, token: string): Promise<string> {
  ctx.setNow(MONDAY_8AM)
  const slots = (await (await ctx.request(`/api/v1/services/${serviceId}/slots`)).json()).items
  const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId: slots[0].id } })).json()
  ctx.setNow(MONDAY_LUNCH_END)
  return booking.id
}

/** The same lunch, served by staff as it ends. */
async function servedBooking(serviceId: string, token: string): Promise<string> {
  const bookingId = await lunchBooking(serviceId, token)
  expect((await ctx.request(`/api/v1/bookings/${bookingId}/serve`, { method: 'POST', token: staff })).status).toBe(200)
  return bookingId
}

function rate(token: string, bookingId: string, body: Record<string, unknown>, key?: string) {
  return ctx.request(`/api/v1/bookings/${bookingId}/rating`, { method: 'POST', token, json: body, headers: key ? { 'idempotency-key': key } : {} })
}

async function code(res: Response) {
  return (await res.json()).error.code
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  const otherStreet = await createStreet(ctx.db, '别的街道')
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const other = await createCommunity(ctx.db, { streetId: street.id })
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
  streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '刘建国', grant: { role: 'street_admin', streetId: street.id } })).id, FAR)
  otherStreetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: otherStreet.id } })).id, FAR)
})

afterEach(() => ctx.setNow(MONDAY_8AM))

describe('rating a served booking (一事一评)', () => {
  it('refuses before serving, by anyone else, twice, with tags that do not fit, and after the window', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const a = await resident()
    const b = await resident('李敏', '13800002222')
    const notServed = await lunchBooking(svc.id, a.token)
    expect(await code(await rate(a.token, notServed, { level: 5 }))).toBe('NOT_RATABLE')
    // Marked served (a row from before the rule, or a slip) but Tuesday's meal has not been eaten yet.
    ctx.setNow(MONDAY_8AM)
    const tuesday = (await (await ctx.request(`/api/v1/services/${svc.id}/slots`)).json()).items[1]
    const early = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: a.token, json: { slotId: tuesday.id } })).json()
    await ctx.db.updateTable('booking').set({ status: 'served', served_at: MONDAY_8AM }).where('id', '=', early.id).execute()
    expect(await code(await rate(a.token, early.id, { level: 5 }))).toBe('NOT_RATABLE')

    const served = await servedBooking(svc.id, b.token)
    expect((await rate(a.token, served, { level: 5 })).status).toBe(404)
    const wrongTags = await rate(b.token, served, { level: 5, tags: ['态度差'] })
    expect(wrongTags.status).toBe(400)
    expect((await wrongTags.json()).error.code).toBe('TAG_NOT_ALLOWED')
    const long = await rate(b.token, served, { level: 5, comment: '好'.repeat(301) })
    expect((await long.json()).error.fields[0].path).toBe('comment')

    const ok = await rate(b.token, served, { level: 4, tags: ['准时', '态度好'], comment: '饭菜热乎' }, 'rate-1')
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ level: 4, levelLabel: '满意', tags: ['准时', '态度好'], case: null, counted: true })
    const replay = await rate(b.token, served, { level: 4, tags: ['准时', '态度好'], comment: '饭菜热乎' }, 'rate-1')
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await code(await rate(b.token, served, { level: 1 }))).toBe('ALREADY_RATED')

    const c = await resident('赵志远', '13800003333')
    const late = await servedBooking(svc.id, c.token)
    ctx.setNow(new Date(MONDAY_8AM.getTime() + 8 * 24 * 3600_000))
    expect(await code(await rate(c.token, late, { level: 3 }))).toBe('RATING_WINDOW_CLOSED')
  })

  it('nobody can change or delete a rating, not even with SQL', async () => {
    const row = await ctx.db.selectFrom('rating').select('id').executeTakeFirstOrThrow()
    await expect(ctx.db.updateTable('rating').set({ level: 1 }).where('id', '=', row.id).execute()).rejects.toThrow(/cannot be changed/)
    await expect(ctx.db.deleteFrom('rating').where('id', '=', row.id).execute()).rejects.toThrow(/cannot be deleted/)
  })
})

describe('差评整改', () => {
  let caseId: string
  let resident1: { id: string; token: string }
  let bookingId: string

  it('opens a case with a deadline of 15 working days, skipping weekends', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '助浴服务' })
    resident1 = await resident('王秀兰', '13800004444')
    bookingId = await servedBooking(svc.id, resident1.token)
    const res = await rate(resident1.token, bookingId, { level: 2, tags: ['等待太久'], comment: '等了四十分钟' })
    const rating = await res.json()
    expect(rating.case).toMatchObject({ status: 'open', overdue: false, escalated: false })
    // Rated Monday 23 November: the 15th working day is Monday 14 December; due by its end (Shanghai).
    expect(rating.case.deadline).toBe('2026-12-14T16:00:00.000Z')
    caseId = rating.case.id
  })

  it('shows the case to its staff with the rater masked but the phone to call back; not to others', async () => {
    const queue = await (await ctx.request('/api/v1/staff/cases', { token: staff })).json()
    const listed = queue.items.find((c: { id: string }) => c.id === caseId)
    expect(listed).toMatchObject({ raterName: '王*兰', raterPhone: '138****4444', serviceName: '助浴服务', comment: '等了四十分钟' })
    const one = await (await ctx.request(`/api/v1/staff/cases/${caseId}`, { token: staff })).json()
    expect(one.raterPhone).toBe('13800004444')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', caseId).execute()
    expect(audit.map((a) => a.action)).toContain('case.viewed')
    expect((await ctx.request(`/api/v1/staff/cases/${caseId}`, { token: otherStaff })).status).toBe(404)
    expect((await ctx.request(`/api/v1/staff/cases/${caseId}`, { token: resident1.token })).status).toBe(403)
  })

  it('records 回访核实, 整改 and 答复 in order, then the resident judges the fix; one reopening', async () => {
    const step = (kind: string, note: string) => ctx.request(`/api/v1/staff/cases/${caseId}/steps`, { method: 'POST', token: staff, json: { kind, note } })
    expect(await code(await step('reply', '已处理'))).toBe('CASE_STEP_OUT_OF_ORDER')
    expect((await step('verify', '电话回访王阿姨，情况属实：护理员迟到')).status).toBe(200)
    expect((await step('rectify', '调整排班，每次提前10分钟到岗')).status).toBe(200)
    const replied = await (await step('reply', '已调整护理员排班，下次准时为您服务')).json()
    expect(replied).toMatchObject({ status: 'replied', reply: '已调整护理员排班，下次准时为您服务' })
    expect(replied.steps.map((s: { kind: string }) => s.kind)).toEqual(['verify', 'rectify', 'reply'])
    expect(replied.steps[0].actorName).toBe('张丽')

    const seen = await (await ctx.request(`/api/v1/bookings/${bookingId}/rating`, { token: resident1.token })).json()
    expect(seen.case.reply).toBe('已调整护理员排班，下次准时为您服务')

    ctx.setNow(new Date('2026-11-27T02:00:00Z'))
    const unhappy = await (await ctx.request(`/api/v1/cases/${caseId}/feedback`, { method: 'POST', token: resident1.token, json: { satisfied: false, note: '还是晚到' } })).json()
    expect(unhappy.case).toMatchObject({ status: 'open', reopened: true })
    // Reopened Friday 27 November: the 15th working day after is Friday 18 December.
    expect(unhappy.case.deadline).toBe('2026-12-18T16:00:00.000Z')
    await step('verify', '再次回访')
    await step('rectify', '更换护理员')
    await step('reply', '已更换护理员')
    const closed = await (await ctx.request(`/api/v1/cases/${caseId}/feedback`, { method: 'POST', token: resident1.token, json: { satisfied: false } })).json()
    expect(closed.case).toMatchObject({ status: 'closed', residentSatisfied: false })
    const again = await ctx.request(`/api/v1/cases/${caseId}/feedback`, { method: 'POST', token: resident1.token, json: { satisfied: true } })
    expect(await code(again)).toBe('CASE_STEP_OUT_OF_ORDER')
  })

  it('escalates overdue cases to the street once, overdue first in the queue', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '日间照料' })
    const r = await resident('孙大爷', '13800005555')
    const b = await servedBooking(svc.id, r.token)
    const rating = await (await rate(r.token, b, { level: 1, tags: ['态度差'] })).json()
    const overdueAt = new Date(new Date(rating.case.deadline).getTime() + 60_000)
    expect(await escalateOverdue(ctx.db, new Date(MONDAY_8AM.getTime() + 3600_000))).toBe(0)
    expect(await escalateOverdue(ctx.db, overdueAt)).toBe(1)
    expect(await escalateOverdue(ctx.db, overdueAt)).toBe(0)
    ctx.setNow(overdueAt)
    const queue = await (await ctx.request('/api/v1/staff/cases', { token: streetAdmin })).json()
    expect(queue.items[0]).toMatchObject({ id: rating.case.id, overdue: true, escalated: true })
    expect(queue.items[0].steps.map((s: { kind: string }) => s.kind)).toContain('escalated')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', rating.case.id).execute()
    expect(audit.map((a) => a.action)).toContain('case.escalated')
  })
})

describe('the resident judges a fix once', () => {
  it('two taps at once: one feedback counts, the other gets a clear 409; the feedback is audited', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '上门助洁' })
    const r = await resident('韩秀梅', '13800006666')
    const b = await servedBooking(svc.id, r.token)
    const booking = async () => (await ctx.request(`/api/v1/bookings/${b}`, { token: r.token })).json()
    expect((await booking()).rated).toBe(false)
    const rated = await (await rate(r.token, b, { level: 2, tags: ['态度差'] })).json()
    // Rating tells booking, in the rating's transaction: 评价 is offered once.
    expect((await booking()).rated).toBe(true)
    const caseId = rated.case.id
    for (const [kind, note] of [['verify', '电话回访'], ['rectify', '批评教育'], ['reply', '已整改，向您致歉']]) {
      expect((await ctx.request(`/api/v1/staff/cases/${caseId}/steps`, { method: 'POST', token: staff, json: { kind, note } })).status).toBe(200)
    }
    const tap = () => ctx.request(`/api/v1/cases/${caseId}/feedback`, { method: 'POST', token: r.token, json: { satisfied: true } })
    const answers = await Promise.all([tap(), tap()])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    const refused = answers.find((a) => a.status === 409)
    expect((await refused?.json()).error).toMatchObject({ code: 'CASE_STEP_OUT_OF_ORDER', message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
    const steps = await ctx.db.selectFrom('case_step').select('kind').where('case_id', '=', caseId).where('kind', '=', 'resident_feedback').execute()
    expect(steps).toHaveLength(1)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', caseId).where('action', '=', 'case.resident_feedback').execute()
    expect(audit).toEqual([{ action: 'case.resident_feedback', actor_user_id: r.id }])
  })
})

describe('appeals and published satisfaction', () => {
  it('computes the month’s figures by hand, ranks services with enough ratings, and an upheld appeal leaves the statistics', async () => {
    const meal = await createBookableService(ctx.db, { communityId, name: '老年助餐·午餐' })
    const legal = await createBookableService(ctx.db, { communityId, name: '法律咨询', category: 'legal' })
    const levels = [5, 4, 3, 2, 1, 5]
    const ratingIds: string[] = []
    for (const [i, level] of levels.entries()) {
      const r = await resident(`居民${i}`, `1390000${String(i).padStart(4, '0')}`)
      const b = await servedBooking(meal.id, r.token)
      ratingIds.push((await (await rate(r.token, b, { level })).json()).id)
    }
    for (const [i, level] of [5, 2].entries()) {
      const r = await resident(`咨询人${i}`, `1370000${String(i).padStart(4, '0')}`)
      const b = await servedBooking(legal.id, r.token)
      await rate(r.token, b, { level })
    }
    const month = '2026-11'
    const before = await (await ctx.request(`/api/v1/communities/${communityId}/satisfaction?month=${month}`)).json()
    const mealBefore = before.services.find((s: { serviceName: string }) => s.serviceName === '老年助餐·午餐')
    expect(mealBefore).toMatchObject({ ratings: 6, rank: 1 })
    expect(mealBefore.satisfactionRate).toBeCloseTo(4 / 6, 10)
    expect(mealBefore.poorShare).toBeCloseTo(2 / 6, 10)
    const legalBefore = before.services.find((s: { serviceName: string }) => s.serviceName === '法律咨询')
    expect(legalBefore).toMatchObject({ ratings: 2, rank: null, satisfactionRate: 0.5 })
    expect(before.minRatingsToRank).toBe(5)

    // Appeal the 非常不满意 meal rating as malicious.
    const malicious = ratingIds[4] ?? ''
    const filed = await ctx.request(`/api/v1/ratings/${malicious}/appeals`, { method: 'POST', token: staff, json: { reason: '评价人当天并未到场用餐，监控可证' } })
    expect(filed.status).toBe(201)
    const appeal = await filed.json()
    expect(await code(await ctx.request(`/api/v1/ratings/${malicious}/appeals`, { method: 'POST', token: staff, json: { reason: '再次申诉一下下' } }))).toBe('APPEAL_EXISTS')
    expect((await ctx.request(`/api/v1/staff/appeals/${appeal.id}/decision`, { method: 'POST', token: staff, json: { upheld: true, note: 'x' } })).status).toBe(403)
    expect((await ctx.request(`/api/v1/staff/appeals/${appeal.id}/decision`, { method: 'POST', token: otherStreetAdmin, json: { upheld: true, note: 'x' } })).status).toBe(404)
    const pending = await (await ctx.request('/api/v1/staff/appeals', { token: streetAdmin })).json()
    expect(pending.items.map((a: { id: string }) => a.id)).toContain(appeal.id)
    const decided = await ctx.request(`/api/v1/staff/appeals/${appeal.id}/decision`, { method: 'POST', token: streetAdmin, json: { upheld: true, note: '核实属实，该评价不计入统计' } })
    expect((await decided.json()).status).toBe('upheld')

    const after = await (await ctx.request(`/api/v1/communities/${communityId}/satisfaction?month=${month}`)).json()
    const mealAfter = after.services.find((s: { serviceName: string }) => s.serviceName === '老年助餐·午餐')
    expect(mealAfter.ratings).toBe(5)
    expect(mealAfter.satisfactionRate).toBeCloseTo(4 / 5, 10)
    expect(mealAfter.poorShare).toBeCloseTo(1 / 5, 10)
    // The rating stays on record.
    expect(await ctx.db.selectFrom('rating').select('counted').where('id', '=', malicious).executeTakeFirstOrThrow()).toEqual({ counted: false })
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', malicious).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['appeal.filed', 'appeal.upheld'])

    // The catalogue shows each service's rate and count.
    const detail = await (await ctx.request(`/api/v1/services/${meal.id}`)).json()
    expect(detail.satisfaction).toEqual({ ratings: 5, rate: 0.8 })

    // Dashboard for staff; the street admin sees the street with each community.
    const board = await (await ctx.request(`/api/v1/staff/dashboard?communityId=${communityId}&months=3`, { token: staff })).json()
    expect(board.trend.map((t: { month: string }) => t.month)).toEqual(['2026-09', '2026-10', '2026-11'])
    expect(board.trend[2].ratings).toBeGreaterThanOrEqual(7)
    const streetBoard = await (await ctx.request('/api/v1/staff/dashboard?months=3', { token: streetAdmin })).json()
    expect(streetBoard.scope).toBe('street')
    expect(streetBoard.byCommunity.map((c: { name: string }) => c.name)).toContain('桂花社区')
    expect((await ctx.request(`/api/v1/staff/dashboard?communityId=${communityId}`, { token: otherStaff })).status).toBe(403)
  })

  it('counts rectification and on-time rates', async () => {
    const sat = await (await ctx.request(`/api/v1/communities/${communityId}/satisfaction?month=2026-11`)).json()
    expect(sat.cases.total).toBeGreaterThanOrEqual(3)
    expect(sat.cases.replied).toBeGreaterThanOrEqual(1)
    expect(sat.cases.rectificationRate).toBeCloseTo(sat.cases.replied / sat.cases.total, 10)
    expect(sat.cases.onTimeRate).toBe(1)
  })
})
