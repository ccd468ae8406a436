import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createFacility, createStreet, createUser, sessionFor } from '../support/factories'
import { createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** Monday 23 November 2026, 08:00 in Shanghai; the lunches are 11:30–12:30. */
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const MONDAY_LUNCH_END = new Date('2026-11-23T04:30:00Z')
const TUESDAY_LUNCH_END = new Date('2026-11-24T04:30:00Z')

let communityId: string
let staffId: string
let staff: string
let otherStaff: string
let lunchId: string

async function code(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function resident(name: string) {
  const user = await createUser(ctx.db, { birthDate: '1948-03-15', communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

async function lunchSlots(): Promise<{ id: string; date: string }[]> {
  return (await (await ctx.request(`/api/v1/services/${lunchId}/slots`)).json()).items
}

/** A resident books the lunch at 08:00 Monday; staff serve it as it ends; she rates it there and then. */
async function ratedLunch(slotId: string, servedAt: Date, level: number) {
  const r = await resident(`居民${level}`)
  ctx.setNow(MONDAY_8AM)
  const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: r.token, json: { slotId } })).json()
  ctx.setNow(servedAt)
  expect((await ctx.request(`/api/v1/bookings/${booking.id}/serve`, { method: 'POST', token: staff })).status).toBe(200)
  expect((await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token: r.token, json: { level } })).status).toBe(201)
}

/** Her record of a slot's helper shift, as check-in, check-out and the organiser's confirmation leave it (scenery until hours lands). */
async function served(userId: string, shift: { id: string; activity_id: string; starts_at: Date; ends_at: Date }, status: 'pending' | 'confirmed') {
  await ctx.db
    .insertInto('volunteer_record')
    .values({
      user_id: userId,
      community_id: communityId,
      activity_id: shift.activity_id,
      shift_id: shift.id,
      category: 'elder_care',
      service_date: '2026-11-23',
      checked_in_at: shift.starts_at,
      checked_out_at: shift.ends_at,
      minutes: 60,
      status,
      confirmed_by: status === 'confirmed' ? staffId : null,
      confirmed_at: status === 'confirmed' ? shift.ends_at : null,
    })
    .execute()
}

async function helperShift(slotId: string) {
  const created = await (await ctx.request('/api/v1/staff/volunteer/slot-helpers', { method: 'POST', token: staff, json: { slotId, seats: 2, role: '送餐员' } })).json()
  return ctx.db.selectFrom('volunteer_shift').selectAll().where('id', '=', created.shiftId).executeTakeFirstOrThrow()
}

let helper: Awaited<ReturnType<typeof createVolunteer>>
let pendingOnly: Awaited<ReturnType<typeof createVolunteer>>
let newcomer: Awaited<ReturnType<typeof createVolunteer>>

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const other = await createCommunity(ctx.db, { streetId: street.id })
  const staffUser = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
  staffId = staffUser.id
  staff = await sessionFor(ctx.db, staffId, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
  const canteen = await createFacility(ctx.db, communityId, '桂花社区长者食堂')
  lunchId = (await createBookableService(ctx.db, { communityId, name: '老年助餐', category: 'elder_care' })).id
  await ctx.db.updateTable('service').set({ facility_id: canteen.id }).where('id', '=', lunchId).execute()
  helper = await createVolunteer(ctx.db, { communityId, name: '陈志远' })
  pendingOnly = await createVolunteer(ctx.db, { communityId, name: '周梅' })
  newcomer = await createVolunteer(ctx.db, { communityId, name: '吴新' })

  const [monday, tuesday] = await lunchSlots()
  if (!monday || !tuesday) throw new Error('no lunch slots')
  const mondayShift = await helperShift(monday.id)
  const tuesdayShift = await helperShift(tuesday.id)
  // Monday's lunch: two 好评, one 中评, one 差评. Tuesday's: one 差评, which the Monday helper did not serve.
  for (const level of [5, 4, 3, 1]) await ratedLunch(monday.id, MONDAY_LUNCH_END, level)
  await ratedLunch(tuesday.id, TUESDAY_LUNCH_END, 2)
  await served(helper.user.id, mondayShift, 'confirmed')
  await served(pendingOnly.user.id, tuesdayShift, 'pending')
  ctx.setNow(TUESDAY_LUNCH_END)
})

