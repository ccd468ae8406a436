import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createProvider, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const FAR = new Date('2030-01-01')

let communityId: string
let staffToken: string
let otherStaffToken: string
let lawyerToken: string
let lawyerProviderId: string

async function resident(name = '王秀兰') {
  const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

async function firstSlots(serviceId: string, query = '') {
  return (await (await ctx.request(`/api/v1/services/${serviceId}/slots${query}`)).json()).items as { id: string; state: string; remaining: number }[]
}

async function book(token: string, slotId: string | undefined, extra: Record<string, unknown> = {}) {
  const res = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId, ...extra } })
  return res.json()
}

function action(token: string, bookingId: string, path: string, reason?: string) {
  return ctx.request(`/api/v1/bookings/${bookingId}/${path}`, { method: 'POST', token, ...(reason ? { json: { reason } } : {}) })
}

async function outboxKinds(userId: string) {
  return (await ctx.db.selectFrom('notification_outbox').select('kind').where('user_id', '=', userId).orderBy('id').execute()).map((r) => r.kind)
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
  const other = await createCommunity(ctx.db, { streetId: street.id })
  lawyerProviderId = (await createProvider(ctx.db, street.id)).id
  staffToken = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })).id, FAR)
  otherStaffToken = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
  lawyerToken = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'provider', providerId: lawyerProviderId } })).id, FAR)
})

describe('staff confirm, decline, check in and serve', () => {
  it('confirms or declines pending bookings, telling the resident', async () => {
    const svc = await createBookableService(ctx.db, { communityId, requiresConfirmation: true, rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:00', capacity: 2 })) })
    const [, slot] = await firstSlots(svc.id)
    const a = await resident()
    const b = await resident('李敏')
    const pendingA = await book(a.token, slot?.id)
    const pendingB = await book(b.token, slot?.id)
    expect([pendingA.status, pendingB.status]).toEqual(['pending', 'pending'])

    const confirmed = await action(staffToken, pendingA.id, 'confirm')
    expect(confirmed.status).toBe(200)
    expect((await confirmed.json()).status).toBe('confirmed')
    expect(await outboxKinds(a.id)).toEqual(['booked', 'confirmed'])

    const noReason = await ctx.request(`/api/v1/bookings/${pendingB.id}/decline`, { method: 'POST', token: staffToken, json: {} })
    expect(noReason.status).toBe(400)
    const declined = await action(staffToken, pendingB.id, 'decline', '该时段律师临时外出')
    expect((await declined.json()).status).toBe('declined')
    expect(await outboxKinds(b.id)).toEqual(['booked', 'declined'])
    const seats = await firstSlots(svc.id)
    expect(seats[1]?.remaining).toBe(1)

    // Confirming twice is not a state the booking can go through again.
    expect((await action(staffToken, pendingA.id, 'confirm')).status).toBe(409)
  })

  it('checks in by the 6-digit code, marks served, and writes every action to the audit log', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [today] = await firstSlots(svc.id)
    const a = await resident()
    const mine = await book(a.token, today?.id)
    const wrong = await ctx.request('/api/v1/staff/check-in', { method: 'POST', token: staffToken, json: { communityId, code: mine.checkInCode === '000000' ? '111111' : '000000' } })
    expect(wrong.status).toBe(404)
    const checkedIn = await ctx.request('/api/v1/staff/check-in', { method: 'POST', token: staffToken, json: { communityId, code: mine.checkInCode } })
    expect(checkedIn.status).toBe(200)
    const staffView = await checkedIn.json()
    expect(staffView).toMatchObject({ status: 'checked_in', servedName: '王*兰', checkInCode: null })
    expect((await action(staffToken, mine.id, 'serve')).status).toBe(200)
    const residentView = await (await ctx.request(`/api/v1/bookings/${mine.id}`, { token: a.token })).json()
    expect(residentView.status).toBe('served')
    const audit = await ctx.db.selectFrom('audit_log').select(['action']).where('target_id', '=', mine.id).orderBy('id').execute()
    expect(audit.map((r) => r.action)).toEqual(['booking.check_in', 'booking.serve'])
  })

  it('shows the board for a day to staff (names masked), and refuses staff of another community', async () => {
    const date = '2026-11-23'
    const board = await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=${date}`, { token: staffToken })
    expect(board.status).toBe(200)
    const items = (await board.json()).items
    expect(items.length).toBeGreaterThanOrEqual(1)
    expect(items.every((b: { servedName: string }) => b.servedName.includes('*'))).toBe(true)
    const served = await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=${date}&status=served`, { token: staffToken })
    expect((await served.json()).items.every((b: { status: string }) => b.status === 'served')).toBe(true)
    const other = await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=${date}`, { token: otherStaffToken })
    expect(other.status).toBe(403)
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'booking.board_viewed').execute()
    expect(audit.length).toBeGreaterThanOrEqual(2)
  })

  it('lets a provider (the lawyer) see and serve only their own appointments', async () => {
    const legal = await createBookableService(ctx.db, { communityId, name: '法律咨询', category: 'legal', providerId: lawyerProviderId })
    const meal = await createBookableService(ctx.db, { communityId })
    const a = await resident()
    const [legalSlot] = await firstSlots(legal.id)
    const [mealSlot] = await firstSlots(meal.id)
    const consultation = await book(a.token, legalSlot?.id)
    const lunch = await book(a.token, mealSlot?.id)
    const board = await (await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=2026-11-23`, { token: lawyerToken })).json()
    const ids = board.items.map((b: { id: string }) => b.id)
    expect(ids).toContain(consultation.id)
    expect(ids).not.toContain(lunch.id)
    expect((await action(lawyerToken, consultation.id, 'check-in')).status).toBe(200)
    expect((await action(lawyerToken, lunch.id, 'check-in')).status).toBe(404)
    expect((await action(lawyerToken, consultation.id, 'staff-cancel', '律师没空')).status).toBe(403)
  })

  it('cancels on a resident’s behalf with a reason, and the resident is told', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [, slot] = await firstSlots(svc.id)
    const a = await resident()
    const mine = await book(a.token, slot?.id)
    const res = await action(staffToken, mine.id, 'staff-cancel', '居民电话告知住院')
    expect(res.status).toBe(200)
    const outbox = await ctx.db.selectFrom('notification_outbox').select(['kind', 'payload']).where('user_id', '=', a.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(outbox).toMatchObject({ kind: 'cancelled_by_staff', payload: { reason: '居民电话告知住院' } })
  })
})

