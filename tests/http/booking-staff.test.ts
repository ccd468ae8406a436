import { identityHash } from '../../bff/src/auth/sealed'
import { onBookingServed } from '../../bff/src/booking/served'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createProvider, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
/** Monday 23 November in Shanghai, at a local `HH:MM`. */
const monday = (time: string) => new Date(`2026-11-23T${time}:00+08:00`)
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
    ctx.setNow(monday('11:00'))
    const wrong = await ctx.request('/api/v1/staff/check-in', { method: 'POST', token: staffToken, json: { communityId, code: mine.checkInCode === '000000' ? '111111' : '000000' } })
    expect(wrong.status).toBe(404)
    const checkedIn = await ctx.request('/api/v1/staff/check-in', { method: 'POST', token: staffToken, json: { communityId, code: mine.checkInCode } })
    expect(checkedIn.status).toBe(200)
    const staffView = await checkedIn.json()
    expect(staffView).toMatchObject({ status: 'checked_in', servedName: '王*兰', checkInCode: null })
    ctx.setNow(monday('11:30'))
    expect((await action(staffToken, mine.id, 'serve')).status).toBe(200)
    ctx.setNow(MONDAY_8AM)
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
    ctx.setNow(monday('11:00'))
    expect((await action(lawyerToken, consultation.id, 'check-in')).status).toBe(200)
    expect((await action(lawyerToken, lunch.id, 'check-in')).status).toBe(404)
    expect((await action(lawyerToken, consultation.id, 'staff-cancel', '律师没空')).status).toBe(403)
    ctx.setNow(MONDAY_8AM)
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
    expect(await res.json()).toMatchObject({ cancelled: 1 })
    const wedNow = await (await ctx.request(`/api/v1/bookings/${wed.id}`, { token: a.token })).json()
    expect(wedNow).toMatchObject({ status: 'cancelled', statusReason: '食堂燃气检修' })
    expect((await (await ctx.request(`/api/v1/bookings/${thu.id}`, { token: b.token })).json()).status).toBe('confirmed')
    const after = await firstSlots(svc.id)
    expect(after[2]).toMatchObject({ state: 'closed', remaining: 10 })
    const refused = await ctx.request('/api/v1/bookings', { method: 'POST', token: b.token, json: { slotId: slots[2]?.id } })
    expect((await refused.json()).error.code).toBe('SLOT_CLOSED')
  })
})

