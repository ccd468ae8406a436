import { seedDemoVolunteerStaffing } from '../../bff/src/demo/volunteer-staffing'
import { endHelpersOfSlots } from '../../bff/src/volunteer/staffing'
import { inTransaction } from '../../bff/src/db/transaction'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createFacility, createStreet, createUser, sessionFor } from '../support/factories'
import { createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** Monday 23 November 2026, 08:00 in Shanghai: the week's lunches (11:30–12:30) are ahead. */
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const TUESDAY = '2026-11-24'

let communityId: string
let staff: string
let secondStaff: string
let otherStaff: string
let resident: string
let lunchId: string
let tutoringId: string
let legalId: string

interface SlotRow {
  slotId: string
  date: string
  time: string
  state: string
  started: boolean
  request: null | {
    activityId: string
    shiftId: string
    seats: number
    taken: number
    waitlisted: number
    status: string
    category: string
    place: string
    helpers: { name: string; status: string }[]
    startsAtLocal: { date: string; time: string }
    endsAtLocal: { date: string; time: string }
  }
}

async function code(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function board(serviceId: string, token = staff): Promise<SlotRow[]> {
  const res = await ctx.request(`/api/v1/staff/volunteer/services/${serviceId}/slot-helpers`, { token })
  expect(res.status).toBe(200)
  return (await res.json()).items
}

async function slotOn(serviceId: string, date: string): Promise<SlotRow> {
  const slot = (await board(serviceId)).find((s) => s.date === date)
  if (!slot) throw new Error(`no slot on ${date}`)
  return slot
}

function ask(body: Record<string, unknown>, token = staff, key?: string) {
  return ctx.request('/api/v1/staff/volunteer/slot-helpers', { method: 'POST', token, json: body, headers: key ? { 'idempotency-key': key } : {} })
}

const activitiesOfSlot = (slotId: string) => ctx.db.selectFrom('volunteer_activity').selectAll().where('slot_id', '=', slotId).execute()
const messagesOf = (kind: string) => ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).execute()

/** A volunteer signed up (or waiting) on a shift, as the ordinary sign-up leaves her: scenery until activities/signups land. */
async function signedUp(shiftId: string, name: string, status: 'signed_up' | 'waitlisted' = 'signed_up') {
  const v = await createVolunteer(ctx.db, { communityId, name })
  await ctx.db.insertInto('volunteer_signup').values({ shift_id: shiftId, user_id: v.user.id, community_id: communityId, status }).execute()
  if (status === 'signed_up') await ctx.db.updateTable('volunteer_shift').set((eb) => ({ taken: eb('taken', '+', 1) })).where('id', '=', shiftId).execute()
  return v
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const other = await createCommunity(ctx.db, { streetId: street.id })
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })).id, FAR)
  secondStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '李强', grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
  resident = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId })).id, FAR)
  const canteen = await createFacility(ctx.db, communityId, '桂花社区长者食堂')
  lunchId = (await createBookableService(ctx.db, { communityId, name: '老年助餐', category: 'elder_care' })).id
  await ctx.db.updateTable('service').set({ facility_id: canteen.id, summary: '为60岁以上老人提供午餐堂食和送餐' }).where('id', '=', lunchId).execute()
  const centre = await createFacility(ctx.db, communityId, '四点半课堂')
  tutoringId = (await createBookableService(ctx.db, { communityId, name: '课后托管', category: 'children', rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '16:30', end: '18:00', capacity: 20 })) })).id
  await ctx.db.updateTable('service').set({ facility_id: centre.id }).where('id', '=', tutoringId).execute()
  // No facility: staff have to say where.
  legalId = (await createBookableService(ctx.db, { communityId, name: '法律咨询', category: 'legal', mode: 'timed', slotMinutes: 60, rules: [{ weekday: 2, start: '14:00', end: '16:00', capacity: 1 }] })).id
})

afterEach(() => ctx.setNow(MONDAY_8AM))

