import { SCHEDULED_JOBS } from '../../bff/src/app'
import { enqueueReminders } from '../../bff/src/booking/jobs'
import { BOOKING_MESSAGES, type BookingMessageKind } from '../../bff/src/booking/messages'
import { deliverPending } from '../../bff/src/notify/delivery'
import { type MessageKind, type MessagePayload, renderMessage } from '../../bff/src/notify/messages'
import { enqueue } from '../../bff/src/notify/outbox'
import { ConsoleSender, type NotificationSender, type OutgoingMessage, createWechatSubscribeSender } from '../../bff/src/notify/senders'
import { DELIVERY_JOB, startWorker } from '../../bff/src/notify/worker'
import { RATING_MESSAGES } from '../../bff/src/rating/messages'
import { escalateOverdue } from '../../bff/src/rating/service'
import pino from 'pino'
import { useTestContext } from '../support/context'
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const APPID = 'wx-notify'
const SECRET = 'notify-secret'
const TEMPLATES = { result: 'tpl-result', change: 'tpl-change', reminder: 'tpl-reminder' }
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const MONDAY_LUNCH_END = new Date('2026-11-23T04:30:00Z')
const FAR = new Date('2030-01-01')
let fake: FakeWechat
let communityId: string
let staffToken: string

beforeAll(async () => {
  fake = await startFakeWechat(APPID, SECRET)
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
  staffToken = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })).id, FAR)
})
afterEach(() => ctx.setNow(MONDAY_8AM))
afterAll(() => fake.close())

const sender = () => createWechatSubscribeSender({ apiBase: fake.baseUrl, appid: APPID, secret: SECRET, templates: TEMPLATES, timeoutMs: 2000 })

/** A message as the delivery hands it to a sender. */
function outgoing<P extends MessagePayload>(kind: MessageKind<P>, openid: string | null, payload: NoInfer<P>): OutgoingMessage {
  return { ...renderMessage(kind, payload), key: 'outbox-test', openid }
}

const sendNow = (s: NotificationSender, m: OutgoingMessage) => s.send(m, AbortSignal.timeout(s.timeoutMs))

async function userWithOpenid(openid: string | null) {
  const user = await createUser(ctx.db, { birthDate: '1950-01-01', communityId })
  if (openid) await ctx.db.updateTable('app_user').set({ wx_openid: openid }).where('id', '=', user.id).execute()
  return { id: user.id, token: await sessionFor(ctx.db, user.id, new Date('2030-01-01')) }
}

async function bookNextLunch(token: string, serviceId: string, index = 1) {
  const slots = (await (await ctx.request(`/api/v1/services/${serviceId}/slots`)).json()).items
  const res = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId: slots[index].id } })
  expect(res.status).toBe(201)
  return res.json()
}