describe('no-shows', () => {
  it('suspends self-booking in the category after 3 no-shows in 30 days; staff can lift it', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const a = await resident()
    const slots = await firstSlots(svc.id)
    const bookings = []
    for (const slot of slots.slice(1, 4)) bookings.push(await book(a.token, slot.id))
    const early = await action(staffToken, bookings[0].id, 'no-show')
    expect((await early.json()).error.message).toMatch(/还没到/)
    ctx.setNow(new Date('2026-11-27T00:00:00Z'))
    for (const b of bookings) expect((await action(staffToken, b.id, 'no-show')).status).toBe(200)
    const [, next] = await firstSlots(svc.id)
    const refused = await ctx.request('/api/v1/bookings', { method: 'POST', token: a.token, json: { slotId: next?.id } })
    expect(refused.status).toBe(409)
    const body = await refused.json()
    expect(body.error.code).toBe('BOOKING_SUSPENDED')
    const mine = await (await ctx.request('/api/v1/me/suspensions', { token: a.token })).json()
    expect(mine.items[0]).toMatchObject({ categoryName: '养老服务', reason: '30天内3次预约未到场' })

    // Staff can still book for her at the window; and lift the suspension.
    const list = await (await ctx.request(`/api/v1/staff/suspensions?communityId=${communityId}`, { token: staffToken })).json()
    const lift = await ctx.request(`/api/v1/staff/suspensions/${list.items[0].id}/lift`, { method: 'POST', token: staffToken, json: { reason: '老人住院，情况属实' } })
    expect(lift.status).toBe(204)
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: a.token, json: { slotId: next?.id } })).status).toBe(201)
    ctx.setNow(MONDAY_8AM)
  })
})