describe('评价情况: residents’ 好差评 of the slots she served', () => {
  const mine = (token: string) => ctx.request('/api/v1/volunteer/me/evaluation', { token })

  describe('from the ratings residents gave through the rating routes', () => {
    it('counts 好评 / 中评 / 差评 of the bookings in the slots of her confirmed records, and nothing about who rated', async () => {
      const res = await mine(helper.token)
      expect(res.status).toBe(200)
      const evaluation = await res.json()
      expect(evaluation).toEqual({ slotsServed: 1, ratings: 4, good: 2, neutral: 1, poor: 1, goodShare: 0.5 })
    })

    it('leaves out hours not yet confirmed, and a volunteer who served nothing sees zeros', async () => {
      expect(await (await mine(pendingOnly.token)).json()).toEqual({ slotsServed: 0, ratings: 0, good: 0, neutral: 0, poor: 0, goodShare: null })
      expect(await (await mine(newcomer.token)).json()).toMatchObject({ slotsServed: 0, ratings: 0 })
    })

    it('is for volunteers: a resident who is not one is refused', async () => {
      const r = await resident('王秀兰')
      expect((await mine(r.token)).status).toBe(403)
    })

    it('staff of her community see it on her; another community’s staff are refused', async () => {
      const path = `/api/v1/staff/volunteer/volunteers/${helper.user.id}/evaluation`
      const res = await ctx.request(path, { token: staff })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ ratings: 4, good: 2, goodShare: 0.5 })
      expect((await ctx.request(path, { token: otherStaff })).status).toBe(403)
      expect((await ctx.request(`/api/v1/staff/volunteer/volunteers/${staffId}/evaluation`, { token: staff })).status).toBe(404)
    })
  })
})

describe('end to end through sign-up, check-in, check-out and confirmation', () => {
  it('records the helper’s hours on the slot’s booking day, and the lunch’s rating then counts in her 评价情况', async () => {
    const WEDNESDAY = '2026-11-25'
    const LUNCH_START = new Date('2026-11-25T03:30:00Z')
    const LUNCH_END = new Date('2026-11-25T04:30:00Z')
    ctx.setNow(MONDAY_8AM)
    const wednesday = (await lunchSlots()).find((s) => s.date === WEDNESDAY)
    if (!wednesday) throw new Error('no Wednesday lunch')
    const shift = await helperShift(wednesday.id)
    const v = await createVolunteer(ctx.db, { communityId, name: '郑晓雯', skills: ['elder_care'] })
    const signUp = await ctx.request(`/api/v1/volunteer/shifts/${shift.id}/signup`, { method: 'POST', token: v.token, json: {} })
    expect(signUp.status).toBe(201)
    expect((await signUp.json()).status).toBe('signed_up')
    await ratedLunch(wednesday.id, LUNCH_END, 5)

    const codeAt = async (at: Date) => {
      ctx.setNow(at)
      const res = await ctx.request(`/api/v1/volunteer/shifts/${shift.id}/code`, { token: staff })
      expect(res.status).toBe(200)
      return (await res.json()).code as string
    }
    const checkIn = await ctx.request(`/api/v1/volunteer/shifts/${shift.id}/check-in`, { method: 'POST', token: v.token, json: { code: await codeAt(LUNCH_START) } })
    expect(checkIn.status).toBe(200)
    const checkOut = await ctx.request(`/api/v1/volunteer/shifts/${shift.id}/check-out`, { method: 'POST', token: v.token, json: { code: await codeAt(LUNCH_END) } })
    expect(checkOut.status).toBe(200)
    const confirm = await ctx.request(`/api/v1/volunteer/activities/${shift.activity_id}/hours/confirm`, { method: 'POST', token: staff, json: { shiftId: shift.id } })
    expect(confirm.status).toBe(200)
    expect((await confirm.json()).confirmed).toBe(1)

    const records = await (await ctx.request('/api/v1/volunteer/me/records', { token: v.token })).json()
    expect(records.items).toHaveLength(1)
    expect(records.items[0]).toMatchObject({ serviceDate: WEDNESDAY, status: 'confirmed', minutes: 60 })
    const evaluation = await (await ctx.request('/api/v1/volunteer/me/evaluation', { token: v.token })).json()
    expect(evaluation).toEqual({ slotsServed: 1, ratings: 1, good: 1, neutral: 0, poor: 0, goodShare: 1 })
  })
})