describe('WeChat subscribe-message sender against a fake server', () => {
  it('sends the template with service, date, time and place, renewing an expired token once', async () => {
    const s = sender()
    expect(await sendNow(s, outgoing(BOOKING_MESSAGES.booked, 'openid-a', { bookingId: 'b1', service: '老年助餐·午餐', date: '2026-11-24', time: '11:30–12:30', place: '桂花助老食堂' }))).toBe('sent')
    fake.expireTokenOnce()
    expect(await sendNow(s, outgoing(BOOKING_MESSAGES.reminder, 'openid-a', { bookingId: 'b1', service: '法律咨询', date: '2026-11-24', time: '14:00–14:30', place: '党群服务中心' }))).toBe('sent')
    expect(fake.messages[0]).toMatchObject({
      touser: 'openid-a',
      template_id: 'tpl-result',
      page: 'packages/booking/pages/detail/index?id=b1',
      data: { thing1: { value: '老年助餐·午餐' }, date2: { value: '2026-11-24' }, time3: { value: '11:30–12:30' }, thing4: { value: '桂花助老食堂' } },
    })
    expect(fake.messages[1]).toMatchObject({ template_id: 'tpl-reminder' })
  })

  it('maps each change to its template, note and page: a reply opens the rating, a reschedule names the old slot', async () => {
    const s = sender()
    const booking = { bookingId: 'b2', service: '老年助餐·午餐', date: '2026-11-25', time: '11:30–12:30', place: '桂花助老食堂' }
    const before = fake.messages.length
    await sendNow(s, outgoing(RATING_MESSAGES.case_replied, 'openid-a', { ...booking, caseId: 'c1', reply: '已增开窗口并改进保温，欢迎您再来用餐' }))
    await sendNow(s, outgoing(BOOKING_MESSAGES.rescheduled, 'openid-a', { ...booking, fromDate: '2026-11-24', fromTime: '11:30–12:30' }))
    await sendNow(s, outgoing(BOOKING_MESSAGES.cancelled_by_closure, 'openid-a', { ...booking, reason: '食堂燃气检修' }))
    await sendNow(s, outgoing(BOOKING_MESSAGES.cancelled_by_staff, 'openid-a', booking))
    const [reply, moved, closed, cancelled] = fake.messages.slice(before)
    expect(reply).toMatchObject({
      template_id: 'tpl-result',
      page: 'packages/rating/pages/rate/index?bookingId=b2',
      data: { thing1: { value: '老年助餐·午餐' }, date2: { value: '2026-11-25' }, thing5: { value: '答复：已增开窗口并改进保温，欢迎您再来用' } },
    })
    expect(moved).toMatchObject({ template_id: 'tpl-change', page: 'packages/booking/pages/detail/index?id=b2', data: { date2: { value: '2026-11-25' }, thing5: { value: '原定11-24 11:30–12:30' } } })
    expect(closed).toMatchObject({ template_id: 'tpl-change', data: { thing5: { value: '原因：食堂燃气检修，可以改约其他日期' } } })
    // Without a reason the title says what happened.
    expect(cancelled).toMatchObject({ template_id: 'tpl-change', data: { thing5: { value: '预约已被社区取消' } } })
  })

  it('the console prints the message with its idempotency key', async () => {
    const printed: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0)
    try {
      const message = outgoing(BOOKING_MESSAGES.rescheduled, null, { bookingId: 'b4', service: '助浴服务', date: '2026-11-26', time: '09:00–10:00', place: '日间照料中心', fromDate: '2026-11-24', fromTime: '09:00–10:00' })
      expect(await sendNow(new ConsoleSender(), message)).toBe('sent')
    } finally {
      write.mockRestore()
    }
    expect(printed).toEqual(['[开发通知 outbox-test] 预约已改期：助浴服务 2026-11-26 09:00–10:00 日间照料中心（原定2026-11-24 09:00–10:00；请按新的时间到场）\n'])
  })

  it('skips residents without a subscription or without WeChat, and throws on other errors', async () => {
    const s = sender()
    const payload = { bookingId: 'b3', service: 'x', date: '2026-11-24', time: '11:30', place: 'y' }
    expect(await sendNow(s, outgoing(BOOKING_MESSAGES.booked, 'openid-refused', payload))).toBe('skipped')
    expect(await sendNow(s, outgoing(BOOKING_MESSAGES.booked, null, payload))).toBe('skipped')
    await expect(sendNow(s, outgoing(BOOKING_MESSAGES.booked, 'openid-broken', payload))).rejects.toThrow(/47003/)
  })
})