describe('walk-in, settings and closures', () => {
  it('books for a walk-in resident found or registered by phone (窗口代办)', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [, slot] = await firstSlots(svc.id)
    const res = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: slot?.id, phone: '13700001111', name: '赵大爷' } })
    expect(res.status).toBe(201)
    const booking = await res.json()
    expect(booking).toMatchObject({ channel: 'walk_in', status: 'confirmed' })
    const again = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: slot?.id, phone: '13700001111', name: '赵大爷' } })
    expect((await again.json()).error.code).toBe('ALREADY_BOOKED')
    const aged = await createBookableService(ctx.db, { communityId, minAge: 60 })
    const [, agedSlot] = await firstSlots(aged.id)
    const noBirth = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: agedSlot?.id, phone: '13700003333', name: '周奶奶' } })
    expect((await noBirth.json()).error).toMatchObject({ code: 'NOT_ELIGIBLE', message: expect.stringContaining('出生日期') })
    const withBirth = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: agedSlot?.id, phone: '13700003333', name: '周奶奶', birthDate: '1946-02-03' } })
    expect(withBirth.status).toBe(201)
    const forbidden = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: otherStaffToken, json: { slotId: slot?.id, phone: '13700002222', name: '钱奶奶' } })
    expect(forbidden.status).toBe(403)
  })

  it('saves booking settings and weekly rules; unbooked future slots follow the new rules', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    await firstSlots(svc.id)
    const setup = {
      settings: {
        mode: 'timed', slotMinutes: 30, minNoticeMinutes: 120, maxDaysAhead: 14, cancelBeforeMinutes: 60, cancelByLocalTime: null,
        maxOpenPerPerson: 1, maxPerDayPerPerson: null, requiresConfirmation: true, reminderLeadMinutes: 1440,
        questions: [{ id: 'topic', label: '咨询的问题', required: true, maxLength: 100 }],
      },
      rules: [{ weekday: 2, startTime: '14:00', endTime: '15:00', capacity: 1 }],
    }
    const res = await ctx.request(`/api/v1/services/${svc.id}/booking-setup`, { method: 'PUT', token: staffToken, json: setup })
    expect(res.status).toBe(200)
    expect((await res.json()).settings.requiresConfirmation).toBe(true)
    const slots = await firstSlots(svc.id)
    expect(slots).toHaveLength(2)
    const bad = await ctx.request(`/api/v1/services/${svc.id}/booking-setup`, { method: 'PUT', token: staffToken, json: { ...setup, rules: [{ weekday: 2, startTime: '15:00', endTime: '14:00', capacity: 1 }] } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.fields[0].path).toBe('rules.0.endTime')
    expect((await ctx.request(`/api/v1/services/${svc.id}/booking-setup`, { method: 'PUT', token: otherStaffToken, json: setup })).status).toBe(403)
  })

  it('a closure over existing bookings cancels them with notice and closes the slots', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const slots = await firstSlots(svc.id)
    const a = await resident()
    const b = await resident('李敏')
    const wed = await book(a.token, slots[2]?.id)
    const thu = await book(b.token, slots[3]?.id)
    const res = await ctx.request('/api/v1/staff/closures', {
      method: 'POST',
      token: staffToken,
      json: { communityId, serviceId: svc.id, startsOn: '2026-11-25', endsOn: '2026-11-25', reason: '食堂燃气检修' },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual({ cancelled: 1 })
    const wedNow = await (await ctx.request(`/api/v1/bookings/${wed.id}`, { token: a.token })).json()
    expect(wedNow).toMatchObject({ status: 'cancelled', statusReason: '食堂燃气检修' })
    expect((await (await ctx.request(`/api/v1/bookings/${thu.id}`, { token: b.token })).json()).status).toBe('confirmed')
    const after = await firstSlots(svc.id)
    expect(after[2]).toMatchObject({ state: 'closed', remaining: 10 })
    const refused = await ctx.request('/api/v1/bookings', { method: 'POST', token: b.token, json: { slotId: slots[2]?.id } })
    expect((await refused.json()).error.code).toBe('SLOT_CLOSED')
  })
})