describe('check-in and 已服务 follow the slot’s clock', () => {
  it('opens check-in 60 minutes before the start (by id and by code); 已服务 needs the start; 未到场 as before', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [lunch, tomorrow] = await firstSlots(svc.id)
    const a = await resident()
    const b = await resident('李敏')
    const byId = await book(a.token, lunch?.id)
    const byCode = await book(b.token, lunch?.id)
    const ahead = await book(a.token, tomorrow?.id)
    const checkInByCode = (code: string) => ctx.request('/api/v1/staff/check-in', { method: 'POST', token: staffToken, json: { communityId, code } })

    // Days ahead: refused, saying when it opens.
    const early = await action(staffToken, ahead.id, 'check-in')
    expect(early.status).toBe(409)
    expect((await early.json()).error).toEqual({ code: 'CHECK_IN_NOT_OPEN', message: '签到时间未到：11月24日 11:30 的老年助餐 11月24日 10:30 起可签到' })

    // 61 minutes before: still refused, by id and by code.
    ctx.setNow(monday('10:29'))
    const refused = await action(staffToken, byId.id, 'check-in')
    expect((await refused.json()).error).toEqual({ code: 'CHECK_IN_NOT_OPEN', message: '签到时间未到：11:30 的老年助餐 10:30 起可签到' })
    expect((await (await checkInByCode(byCode.checkInCode)).json()).error.code).toBe('CHECK_IN_NOT_OPEN')
    const serveEarly = await action(staffToken, byId.id, 'serve')
    expect(serveEarly.status).toBe(409)
    expect((await serveEarly.json()).error).toEqual({ code: 'SERVICE_NOT_STARTED', message: '服务还没开始：11:30 开始后才能标记已服务' })

    // 59 minutes before: open, by id and by code; 已服务 and 未到场 still wait for the start.
    ctx.setNow(monday('10:31'))
    expect((await (await action(staffToken, byId.id, 'check-in')).json()).status).toBe('checked_in')
    expect((await (await checkInByCode(byCode.checkInCode)).json()).status).toBe('checked_in')
    expect((await (await action(staffToken, byId.id, 'serve')).json()).error.code).toBe('SERVICE_NOT_STARTED')
    expect((await (await action(staffToken, ahead.id, 'no-show')).json()).error.message).toMatch(/还没到/)

    // From the start on.
    ctx.setNow(monday('11:30'))
    expect((await (await action(staffToken, byId.id, 'serve')).json()).status).toBe('served')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', byId.id).orderBy('id').execute()
    expect(audit.map((r) => r.action)).toEqual(['booking.check_in', 'booking.serve'])
    ctx.setNow(MONDAY_8AM)
  })

  it('still records a booking from days ago, the day after a closure (staff catching up after a holiday)', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [lunch] = await firstSlots(svc.id)
    const a = await resident()
    const mine = await book(a.token, lunch?.id)
    const closed = await ctx.request('/api/v1/staff/closures', {
      method: 'POST',
      token: staffToken,
      json: { communityId, serviceId: svc.id, startsOn: '2026-11-24', endsOn: '2026-11-25', reason: '节假日休息' },
    })
    expect(closed.status).toBe(201)
    ctx.setNow(new Date('2026-11-26T09:00:00+08:00'))
    expect((await (await action(staffToken, mine.id, 'check-in')).json()).status).toBe('checked_in')
    expect((await (await action(staffToken, mine.id, 'serve')).json()).status).toBe('served')
    ctx.setNow(MONDAY_8AM)
  })

  it('saves the check-in lead per service and applies it', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const current = await (await ctx.request(`/api/v1/services/${svc.id}/booking-setup`)).json()
    expect(current.settings.checkInLeadMinutes).toBe(60)
    const saved = await ctx.request(`/api/v1/services/${svc.id}/booking-setup`, {
      method: 'PUT',
      token: staffToken,
      json: { ...current, settings: { ...current.settings, checkInLeadMinutes: 15 } },
    })
    expect(saved.status).toBe(200)
    expect((await saved.json()).settings.checkInLeadMinutes).toBe(15)
    const tooLong = await ctx.request(`/api/v1/services/${svc.id}/booking-setup`, {
      method: 'PUT',
      token: staffToken,
      json: { ...current, settings: { ...current.settings, checkInLeadMinutes: 100000 } },
    })
    expect((await tooLong.json()).error.fields[0].path).toBe('settings.checkInLeadMinutes')
    const [lunch] = await firstSlots(svc.id)
    const mine = await book((await resident()).token, lunch?.id)
    ctx.setNow(monday('11:00'))
    expect((await (await action(staffToken, mine.id, 'check-in')).json()).error.message).toBe('签到时间未到：11:30 的老年助餐 11:15 起可签到')
    ctx.setNow(monday('11:16'))
    expect((await action(staffToken, mine.id, 'check-in')).status).toBe(200)
    ctx.setNow(MONDAY_8AM)
  })
})

describe('staff see what residents wrote', () => {
  it('gives staff and the provider each answer with its question’s label', async () => {
    const meal = await createBookableService(ctx.db, {
      communityId,
      name: '老年助餐·午餐',
      questions: [
        { id: 'diet', label: '忌口', required: false, maxLength: 50 },
        { id: 'note', label: '其他要求', required: false, maxLength: 50 },
      ],
    })
    const legal = await createBookableService(ctx.db, {
      communityId,
      name: '法律咨询',
      category: 'legal',
      providerId: lawyerProviderId,
      questions: [{ id: 'topic', label: '想咨询的问题', required: true, maxLength: 100 }],
    })
    const a = await resident()
    const [, mealSlot] = await firstSlots(meal.id)
    const [, legalSlot] = await firstSlots(legal.id)
    const lunch = await book(a.token, mealSlot?.id, { answers: { diet: '少盐软烂' } })
    const consultation = await book(a.token, legalSlot?.id, { answers: { topic: '子女不尽赡养义务怎么办' } })
    expect(lunch.answerItems).toEqual([{ label: '忌口', value: '少盐软烂' }])

    const board = await (await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=2026-11-24`, { token: staffToken })).json()
    expect(board.items.find((b: { id: string }) => b.id === lunch.id).answerItems).toEqual([{ label: '忌口', value: '少盐软烂' }])
    const lawyers = await (await ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=2026-11-24`, { token: lawyerToken })).json()
    expect(lawyers.items.map((b: { id: string; answerItems: unknown }) => [b.id, b.answerItems])).toEqual([
      [consultation.id, [{ label: '想咨询的问题', value: '子女不尽赡养义务怎么办' }]],
    ])
  })
})