describe('outbox delivery', () => {
  it('delivers booking messages once, skips H5-only residents, and retries failures with backoff up to 5 times', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const wx = await userWithOpenid('openid-wx')
    const h5 = await userWithOpenid(null)
    await bookNextLunch(wx.token, meal.id)
    await bookNextLunch(h5.token, meal.id)
    const before = fake.messages.length
    const first = await deliverPending(ctx.db, sender())
    expect(first.sent).toBeGreaterThanOrEqual(1)
    expect(first.skipped).toBeGreaterThanOrEqual(1)
    expect(fake.messages.length).toBe(before + first.sent)
    expect(await deliverPending(ctx.db, sender())).toEqual({ sent: 0, skipped: 0, failed: 0 })

    const broken = await userWithOpenid('openid-broken')
    await bookNextLunch(broken.token, meal.id)
    // Each failure waits 1, 4, 16, 64 minutes; a day later the sixth run finds nothing left to try.
    let at = Date.now()
    for (let i = 0; i < 6; i++, at += 24 * 3600_000) await deliverPending(ctx.db, sender(), { now: () => new Date(at) })
    const row = await ctx.db.selectFrom('notification_outbox').selectAll().where('user_id', '=', broken.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ attempts: 5, sent_at: null, claimed_until: null })
    expect(row.last_error).toMatch(/47003/)
  })

  it('queues one reminder per booking within its lead time', async () => {
    const legal = await createBookableService(ctx.db, { communityId, name: '法律咨询', category: 'legal' })
    const wx = await userWithOpenid('openid-reminded')
    const booking = await bookNextLunch(wx.token, legal.id) // Tuesday 11:30 local = 03:30Z; lead 120 minutes
    const reminders = () => ctx.db.selectFrom('notification_outbox').select(['kind', 'payload']).where('user_id', '=', wx.id).where('kind', '=', 'reminder').execute()
    expect(await enqueueReminders(ctx.db, new Date('2026-11-24T01:00:00Z'))).toBe(0)
    // Every Tuesday-lunch booking of this file is now within two hours; each gets one reminder.
    expect(await enqueueReminders(ctx.db, new Date('2026-11-24T01:31:00Z'))).toBeGreaterThanOrEqual(1)
    expect(await enqueueReminders(ctx.db, new Date('2026-11-24T02:00:00Z'))).toBe(0)
    const mine = await reminders()
    expect(mine).toHaveLength(1)
    expect(mine[0]?.payload).toMatchObject({ bookingId: booking.id, date: '2026-11-24', time: '11:30–12:30' })
  })

  it("runs on pg-boss: every domain's job is scheduled on its cron, and a queued delivery job sends what waits in the outbox", async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const wx = await userWithOpenid('openid-boss')
    await bookNextLunch(wx.token, meal.id)
    const delivered: string[] = []
    const recording: NotificationSender = {
      timeoutMs: 1000,
      send: async (m) => {
        delivered.push(`${m.kind}:${m.openid}`)
        return 'sent'
      },
    }
    const boss = await startWorker({ connectionString: ctx.databaseUrl, db: ctx.db, sender: recording, jobs: SCHEDULED_JOBS, logger: pino({ level: 'silent' }), now: () => MONDAY_8AM })
    try {
      const schedules = (await boss.getSchedules()).map((s) => [s.name, s.cron])
      expect(schedules).toEqual(
        expect.arrayContaining([
          ['notify-deliver', '* * * * *'],
          ['booking-reminders', '* * * * *'],
          ['rating-escalate', '* * * * *'],
          ['consultation-expire', '*/10 * * * *'],
          ['consultation-close-votes', '* * * * *'],
          ['consultation-meeting-reminders', '* * * * *'],
          ['consultation-outcome-overdue', '*/30 * * * *'],
          ['volunteer-shift-reminders', '* * * * *'],
          ['volunteer-star-awards', '* * * * *'],
          ['volunteer-help-release', '*/15 * * * *'],
          ['platform-prune', '0 3 * * *'],
        ]),
      )
      expect(schedules).toHaveLength(11)
      await boss.send(DELIVERY_JOB.name, {})
      const deadline = Date.now() + 20_000
      while (!delivered.includes('booked:openid-boss') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(delivered).toContain('booked:openid-boss')
    } finally {
      await boss.stop({ graceful: false, wait: true })
    }
  }, 30_000)
})

/** What the outbox holds for her, oldest first. */
async function outbox(userId: string) {
  return ctx.db.selectFrom('notification_outbox').select(['kind', 'payload']).where('user_id', '=', userId).orderBy('id').execute()
}

function inbox(token: string, query = '') {
  return ctx.request(`/api/v1/me/messages${query}`, { token })
}

async function unread(token: string): Promise<number> {
  return (await (await ctx.request('/api/v1/me/messages/unread-count', { token })).json()).unread
}

