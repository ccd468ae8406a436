import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * The BFF sends every instant a page shows also as `{ date, time }` on the community's clock, and
 * "today" on the server's clock, so that the mini-program does no time-zone arithmetic
 * (docs/decisions/014-local-time-on-the-wire.md).
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
// Wednesday 30 December 2026, 08:00 in Shanghai: 1 January 2027 is within a week's booking window.
const DEC_30_8AM = new Date('2026-12-30T00:00:00Z')
// Midnight at the start of 1 January 2027 in Shanghai.
const NEW_YEAR_SHANGHAI = '2026-12-31T16:00:00.000Z'

afterEach(() => ctx.setNow(null))

async function communityWithPeople(timezone?: string) {
  const street = await createStreet(ctx.db, `街道${timezone ?? ''}`)
  const community = await createCommunity(ctx.db, { streetId: street.id, timezone })
  const staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: community.id } })).id, FAR)
  const resident = await createUser(ctx.db, { birthDate: '1950-05-05', communityId: community.id, name: '王秀兰' })
  return { communityId: community.id, staff, resident: { id: resident.id, token: await sessionFor(ctx.db, resident.id, FAR) } }
}

type People = Awaited<ReturnType<typeof communityWithPeople>>

/** Books the 11:30 lunch of 1 January 2027 (local) in the community, cancellable as `cancel` says. */
async function bookNewYearLunch(people: People, cancel: { cancelByLocalTime?: string; cancelBeforeMinutes?: number }) {
  const service = await createBookableService(ctx.db, { communityId: people.communityId, ...cancel })
  const slots = await (await ctx.request(`/api/v1/services/${service.id}/slots?from=2027-01-01&days=1`)).json()
  expect(slots.items[0].time).toBe('11:30–12:30')
  const res = await ctx.request('/api/v1/bookings', { method: 'POST', token: people.resident.token, json: { slotId: slots.items[0].id } })
  expect(res.status).toBe(201)
  return res.json()
}