describe('窗口代办 without a phone number', () => {
  const walkIn = (json: Record<string, unknown>, token = staffToken) => ctx.request('/api/v1/staff/walk-in', { method: 'POST', token, json })

  it('registers a new resident from name and birth date, and answers with the code to read out', async () => {
    const svc = await createBookableService(ctx.db, { communityId, minAge: 60 })
    const [, slot] = await firstSlots(svc.id)
    const res = await walkIn({ slotId: slot?.id, name: '孙大爷', birthDate: '1948-06-18' })
    expect(res.status).toBe(201)
    const booking = await res.json()
    expect(booking).toMatchObject({ resident: 'registered', channel: 'walk_in', status: 'confirmed', servedName: '孙*爷' })
    expect(booking.checkInCode).toMatch(/^\d{6}$/)
    const row = await ctx.db.selectFrom('booking').innerJoin('app_user', 'app_user.id', 'booking.booked_by').select(['app_user.community_id', 'app_user.birth_date_enc', 'app_user.phone_hash', 'booking.check_in_code']).where('booking.id', '=', booking.id).executeTakeFirstOrThrow()
    expect({ ...row, birth_date_enc: row.birth_date_enc && ctx.deps.cipher.decrypt(row.birth_date_enc) }).toEqual({ community_id: communityId, birth_date_enc: '1948-06-18', phone_hash: null, check_in_code: booking.checkInCode })
    const noBirth = await walkIn({ slotId: slot?.id, name: '孙大爷' })
    expect(noBirth.status).toBe(400)
    expect((await noBirth.json()).error.fields).toEqual([{ path: 'birthDate', message: '没有手机号时请填写出生日期，用来核对是哪位居民' }])
  })

  it('finds the one resident of the community with that name and birth date', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [, slot, later] = await firstSlots(svc.id)
    const liu = await createUser(ctx.db, { communityId, name: '刘桂芳', birthDate: '1944-09-09' })
    const street = await ctx.db.selectFrom('community').select('street_id').where('id', '=', communityId).executeTakeFirstOrThrow()
    const elsewhere = await createCommunity(ctx.db, { streetId: street.street_id })
    await createUser(ctx.db, { communityId: elsewhere.id, name: '刘桂芳', birthDate: '1944-09-09' })
    const res = await walkIn({ slotId: slot?.id, name: '刘桂芳', birthDate: '1944-09-09' })
    expect(res.status).toBe(201)
    const booking = await res.json()
    expect(booking.resident).toBe('found')
    const row = await ctx.db.selectFrom('booking').select('booked_by').where('id', '=', booking.id).executeTakeFirstOrThrow()
    expect(row.booked_by).toBe(liu.id)
    // A phone number given later is recorded, and then finds her.
    const withPhone = await (await walkIn({ slotId: later?.id, name: '刘桂芳', birthDate: '1944-09-09', phone: '13900007777' })).json()
    expect(withPhone.resident).toBe('found')
    const byPhone = await (await walkIn({ slotId: slot?.id, name: '刘桂芳', phone: '13900007777' })).json()
    expect(byPhone.error.code).toBe('ALREADY_BOOKED')
  })

  it('refuses to guess between two residents with the same name and birth date', async () => {
    const svc = await createBookableService(ctx.db, { communityId })
    const [, slot] = await firstSlots(svc.id)
    await createUser(ctx.db, { communityId, name: '张建国', birthDate: '1952-01-01' })
    await createUser(ctx.db, { communityId, name: '张建国', birthDate: '1952-01-01' })
    const res = await walkIn({ slotId: slot?.id, name: '张建国', birthDate: '1952-01-01' })
    expect(res.status).toBe(409)
    expect((await res.json()).error).toEqual({ code: 'RESIDENT_AMBIGUOUS', message: '本社区有不止一位同名、同出生日期的居民，请填写手机号以确认身份' })
    expect(await ctx.db.selectFrom('booking').select('id').where('slot_id', '=', slot?.id ?? '').execute()).toEqual([])
    // With a phone number the person at the counter is told apart: a record of their own.
    const withPhone = await walkIn({ slotId: slot?.id, name: '张建国', birthDate: '1952-01-01', phone: '13900008888' })
    expect((await withPhone.json()).resident).toBe('registered')
  })
})