function staffAction(bookingId: string, path: string, reason?: string) {
  return ctx.request(`/api/v1/bookings/${bookingId}/${path}`, { method: 'POST', token: staffToken, ...(reason ? { json: { reason } } : {}) })
}

describe('every change she must know about is sent and waits in 我的消息', () => {
  it('confirm, decline and staff cancel: one outbox row each, in 我的消息 with the reason; her own booking only in the outbox', async () => {
    const legal = await createBookableService(ctx.db, { communityId, name: '法律咨询', category: 'legal', requiresConfirmation: true })
    const she = await userWithOpenid(null)
    const confirmed = await bookNextLunch(she.token, legal.id, 1)
    const declined = await bookNextLunch(she.token, legal.id, 2)
    expect((await staffAction(confirmed.id, 'confirm')).status).toBe(200)
    expect((await staffAction(declined.id, 'decline', '律师当天外出')).status).toBe(200)
    expect((await staffAction(confirmed.id, 'staff-cancel', '律师临时出庭')).status).toBe(200)
    expect((await outbox(she.id)).map((r) => r.kind)).toEqual(['booked', 'booked', 'confirmed', 'declined', 'cancelled_by_staff'])

    const page = await (await inbox(she.token)).json()
    expect(page.items.map((m: { kind: string }) => m.kind)).toEqual(['cancelled_by_staff', 'declined', 'confirmed'])
    expect(page.items[0]).toMatchObject({
      title: '预约已被社区取消',
      service: '法律咨询',
      date: '2026-11-24',
      time: '11:30–12:30',
      note: '原因：律师临时出庭',
      previous: null,
      target: { page: 'booking', bookingId: confirmed.id },
      read: false,
    })
    expect(page.items[1]).toMatchObject({ title: '预约未通过', note: '原因：律师当天外出', target: { bookingId: declined.id } })
    expect(await unread(she.token)).toBe(3)
  })

  it('a closure tells everyone whose booking it cancelled, as a closure with its reason', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const she = await userWithOpenid(null)
    const booking = await bookNextLunch(she.token, meal.id, 2)
    const res = await ctx.request('/api/v1/staff/closures', {
      method: 'POST',
      token: staffToken,
      json: { communityId, serviceId: meal.id, startsOn: '2026-11-25', endsOn: '2026-11-25', reason: '食堂燃气检修' },
    })
    expect(res.status).toBe(201)
    expect((await outbox(she.id)).map((r) => r.kind)).toEqual(['booked', 'cancelled_by_closure'])
    const [message] = (await (await inbox(she.token)).json()).items
    expect(message).toMatchObject({
      kind: 'cancelled_by_closure',
      title: '当天暂停服务，预约已取消',
      date: '2026-11-25',
      note: '原因：食堂燃气检修，可以改约其他日期',
      target: { page: 'booking', bookingId: booking.id },
    })
  })

  it('a reschedule names the new slot and the old one', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const she = await userWithOpenid(null)
    const booking = await bookNextLunch(she.token, meal.id, 1)
    const slots = (await (await ctx.request(`/api/v1/services/${meal.id}/slots`)).json()).items
    const moved = await ctx.request(`/api/v1/bookings/${booking.id}/reschedule`, { method: 'POST', token: she.token, json: { slotId: slots[3].id } })
    expect(moved.status).toBe(200)
    const rows = await outbox(she.id)
    expect(rows.map((r) => r.kind)).toEqual(['booked', 'rescheduled'])
    expect(rows[1]?.payload).toMatchObject({ bookingId: booking.id, date: '2026-11-26', fromDate: '2026-11-24', fromTime: '11:30–12:30' })
    const [message] = (await (await inbox(she.token)).json()).items
    expect(message).toMatchObject({ title: '预约已改期', date: '2026-11-26', time: '11:30–12:30', previous: { date: '2026-11-24', time: '11:30–12:30' } })
  })

  it('a waitlisted resident promoted by a staff cancel is told', async () => {
    const meal = await createBookableService(ctx.db, { communityId, rules: [{ weekday: 2, start: '11:30', end: '12:30', capacity: 1 }] })
    const first = await userWithOpenid(null)
    const second = await userWithOpenid(null)
    const slotId = (await (await ctx.request(`/api/v1/services/${meal.id}/slots`)).json()).items[0].id
    const seated = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: first.token, json: { slotId } })).json()
    expect((await ctx.request('/api/v1/bookings', { method: 'POST', token: second.token, json: { slotId, joinWaitlist: true } })).status).toBe(201)
    expect((await staffAction(seated.id, 'staff-cancel', '家属来电取消')).status).toBe(200)
    expect((await outbox(second.id)).map((r) => r.kind)).toEqual(['waitlisted', 'promoted'])
    expect((await (await inbox(second.token)).json()).items.map((m: { title: string }) => m.title)).toEqual(['候补成功，已为您预约'])
  })

  it('the 答复 on her 差评 reaches her with the service, the date, the start of the reply and the case, opening the rating', async () => {
    const bath = await createBookableService(ctx.db, { communityId, name: '助浴服务' })
    const she = await userWithOpenid('openid-rated')
    const slotId = (await (await ctx.request(`/api/v1/services/${bath.id}/slots`)).json()).items[0].id
    const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: she.token, json: { slotId } })).json()
    ctx.setNow(MONDAY_LUNCH_END)
    expect((await staffAction(booking.id, 'serve')).status).toBe(200)
    const rating = await (await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token: she.token, json: { level: 2, tags: ['等待太久'] } })).json()
    const caseId = rating.case.id
    const step = (kind: string, note: string) => ctx.request(`/api/v1/staff/cases/${caseId}/steps`, { method: 'POST', token: staffToken, json: { kind, note } })
    expect((await step('verify', '电话回访王阿姨，情况属实')).status).toBe(200)
    expect((await step('rectify', '调整排班')).status).toBe(200)
    // Verifying and rectifying are staff work in progress; only the reply is news for her.
    expect((await outbox(she.id)).map((r) => r.kind)).toEqual(['booked'])
    const reply = '已调整护理员排班，每次提前十分钟到岗，并由护理组长电话确认到达时间，下次一定准时为您服务，感谢您的监督'
    expect((await step('reply', reply)).status).toBe(200)

    const rows = await outbox(she.id)
    expect(rows.map((r) => r.kind)).toEqual(['booked', 'case_replied'])
    expect(rows[1]?.payload).toMatchObject({ bookingId: booking.id, caseId, service: '助浴服务', date: '2026-11-23' })
    expect(rows[1]?.payload.reply).toHaveLength(40)
    expect(String(rows[1]?.payload.reply).endsWith('…')).toBe(true)
    const [message] = (await (await inbox(she.token)).json()).items
    expect(message).toMatchObject({ kind: 'case_replied', title: '社区已答复您的评价', service: '助浴服务', target: { page: 'rating', bookingId: booking.id } })
    expect(message.note).toBe(`答复：${rows[1]?.payload.reply}`)

    const before = fake.messages.length
    await deliverPending(ctx.db, sender())
    expect(fake.messages.slice(before)).toContainEqual(
      expect.objectContaining({ touser: 'openid-rated', template_id: 'tpl-result', page: `packages/rating/pages/rate/index?bookingId=${booking.id}` }),
    )
  })
})