describe('a service slot asks for helpers', () => {
  it('lists the community’s bookable services with the category their hours count under', async () => {
    const res = await ctx.request(`/api/v1/staff/volunteer/communities/${communityId}/slot-services`, { token: staff })
    expect(res.status).toBe(200)
    const items = (await res.json()).items as { serviceId: string; name: string; category: string }[]
    expect(items.map((s) => [s.name, s.category]).sort()).toEqual([
      ['法律咨询', 'legal'],
      ['老年助餐', 'elder_care'],
      ['课后托管', 'tutoring'],
    ])
    expect((await ctx.request(`/api/v1/staff/volunteer/communities/${communityId}/slot-services`, { token: otherStaff })).status).toBe(403)
  })

  it('publishes one shift at the slot’s own times, tells the volunteers with the skill, and audits it', async () => {
    const helper = await createVolunteer(ctx.db, { communityId, name: '陈志远', skills: ['elder_care', 'medical'] })
    const another = await createVolunteer(ctx.db, { communityId, name: '周梅', skills: ['elder_care'] })
    const tutor = await createVolunteer(ctx.db, { communityId, name: '吴老师', skills: ['tutoring'] })
    const slot = await slotOn(lunchId, TUESDAY)
    expect(slot.request).toBeNull()

    const res = await ask({ slotId: slot.slotId, seats: 3, role: '送餐员', requiredSkills: ['elder_care'], duties: '把午餐送到行动不便老人家中', risks: '雨天路滑' })
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({ seats: 3, taken: 0, role: '送餐员', category: 'elder_care', status: 'published', place: '桂花社区长者食堂，测试路1号', notified: 2 })
    expect(created.startsAtLocal).toEqual({ date: TUESDAY, time: '11:30' })
    expect(created.endsAtLocal).toEqual({ date: TUESDAY, time: '12:30' })

    const [activity] = await activitiesOfSlot(slot.slotId)
    expect(activity).toMatchObject({ kind: 'service_slot', category: 'elder_care', status: 'published', headcount: 3, risks: '雨天路滑', team_id: null })
    expect(activity?.content).toContain('为60岁以上老人提供午餐堂食和送餐')
    expect(activity?.content).toContain('把午餐送到行动不便老人家中')
    expect(activity?.published_at).not.toBeNull()
    const shifts = await ctx.db.selectFrom('volunteer_shift').selectAll().where('activity_id', '=', created.activityId).execute()
    const slotRow = await ctx.db.selectFrom('slot').selectAll().where('id', '=', slot.slotId).executeTakeFirstOrThrow()
    expect(shifts).toHaveLength(1)
    expect(shifts[0]).toMatchObject({ capacity: 3, taken: 0, role: '送餐员', starts_at: slotRow.starts_at, ends_at: slotRow.ends_at, signup_deadline: slotRow.starts_at })

    const told = (await messagesOf('slot_helpers_needed')).map((m) => m.user_id).sort()
    expect(told).toEqual([helper.user.id, another.user.id].sort())
    expect(told).not.toContain(tutor.user.id)
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'volunteer.slot_helpers_requested').where('target_id', '=', created.activityId).execute()
    expect(audit).toHaveLength(1)

    expect((await slotOn(lunchId, TUESDAY)).request).toMatchObject({ activityId: created.activityId, seats: 3, taken: 0, helpers: [] })
  })

  it('takes one request per slot: a second is refused, and two staff at once get one request', async () => {
    const tuesday = await slotOn(lunchId, TUESDAY)
    const again = await ask({ slotId: tuesday.slotId, seats: 2, role: '打饭员' })
    expect(again.status).toBe(409)
    expect(await code(again)).toBe('SLOT_HELPERS_EXIST')
    expect(await activitiesOfSlot(tuesday.slotId)).toHaveLength(1)

    const wednesday = await slotOn(lunchId, '2026-11-25')
    const both = await Promise.all([ask({ slotId: wednesday.slotId, seats: 2, role: '送餐员' }, staff), ask({ slotId: wednesday.slotId, seats: 4, role: '送餐员' }, secondStaff)])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await activitiesOfSlot(wednesday.slotId)).toHaveLength(1)
    expect(await ctx.db.selectFrom('volunteer_shift as s').innerJoin('volunteer_activity as a', 'a.id', 's.activity_id').select('s.id').where('a.slot_id', '=', wednesday.slotId).execute()).toHaveLength(1)
  })

  it('replays a retried request with its Idempotency-Key instead of refusing it', async () => {
    const thursday = await slotOn(lunchId, '2026-11-26')
    const first = await ask({ slotId: thursday.slotId, seats: 2, role: '送餐员' }, staff, 'helpers-thu')
    const retry = await ask({ slotId: thursday.slotId, seats: 2, role: '送餐员' }, staff, 'helpers-thu')
    expect([first.status, retry.status]).toEqual([201, 201])
    expect((await retry.json()).activityId).toBe((await first.json()).activityId)
    expect(await activitiesOfSlot(thursday.slotId)).toHaveLength(1)
  })

  it('only staff of the slot’s community may ask; a resident or another community’s staff is refused, nothing recorded', async () => {
    const friday = await slotOn(lunchId, '2026-11-27')
    const other = await ask({ slotId: friday.slotId, seats: 2, role: '送餐员' }, otherStaff)
    expect(other.status).toBe(403)
    expect(await code(other)).toBe('SLOT_HELPERS_FORBIDDEN')
    expect((await ask({ slotId: friday.slotId, seats: 2, role: '送餐员' }, resident)).status).toBe(403)
    expect((await ctx.request(`/api/v1/staff/volunteer/services/${lunchId}/slot-helpers`, { token: otherStaff })).status).toBe(403)
    expect(await activitiesOfSlot(friday.slotId)).toHaveLength(0)
  })

  it('maps the service category to the volunteer category: 托管 → 助学, 法律咨询 → 法律', async () => {
    const tutoring = await slotOn(tutoringId, TUESDAY)
    const res = await ask({ slotId: tutoring.slotId, seats: 2, role: '作业辅导', requiredSkills: ['tutoring'] })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ category: 'tutoring', place: '四点半课堂，测试路1号', startsAtLocal: { date: TUESDAY, time: '16:30' }, endsAtLocal: { time: '18:00' } })

    const legal = await slotOn(legalId, TUESDAY)
    const noPlace = await ask({ slotId: legal.slotId, seats: 1, role: '咨询引导' })
    expect(noPlace.status).toBe(400)
    expect(await code(noPlace)).toBe('SLOT_HELPERS_PLACE_REQUIRED')
    expect(await activitiesOfSlot(legal.slotId)).toHaveLength(0)
    const placed = await ask({ slotId: legal.slotId, seats: 1, role: '咨询引导', place: '党群服务中心一楼' })
    expect(placed.status).toBe(201)
    expect(await placed.json()).toMatchObject({ category: 'legal', place: '党群服务中心一楼' })
  })

  it('refuses bad input, a closed day, a past slot and an unknown one with their codes, nothing recorded', async () => {
    const saturday = await slotOn(lunchId, '2026-11-28')
    for (const body of [
      { slotId: saturday.slotId, seats: 0, role: '送餐员' },
      { slotId: saturday.slotId, seats: 51, role: '送餐员' },
      { slotId: saturday.slotId, seats: 2, role: '' },
      { slotId: saturday.slotId, seats: 2, role: '送餐员', requiredSkills: ['flying'] },
      { slotId: saturday.slotId, seats: 2, role: '送餐员', risky: true },
    ]) {
      const res = await ask(body)
      expect(res.status).toBe(400)
      expect(await code(res)).toBe('VALIDATION_FAILED')
    }
    expect((await ask({ slotId: '00000000-0000-4000-8000-000000000000', seats: 2, role: '送餐员' })).status).toBe(404)

    await ctx.db.insertInto('closure').values({ community_id: communityId, service_id: lunchId, starts_on: '2026-11-28', ends_on: '2026-11-28', reason: '食堂检修', created_by: null, lifted_at: null, lifted_by: null }).execute()
    const closed = await ask({ slotId: saturday.slotId, seats: 2, role: '送餐员' })
    expect(closed.status).toBe(409)
    expect(await code(closed)).toBe('SLOT_HELPERS_SLOT_CLOSED')

    const monday = await slotOn(lunchId, '2026-11-23')
    ctx.setNow(new Date('2026-11-23T04:00:00Z'))
    expect(await code(await ask({ slotId: monday.slotId, seats: 2, role: '送餐员' }))).toBe('SLOT_HELPERS_SLOT_CLOSED')
    expect(await activitiesOfSlot(saturday.slotId)).toHaveLength(0)
    expect(await activitiesOfSlot(monday.slotId)).toHaveLength(0)
  })
})