describe('instants on the community clock', () => {
  it('a cancel deadline of 2026-12-31T16:00Z reads 2027-01-01 00:00 in Shanghai, in every booking view', async () => {
    ctx.setNow(DEC_30_8AM)
    const people = await communityWithPeople()
    const booked = await bookNewYearLunch(people, { cancelByLocalTime: '00:00' })
    expect(booked.cancelDeadline).toBe(NEW_YEAR_SHANGHAI)
    expect(booked.cancelDeadlineLocal).toEqual({ date: '2027-01-01', time: '00:00' })

    const detail = await (await ctx.request(`/api/v1/bookings/${booked.id}`, { token: people.resident.token })).json()
    expect(detail.cancelDeadlineLocal).toEqual({ date: '2027-01-01', time: '00:00' })
    const mine = await (await ctx.request('/api/v1/me/bookings', { token: people.resident.token })).json()
    expect(mine.items.map((b: { cancelDeadlineLocal: unknown }) => b.cancelDeadlineLocal)).toEqual([{ date: '2027-01-01', time: '00:00' }])
  })

  it('a community in another zone reads its own clock: two hours before 11:30 in New York is 09:30 there', async () => {
    ctx.setNow(DEC_30_8AM)
    const people = await communityWithPeople('America/New_York')
    const booked = await bookNewYearLunch(people, { cancelBeforeMinutes: 120 })
    expect(booked.startsAt).toBe('2027-01-01T16:30:00.000Z')
    expect(booked.cancelDeadline).toBe('2027-01-01T14:30:00.000Z')
    // Shanghai's clock would read 2027-01-01 22:30.
    expect(booked.cancelDeadlineLocal).toEqual({ date: '2027-01-01', time: '09:30' })
  })

  it('a finished booking has no cancel deadline, in either form', async () => {
    ctx.setNow(DEC_30_8AM)
    const people = await communityWithPeople()
    const booked = await bookNewYearLunch(people, { cancelByLocalTime: '00:00' })
    const cancelled = await (await ctx.request(`/api/v1/bookings/${booked.id}/cancel`, { method: 'POST', token: people.resident.token, json: { reason: '家里有事' } })).json()
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.cancelDeadline).toBeNull()
    expect(cancelled.cancelDeadlineLocal).toBeNull()
  })

  it('a suspension ends on the clock of the community that imposed it, for the resident and for staff', async () => {
    ctx.setNow(DEC_30_8AM)
    const shanghai = await communityWithPeople()
    const newYork = await communityWithPeople('America/New_York')
    for (const people of [shanghai, newYork]) {
      await ctx.db
        .insertInto('no_show_suspension')
        .values({ community_id: people.communityId, user_id: people.resident.id, category_id: 'elder_care', until: new Date(NEW_YEAR_SHANGHAI), reason: '30天内3次预约未到场', lifted_at: null, lifted_by: null })
        .execute()
    }
    const mine = await (await ctx.request('/api/v1/me/suspensions', { token: shanghai.resident.token })).json()
    expect(mine.items.map((s: { untilLocal: unknown }) => s.untilLocal)).toEqual([{ date: '2027-01-01', time: '00:00' }])
    const staffView = await (await ctx.request(`/api/v1/staff/suspensions?communityId=${newYork.communityId}`, { token: newYork.staff })).json()
    expect(staffView.items.map((s: { untilLocal: unknown }) => s.untilLocal)).toEqual([{ date: '2026-12-31', time: '11:00' }])
    const theirs = await (await ctx.request('/api/v1/me/suspensions', { token: newYork.resident.token })).json()
    expect(theirs.items.map((s: { untilLocal: unknown }) => s.untilLocal)).toEqual([{ date: '2026-12-31', time: '11:00' }])
  })

  it('a message in 我的消息 shows when it was sent on the clock of the community it is about', async () => {
    ctx.setNow(DEC_30_8AM)
    for (const [timezone, expected] of [
      [undefined, { date: '2027-01-01', time: '00:00' }],
      ['America/New_York', { date: '2026-12-31', time: '11:00' }],
    ] as const) {
      const people = await communityWithPeople(timezone)
      const booked = await bookNewYearLunch(people, { cancelByLocalTime: '00:00' })
      const res = await ctx.request(`/api/v1/bookings/${booked.id}/staff-cancel`, { method: 'POST', token: people.staff, json: { reason: '厨房检修' } })
      expect(res.status).toBe(200)
      // The row's time is the database's clock; pin it to the instant under test.
      await ctx.db.updateTable('inbox_message').set({ created_at: new Date(NEW_YEAR_SHANGHAI) }).where('user_id', '=', people.resident.id).execute()

      const inbox = await (await ctx.request('/api/v1/me/messages', { token: people.resident.token })).json()
      expect(inbox.items.map((m: { createdAt: string; createdAtLocal: unknown }) => [m.createdAt, m.createdAtLocal])).toEqual([[NEW_YEAR_SHANGHAI, expected]])
      const read = await (await ctx.request(`/api/v1/me/messages/${inbox.items[0].id}/read`, { method: 'POST', token: people.resident.token })).json()
      expect(read.createdAtLocal).toEqual(expected)
    }
  })

  it('a 差评 case shows its deadline and each step on the community clock', async () => {
    // Thursday 24 September 2026 in Shanghai; 5 working days after it, across 中秋 and 国庆, end on Friday 9 October.
    ctx.setNow(new Date('2026-09-24T00:00:00Z'))
    const people = await communityWithPeople()
    await ctx.db.updateTable('community').set({ rectification_working_days: 5 }).where('id', '=', people.communityId).execute()
    const service = await createBookableService(ctx.db, { communityId: people.communityId })
    const slots = await (await ctx.request(`/api/v1/services/${service.id}/slots`)).json()
    const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: people.resident.token, json: { slotId: slots.items[0].id } })).json()
    ctx.setNow(new Date('2026-09-24T04:30:00Z'))
    expect((await ctx.request(`/api/v1/bookings/${booking.id}/serve`, { method: 'POST', token: people.staff })).status).toBe(200)
    const rated = await (await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token: people.resident.token, json: { level: 2, tags: ['等待太久'] } })).json()
    expect(rated.case.deadline).toBe('2026-10-09T16:00:00.000Z')
    // The end of 9 October: midnight starting 10 October, which pages show as 「10月9日 当天内」.
    expect(rated.case.deadlineLocal).toEqual({ date: '2026-10-10', time: '00:00' })

    // 23:50 on 30 September in Shanghai, still 30 September's evening there.
    ctx.setNow(new Date('2026-09-30T15:50:00Z'))
    const step = await ctx.request(`/api/v1/staff/cases/${rated.case.id}/steps`, { method: 'POST', token: people.staff, json: { kind: 'verify', note: '已核实，高峰期排队较长' } })
    expect(step.status).toBe(200)
    const staffCase = await (await ctx.request(`/api/v1/staff/cases/${rated.case.id}`, { token: people.staff })).json()
    expect(staffCase.deadlineLocal).toEqual({ date: '2026-10-10', time: '00:00' })
    expect(staffCase.steps.map((s: { kind: string; atLocal: unknown }) => [s.kind, s.atLocal])).toContainEqual(['verify', { date: '2026-09-30', time: '23:50' }])
  })
})

describe('today, on the server clock', () => {
  it('is the community’s date and time now, China’s without a community, and follows the moved clock', async () => {
    const shanghai = await communityWithPeople()
    const newYork = await communityWithPeople('America/New_York')
    ctx.setNow(new Date('2026-12-31T16:30:00Z'))
    expect(await (await ctx.request(`/api/v1/calendar/today?communityId=${shanghai.communityId}`)).json()).toEqual({ date: '2027-01-01', time: '00:30', timezone: 'Asia/Shanghai' })
    expect(await (await ctx.request('/api/v1/calendar/today')).json()).toEqual({ date: '2027-01-01', time: '00:30', timezone: 'Asia/Shanghai' })
    expect(await (await ctx.request(`/api/v1/calendar/today?communityId=${newYork.communityId}`)).json()).toEqual({ date: '2026-12-31', time: '11:30', timezone: 'America/New_York' })
    ctx.setNow(new Date('2027-03-01T02:00:00Z'))
    expect(await (await ctx.request(`/api/v1/calendar/today?communityId=${shanghai.communityId}`)).json()).toEqual({ date: '2027-03-01', time: '10:00', timezone: 'Asia/Shanghai' })
  })

  it('answers an unknown community with 404 and a malformed one with 400, in Chinese', async () => {
    const unknown = await ctx.request('/api/v1/calendar/today?communityId=00000000-0000-4000-8000-000000000000')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error).toEqual({ code: 'COMMUNITY_NOT_FOUND', message: '没有找到该社区' })
    const malformed = await ctx.request('/api/v1/calendar/today?communityId=abc')
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.code).toBe('VALIDATION_FAILED')
  })
})