describe('a 差评 nobody answered in time', () => {
  it('is escalated to the street and she is told so', async () => {
    const clean = await createBookableService(ctx.db, { communityId, name: '助洁服务' })
    const she = await userWithOpenid(null)
    const slotId = (await (await ctx.request(`/api/v1/services/${clean.id}/slots`)).json()).items[0].id
    const booking = await (await ctx.request('/api/v1/bookings', { method: 'POST', token: she.token, json: { slotId } })).json()
    ctx.setNow(MONDAY_LUNCH_END)
    expect((await staffAction(booking.id, 'serve')).status).toBe(200)
    const rating = await (await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token: she.token, json: { level: 1 } })).json()
    // Due by the end of the 15th working day (14 December); the job runs after it.
    expect(await escalateOverdue(ctx.db, new Date('2026-12-15T01:00:00Z'))).toBeGreaterThanOrEqual(1)
    const rows = await outbox(she.id)
    expect(rows.map((r) => r.kind)).toEqual(['booked', 'case_escalated'])
    expect(rows[1]?.payload).toMatchObject({ bookingId: booking.id, caseId: rating.case.id, service: '助洁服务' })
    const [message] = (await (await inbox(she.token)).json()).items
    expect(message).toMatchObject({ title: '您的评价已上报街道督办', note: '社区未在期限内答复，街道将督促办理', target: { page: 'rating', bookingId: booking.id } })
    expect(await escalateOverdue(ctx.db, new Date('2026-12-16T01:00:00Z'))).toBe(0)
    expect(await outbox(she.id)).toHaveLength(2)
  })
})