describe('closures are previewed, listed and lifted', () => {
  it('says how many bookings a closure cancels, lists it, and lifts it (cancelled bookings stay cancelled)', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '社区食堂' })
    const slots = await firstSlots(svc.id)
    const a = await resident()
    const b = await resident('李敏')
    const thu = await book(a.token, slots[3]?.id)
    await book(b.token, slots[3]?.id)
    const span = { communityId, startsOn: '2026-11-26', endsOn: '2026-11-27' }
    const preview = await ctx.request(`/api/v1/staff/closures/preview?communityId=${communityId}&serviceId=${svc.id}&startsOn=2026-11-26&endsOn=2026-11-27`, { token: staffToken })
    expect(await preview.json()).toEqual({ bookings: 2, helperRequests: 0 })
    const past = await ctx.request(`/api/v1/staff/closures/preview?communityId=${communityId}&startsOn=2026-11-20&endsOn=2026-11-27`, { token: staffToken })
    expect((await past.json()).error.fields[0]).toEqual({ path: 'startsOn', message: '开始日期不能早于今天' })

    const added = await (await ctx.request('/api/v1/staff/closures', { method: 'POST', token: staffToken, json: { ...span, serviceId: svc.id, reason: '食堂设备检修' } })).json()
    expect(added.cancelled).toBe(2)
    const whole = await (await ctx.request('/api/v1/staff/closures', { method: 'POST', token: staffToken, json: { communityId, serviceId: null, startsOn: '2026-11-30', endsOn: '2026-11-30', reason: '社区活动日' } })).json()
    const list = await (await ctx.request(`/api/v1/staff/closures?communityId=${communityId}&serviceId=${svc.id}`, { token: staffToken })).json()
    expect(list.items).toEqual(
      expect.arrayContaining([
        { id: added.id, serviceId: svc.id, serviceName: '社区食堂', startsOn: '2026-11-26', endsOn: '2026-11-27', reason: '食堂设备检修' },
        { id: whole.id, serviceId: null, serviceName: null, startsOn: '2026-11-30', endsOn: '2026-11-30', reason: '社区活动日' },
      ]),
    )

    // Another community's staff neither see nor lift it.
    expect((await ctx.request(`/api/v1/staff/closures?communityId=${communityId}`, { token: otherStaffToken })).status).toBe(403)
    expect((await ctx.request(`/api/v1/staff/closures/preview?communityId=${communityId}&startsOn=2026-11-26&endsOn=2026-11-27`, { token: otherStaffToken })).status).toBe(403)
    expect((await ctx.request(`/api/v1/staff/closures/${added.id}/lift`, { method: 'POST', token: otherStaffToken })).status).toBe(404)
    expect((await ctx.request(`/api/v1/staff/closures/${added.id}/lift`, { method: 'POST', token: lawyerToken })).status).toBe(403)

    const lifted = await ctx.request(`/api/v1/staff/closures/${added.id}/lift`, { method: 'POST', token: staffToken })
    expect(lifted.status).toBe(204)
    expect((await ctx.request(`/api/v1/staff/closures/${added.id}/lift`, { method: 'POST', token: staffToken })).status).toBe(409)
    const after = await (await ctx.request(`/api/v1/staff/closures?communityId=${communityId}&serviceId=${svc.id}`, { token: staffToken })).json()
    expect(after.items.map((c: { id: string }) => c.id)).not.toContain(added.id)
    const open = await firstSlots(svc.id)
    expect(open[3]).toMatchObject({ state: 'open', remaining: 10 })
    expect((await (await ctx.request(`/api/v1/bookings/${thu.id}`, { token: a.token })).json()).status).toBe('cancelled')
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', added.id).orderBy('id').execute()
    expect(audit.map((r) => r.action)).toEqual(['booking.closure_added', 'booking.closure_lifted'])
  })

  it('declares who may call the closure routes, like every other route', async () => {
    const doc = await (await ctx.request('/api/openapi.json')).json()
    expect([
      doc.paths['/api/v1/staff/closures'].get['x-access'],
      doc.paths['/api/v1/staff/closures'].post['x-access'],
      doc.paths['/api/v1/staff/closures/preview'].get['x-access'],
      doc.paths['/api/v1/staff/closures/{closureId}/lift'].post['x-access'],
    ]).toEqual(Array(4).fill(['staff', 'street_admin']))
    expect((await ctx.request(`/api/v1/staff/closures?communityId=${communityId}`)).status).toBe(401)
  })
})