describe('cancelling a helper request', () => {
  it('shows who signed up (masked), then cancels their sign-ups with the reason, tells them, and frees the slot for a new request', async () => {
    const sunday = await slotOn(lunchId, '2026-11-29')
    const created = await (await ask({ slotId: sunday.slotId, seats: 1, role: '送餐员' })).json()
    const first = await signedUp(created.shiftId, '陈志远')
    const waiting = await signedUp(created.shiftId, '周梅', 'waitlisted')
    expect((await slotOn(lunchId, '2026-11-29')).request).toMatchObject({
      taken: 1,
      waitlisted: 1,
      helpers: [
        { name: '陈*远', status: 'signed_up' },
        { name: '周*', status: 'waitlisted' },
      ],
    })

    const cancel = (reason: string, token = staff) => ctx.request(`/api/v1/staff/volunteer/slot-helpers/${created.activityId}/cancel`, { method: 'POST', token, json: { reason } })
    expect(await code(await cancel(''))).toBe('VALIDATION_FAILED')
    expect((await cancel('送餐改由食堂员工负责', otherStaff)).status).toBe(403)
    expect((await ctx.db.selectFrom('volunteer_activity').select('status').where('id', '=', created.activityId).executeTakeFirstOrThrow()).status).toBe('published')

    const res = await cancel('送餐改由食堂员工负责')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ signupsCancelled: 2 })
    const activity = await ctx.db.selectFrom('volunteer_activity').selectAll().where('id', '=', created.activityId).executeTakeFirstOrThrow()
    expect(activity).toMatchObject({ status: 'cancelled', cancel_reason: '送餐改由食堂员工负责' })
    const signups = await ctx.db.selectFrom('volunteer_signup').select(['status', 'cancelled_at']).where('shift_id', '=', created.shiftId).execute()
    expect(signups.map((s) => s.status)).toEqual(['cancelled', 'cancelled'])
    expect((await ctx.db.selectFrom('volunteer_shift').select('taken').where('id', '=', created.shiftId).executeTakeFirstOrThrow()).taken).toBe(0)
    const told = (await messagesOf('activity_cancelled')).filter((m) => (m.payload as { activityId?: string }).activityId === created.activityId)
    expect(told.map((m) => m.user_id).sort()).toEqual([first.user.id, waiting.user.id].sort())
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'volunteer.slot_helpers_cancelled').where('target_id', '=', created.activityId).execute()).toHaveLength(1)

    expect(await code(await cancel('再取消一次'))).toBe('SLOT_HELPERS_ALREADY_ENDED')
    const again = await ask({ slotId: sunday.slotId, seats: 2, role: '送餐员' })
    expect(again.status).toBe(201)
    expect((await slotOn(lunchId, '2026-11-29')).request).toMatchObject({ activityId: (await again.json()).activityId, status: 'published' })
  })

  it('ends the request of a slot booking takes out (a closure), its sign-ups told', async () => {
    const wednesday = await slotOn(tutoringId, '2026-11-25')
    const created = await (await ask({ slotId: wednesday.slotId, seats: 2, role: '作业辅导' })).json()
    const helper = await signedUp(created.shiftId, '吴老师')
    const ended = await inTransaction(ctx.db, (trx) => endHelpersOfSlots(trx, [wednesday.slotId], '教室停电', MONDAY_8AM))
    expect(ended).toBe(1)
    const activity = await ctx.db.selectFrom('volunteer_activity').select(['status', 'cancel_reason']).where('id', '=', created.activityId).executeTakeFirstOrThrow()
    expect(activity).toEqual({ status: 'cancelled', cancel_reason: '服务时段已暂停：教室停电' })
    const told = (await messagesOf('activity_cancelled')).filter((m) => (m.payload as { activityId?: string }).activityId === created.activityId)
    expect(told.map((m) => m.user_id)).toEqual([helper.user.id])
    expect(await inTransaction(ctx.db, (trx) => endHelpersOfSlots(trx, [wednesday.slotId], '教室停电', MONDAY_8AM))).toBe(0)
  })

  it('a closure staff add for the day ends that day’s request and tells its helpers; the other days’ requests stay', async () => {
    const thursday = await slotOn(tutoringId, '2026-11-26')
    const friday = await slotOn(tutoringId, '2026-11-27')
    const closed = await (await ask({ slotId: thursday.slotId, seats: 2, role: '作业辅导' })).json()
    const open = await (await ask({ slotId: friday.slotId, seats: 2, role: '作业辅导' })).json()
    const helper = await signedUp(closed.shiftId, '郑老师')
    const preview = await ctx.request(`/api/v1/staff/closures/preview?communityId=${communityId}&serviceId=${tutoringId}&startsOn=2026-11-26&endsOn=2026-11-26`, { token: staff })
    expect(await preview.json()).toEqual({ bookings: 0, helperRequests: 1 })
    const res = await ctx.request('/api/v1/staff/closures', {
      method: 'POST',
      token: staff,
      json: { communityId, serviceId: tutoringId, startsOn: '2026-11-26', endsOn: '2026-11-26', reason: '学校组织秋游' },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ cancelled: 0, helperRequestsEnded: 1 })
    const status = (id: string) => ctx.db.selectFrom('volunteer_activity').select(['status', 'cancel_reason']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(await status(closed.activityId)).toEqual({ status: 'cancelled', cancel_reason: '服务时段已暂停：学校组织秋游' })
    expect((await status(open.activityId)).status).toBe('published')
    const signup = await ctx.db.selectFrom('volunteer_signup').select('status').where('shift_id', '=', closed.shiftId).where('user_id', '=', helper.user.id).executeTakeFirstOrThrow()
    expect(signup.status).toBe('cancelled')
    const told = (await messagesOf('activity_cancelled')).filter((m) => (m.payload as { activityId?: string }).activityId === closed.activityId)
    expect(told.map((m) => m.user_id)).toEqual([helper.user.id])
    expect((await slotOn(tutoringId, '2026-11-26')).state).toBe('closed')
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'booking.closure_added').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit.detail).toMatchObject({ helperRequestsEnded: 1 })
    const ended = await ctx.db.selectFrom('audit_log').select(['actor_user_id', 'request_id']).where('action', '=', 'volunteer.slot_helpers_cancelled').where('target_id', '=', closed.activityId).executeTakeFirstOrThrow()
    expect(ended.actor_user_id).not.toBeNull()
    expect(ended.request_id).not.toBeNull()
  })

  it('a closure and a helper request at the same moment never leave a live request on a closed slot', async () => {
    const serviceId = (await createBookableService(ctx.db, { communityId, name: '助浴服务', category: 'elder_care', rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '10:00', capacity: 4 })) })).id
    await ctx.db.updateTable('service').set({ facility_id: (await createFacility(ctx.db, communityId, '日间照料中心')).id }).where('id', '=', serviceId).execute()
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) {
      const slot = await slotOn(serviceId, day)
      const [asked, closed] = await Promise.all([
        ask({ slotId: slot.slotId, seats: 2, role: '助浴员' }),
        ctx.request('/api/v1/staff/closures', { method: 'POST', token: secondStaff, json: { communityId, serviceId, startsOn: day, endsOn: day, reason: '热水器维修' } }),
      ])
      expect(closed.status).toBe(201)
      expect([201, 409]).toContain(asked.status)
      const live = (await activitiesOfSlot(slot.slotId)).filter((a) => a.status === 'published')
      expect(live).toEqual([])
    }
  })

  it('a closure added at noon for today leaves the helpers of a lunch already under way on their shift', async () => {
    const today = await slotOn(lunchId, '2026-11-23')
    const created = await (await ask({ slotId: today.slotId, seats: 2, role: '送餐员' })).json()
    // 12:00 in Shanghai: the 11:30 lunch is being served.
    await ctx.withNow(new Date('2026-11-23T04:00:00Z'), async () => {
      const preview = await ctx.request(`/api/v1/staff/closures/preview?communityId=${communityId}&serviceId=${lunchId}&startsOn=2026-11-23&endsOn=2026-11-23`, { token: staff })
      expect(await preview.json()).toMatchObject({ helperRequests: 0 })
      const res = await ctx.request('/api/v1/staff/closures', { method: 'POST', token: staff, json: { communityId, serviceId: lunchId, startsOn: '2026-11-23', endsOn: '2026-11-23', reason: '燃气检修' } })
      expect(res.status).toBe(201)
      expect(await res.json()).toMatchObject({ helperRequestsEnded: 0 })
    })
    const activity = await ctx.db.selectFrom('volunteer_activity').select('status').where('id', '=', created.activityId).executeTakeFirstOrThrow()
    expect(activity.status).toBe('published')
  })

  it('marks a lunch under way as started, so the page offers no request the BFF would refuse', async () => {
    await ctx.withNow(new Date('2026-11-23T04:00:00Z'), async () => {
      const rows = await board(lunchId)
      const today = rows.find((s) => s.date === '2026-11-23')
      const tomorrow = rows.find((s) => s.date === '2026-11-24')
      expect(today).toMatchObject({ started: true })
      expect(tomorrow).toMatchObject({ started: false })
      const res = await ask({ slotId: today?.slotId, seats: 2, role: '送餐员' })
      expect(res.status).toBe(409)
      expect(await code(res)).toBe('SLOT_HELPERS_SLOT_CLOSED')
    })
  })
})