describe('我的消息 API', () => {
  it('lists only her own, newest first, a page at a time; refuses a bad cursor', async () => {
    const she = await userWithOpenid(null)
    const other = await userWithOpenid(null)
    const payload = (n: number) => ({ bookingId: '00000000-0000-4000-8000-00000000000' + n, service: `服务${n}`, date: '2026-11-24', time: '11:30–12:30', place: '党群服务中心' })
    for (let n = 1; n <= 5; n++) {
      // Each in its own transaction, like the changes they report; two share a millisecond now and then.
      await enqueue(ctx.db, { kind: BOOKING_MESSAGES.confirmed, recipient: { userId: she.id, communityId }, payload: payload(n) })
    }
    await enqueue(ctx.db, { kind: BOOKING_MESSAGES.confirmed, recipient: { userId: other.id, communityId }, payload: payload(9) })

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: Response = await inbox(she.token, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      const page: { items: { service: string }[]; nextCursor: string | null } = await res.json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((m) => m.service))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(['服务5', '服务4', '服务3', '服务2', '服务1'])

    const bad = await inbox(she.token, '?cursor=not-a-cursor')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'cursor', message: '翻页参数无效' }] })
    expect((await inbox(she.token, '?limit=500')).status).toBe(400)
  })

  it('reads one (hers only) and all; the count follows', async () => {
    const she = await userWithOpenid(null)
    const other = await userWithOpenid(null)
    const payload = { bookingId: '00000000-0000-4000-8000-000000000001', service: '老年助餐', date: '2026-11-24', time: '11:30–12:30', place: '食堂' }
    const kinds: BookingMessageKind[] = [BOOKING_MESSAGES.confirmed, BOOKING_MESSAGES.reminder, BOOKING_MESSAGES.cancelled_by_staff]
    for (const kind of kinds) await enqueue(ctx.db, { kind, recipient: { userId: she.id, communityId }, payload })
    const items: { id: string }[] = (await (await inbox(she.token)).json()).items
    expect(await unread(she.token)).toBe(3)

    const read = (token: string, id: string) => ctx.request(`/api/v1/me/messages/${id}/read`, { method: 'POST', token })
    const notHers = await read(other.token, items[0]?.id ?? '')
    expect(notHers.status).toBe(404)
    expect((await notHers.json()).error).toEqual({ code: 'MESSAGE_NOT_FOUND', message: '没有找到这条消息' })
    expect(await unread(she.token)).toBe(3)

    const opened = await read(she.token, items[0]?.id ?? '')
    expect(opened.status).toBe(200)
    expect(await opened.json()).toMatchObject({ id: items[0]?.id, read: true })
    expect((await read(she.token, items[0]?.id ?? '')).status).toBe(200)
    expect(await unread(she.token)).toBe(2)
    expect((await read(she.token, 'not-a-uuid')).status).toBe(400)

    const all = await ctx.request('/api/v1/me/messages/read-all', { method: 'POST', token: she.token })
    expect(await all.json()).toEqual({ unread: 0 })
    expect(await unread(she.token)).toBe(0)
    expect((await (await inbox(she.token)).json()).items.every((m: { read: boolean }) => m.read)).toBe(true)
    expect((await ctx.request('/api/v1/me/messages')).status).toBe(401)
  })
})