describe('one transaction per staff action', () => {
  it('leaves no newly registered person behind when the walk-in booking is refused', async () => {
    const svc = await createBookableService(ctx.db, { communityId, minAge: 60 })
    const [, slot] = await firstSlots(svc.id)
    const young = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: slot?.id, name: '冯小军', birthDate: '1990-04-04', phone: '13700009999' } })
    expect(young.status).toBe(409)
    const left = await ctx.db.selectFrom('app_user').select('id').where('identity_hash', '=', identityHash(ctx.deps.cipher, '冯小军', '1990-04-04')).execute()
    expect(left).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'booking.walk_in').where('community_id', '=', communityId).execute()
    const booked = await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staffToken, json: { slotId: slot?.id, name: '冯大爷', birthDate: '1950-04-04' } })
    expect(booked.status).toBe(201)
    const after = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'booking.walk_in').where('community_id', '=', communityId).execute()
    expect(after).toHaveLength(audit.length + 1)
  })

  it('counts no-shows marked at once under one lock (the third suspends), and two lifts at once lift once', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '助餐·晚餐' })
    const a = await resident('蒋桂兰')
    const bookings = []
    for (const slot of (await firstSlots(svc.id)).slice(1, 4)) bookings.push(await book(a.token, slot.id))
    try {
      ctx.setNow(new Date('2026-11-27T00:00:00Z'))
      const [first, second, third] = bookings
      expect((await action(staffToken, first.id, 'no-show')).status).toBe(200)
      const both = await Promise.all([action(staffToken, second.id, 'no-show'), action(staffToken, third.id, 'no-show')])
      expect(both.map((r) => r.status)).toEqual([200, 200])
      const suspensions = await ctx.db.selectFrom('no_show_suspension').select('id').where('user_id', '=', a.id).execute()
      expect(suspensions).toHaveLength(1)

      const lift = () => ctx.request(`/api/v1/staff/suspensions/${suspensions[0]?.id}/lift`, { method: 'POST', token: staffToken, json: { reason: '家属说明了情况' } })
      const lifts = await Promise.all([lift(), lift()])
      expect(lifts.map((r) => r.status).sort()).toEqual([204, 409])
      const audit = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'booking.suspension_lifted').where('target_id', '=', suspensions[0]?.id ?? '').execute()
      expect(audit).toHaveLength(1)
    } finally {
      ctx.setNow(MONDAY_8AM)
    }
  })

  it('tells booking.served subscribers inside the serving transaction: a failing one undoes the 已服务', async () => {
    const seen: string[] = []
    const svc = await createBookableService(ctx.db, { communityId })
    const [today] = await firstSlots(svc.id)
    const mine = await book((await resident('卫秀英')).token, today?.id)
    const unsubscribe = onBookingServed(async (trx, served) => {
      const row = await trx.selectFrom('booking').select('status').where('id', '=', served.id).executeTakeFirstOrThrow()
      seen.push(`${served.id}:${row.status}`)
      if (seen.length === 1) throw new Error('subscriber failed')
    })
    try {
      ctx.setNow(monday('11:30'))
      expect((await action(staffToken, mine.id, 'serve')).status).toBe(500)
      const still = await ctx.db.selectFrom('booking').select('status').where('id', '=', mine.id).executeTakeFirstOrThrow()
      expect(still.status).toBe('confirmed')
      expect((await action(staffToken, mine.id, 'serve')).status).toBe(200)
      expect(seen).toEqual([`${mine.id}:served`, `${mine.id}:served`])
    } finally {
      unsubscribe()
      ctx.setNow(MONDAY_8AM)
    }
  })
})
