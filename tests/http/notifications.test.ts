import { JOBS, deliverPending, enqueueReminders, startWorker } from '../../bff/src/notify/worker'
import { type NotificationSender, createWechatSubscribeSender } from '../../bff/src/notify/senders'
import pino from 'pino'
import { useTestContext } from '../support/context'
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const APPID = 'wx-notify'
const SECRET = 'notify-secret'
const TEMPLATES = { result: 'tpl-result', change: 'tpl-change', reminder: 'tpl-reminder' }
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
let fake: FakeWechat
let communityId: string

beforeAll(async () => {
  fake = await startFakeWechat(APPID, SECRET)
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
})
afterAll(() => fake.close())

const sender = () => createWechatSubscribeSender({ apiBase: fake.baseUrl, appid: APPID, secret: SECRET, templates: TEMPLATES, timeoutMs: 2000 })

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
    expect(await s.send({ kind: 'booked', openid: 'openid-a', payload: { service: '老年助餐·午餐', date: '2026-11-24', time: '11:30–12:30', place: '桂花助老食堂' }, bookingId: 'b1' })).toBe('sent')
    fake.expireTokenOnce()
    expect(await s.send({ kind: 'reminder', openid: 'openid-a', payload: { service: '法律咨询', date: '2026-11-24', time: '14:00–14:30', place: '党群服务中心' } })).toBe('sent')
    expect(fake.messages[0]).toMatchObject({
      touser: 'openid-a',
      template_id: 'tpl-result',
      page: 'packages/booking/pages/detail/index?id=b1',
      data: { thing1: { value: '老年助餐·午餐' }, date2: { value: '2026-11-24' }, time3: { value: '11:30–12:30' }, thing4: { value: '桂花助老食堂' } },
    })
    expect(fake.messages[1]).toMatchObject({ template_id: 'tpl-reminder' })
  })

  it('skips residents without a subscription or without WeChat, and throws on other errors', async () => {
    const s = sender()
    const payload = { service: 'x', date: '2026-11-24', time: '11:30', place: 'y' }
    expect(await s.send({ kind: 'booked', openid: 'openid-refused', payload })).toBe('skipped')
    expect(await s.send({ kind: 'booked', openid: null, payload })).toBe('skipped')
    await expect(s.send({ kind: 'booked', openid: 'openid-broken', payload })).rejects.toThrow(/47003/)
  })
})

describe('outbox delivery', () => {
  it('delivers booking messages once, skips H5-only residents, and retries failures up to 5 times', async () => {
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
    for (let i = 0; i < 6; i++) await deliverPending(ctx.db, sender())
    const row = await ctx.db.selectFrom('notification_outbox').selectAll().where('user_id', '=', broken.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ attempts: 5, sent_at: null })
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

  it('runs on pg-boss: a queued delivery job sends what waits in the outbox', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const wx = await userWithOpenid('openid-boss')
    await bookNextLunch(wx.token, meal.id)
    const delivered: string[] = []
    const recording: NotificationSender = {
      send: async (m) => {
        delivered.push(`${m.kind}:${m.openid}`)
        return 'sent'
      },
    }
    const boss = await startWorker({ connectionString: ctx.databaseUrl, db: ctx.db, sender: recording, logger: pino({ level: 'silent' }), now: () => MONDAY_8AM })
    try {
      await boss.send(JOBS.deliver, {})
      const deadline = Date.now() + 20_000
      while (!delivered.includes('booked:openid-boss') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(delivered).toContain('booked:openid-boss')
    } finally {
      await boss.stop({ graceful: false, wait: true })
    }
  }, 30_000)
})