describe('demo data', () => {
  it('asks the next two 助餐送餐上门 lunches for three 送餐员 each, the volunteer persona on the first, once', async () => {
    const delivery = await createBookableService(ctx.db, { communityId, name: '助餐送餐上门', category: 'elder_care', rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '11:00', end: '12:00', capacity: 15 })) })
    await ctx.db.updateTable('service').set({ code: 'guihua-meal-delivery' }).where('id', '=', delivery.id).execute()
    const staffUser = await createUser(ctx.db, { name: '社区工作人员', grant: { role: 'staff', communityId } })
    const persona = await createVolunteer(ctx.db, { communityId, name: '刘志愿' })
    await ctx.db.updateTable('app_user').set({ demo_persona: 'staff' }).where('id', '=', staffUser.id).execute()
    await ctx.db.updateTable('app_user').set({ demo_persona: 'volunteer' }).where('id', '=', persona.user.id).execute()

    await seedDemoVolunteerStaffing(ctx.db, ctx.deps.cipher, MONDAY_8AM)
    await seedDemoVolunteerStaffing(ctx.db, ctx.deps.cipher, MONDAY_8AM)

    const slots = (await board(delivery.id)).filter((s) => s.request)
    expect(slots.map((s) => s.date)).toEqual([TUESDAY, '2026-11-25'])
    expect(slots[0]?.request).toMatchObject({ seats: 3, taken: 1, status: 'published', category: 'elder_care', helpers: [{ name: '刘*愿', status: 'signed_up' }] })
    expect(slots[1]?.request).toMatchObject({ seats: 3, taken: 0, helpers: [] })
    expect(slots[0]?.request?.startsAtLocal).toEqual({ date: TUESDAY, time: '11:00' })
  })
})
