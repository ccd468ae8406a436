import { sql } from 'kysely'
import pino from 'pino'
import { BOOKING_MESSAGES, type BookingMessagePayload, bookingSubject } from '../../bff/src/booking/messages'
import { createDb } from '../../bff/src/db/database'
import { deliverPending, retryAt } from '../../bff/src/notify/delivery'
import { UnknownMessageKindError, defineMessageKinds, registerMessageKinds } from '../../bff/src/notify/messages'
import { enqueue } from '../../bff/src/notify/outbox'
import { type NotificationSender, createWechatSubscribeSender } from '../../bff/src/notify/senders'
import { startWorker } from '../../bff/src/notify/worker'
import { useTestContext } from '../support/context'
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const APPID = 'wx-outbox'
const SECRET = 'outbox-secret'
const TEMPLATES = { result: 'tpl-result', change: 'tpl-change', reminder: 'tpl-reminder' }
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
/** Short, so a hung call ends within the test; the delivery aborts the call then. */
const SEND_TIMEOUT_MS = 1500
const MINUTE = 60_000
let fake: FakeWechat
let communityId: string

beforeAll(async () => {
  fake = await startFakeWechat(APPID, SECRET)
  ctx.setNow(MONDAY_8AM)
  communityId = (await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })).id
})
// Each test counts its own rows only: what one leaves due (a retry an hour on) is not the next one's.
afterEach(() => ctx.db.deleteFrom('notification_outbox').execute())
afterAll(() => fake.close())

const wechat = () => createWechatSubscribeSender({ apiBase: fake.baseUrl, appid: APPID, secret: SECRET, templates: TEMPLATES, timeoutMs: SEND_TIMEOUT_MS })

async function resident(openid: string) {
  const user = await createUser(ctx.db, { birthDate: '1950-01-01', communityId })
  await ctx.db.updateTable('app_user').set({ wx_openid: openid }).where('id', '=', user.id).execute()
  return user
}

const payload = (service: string): BookingMessagePayload => ({
  bookingId: '00000000-0000-4000-8000-000000000001',
  service,
  date: '2026-11-24',
  time: '11:30–12:30',
  place: '桂花助老食堂',
})

/** Her outbox row, as the delivery left it. */
function row(userId: string) {
  return ctx.db
    .selectFrom('notification_outbox')
    .select(['id', 'sent_at', 'attempts', 'last_error', 'claimed_until', 'next_attempt_at'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
}

const sentTo = (openid: string) => fake.messages.filter((m) => m.touser === openid).length

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('delivery outside transactions', () => {
  it('a WeChat call that hangs holds one lane: the others go out meanwhile, and neither its row nor its booking is locked', async () => {
    const now = new Date()
    const meal = await createBookableService(ctx.db, { communityId })
    const hanging = await resident('openid-hang')
    const slots = (await (await ctx.request(`/api/v1/services/${meal.id}/slots`)).json()).items
    const token = await sessionFor(ctx.db, hanging.id, new Date('2030-01-01'))
    const booked = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId: slots[0].id } })
    expect(booked.status).toBe(201)
    const bookingId: string = (await booked.json()).id
    for (const openid of ['openid-after-1', 'openid-after-2']) {
      const user = await resident(openid)
      await enqueue(ctx.db, { kind: BOOKING_MESSAGES.confirmed, recipient: { userId: user.id, communityId }, payload: payload('老年助餐') })
    }

    const started = performance.now()
    const delivery = deliverPending(ctx.db, wechat(), { now: () => now })
    await until(() => fake.hung.length === 1)
    // While the one call hangs, the messages after it are sent in the other lanes.
    await until(() => sentTo('openid-after-1') === 1 && sentTo('openid-after-2') === 1)
    expect(performance.now() - started).toBeLessThan(SEND_TIMEOUT_MS)
    // While WeChat holds the call, anyone may write the row and the booking: no lock waits (it would fail after 500 ms).
    await ctx.db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '500ms'`.execute(trx)
      const touched = await trx.updateTable('notification_outbox').set((eb) => ({ last_error: eb.ref('last_error') })).where('user_id', '=', hanging.id).executeTakeFirst()
      expect(touched.numUpdatedRows).toBe(1n)
      await trx.updateTable('booking').set({ status_reason: '发送期间可以修改' }).where('id', '=', bookingId).execute()
    })
    expect(await row(hanging.id)).toMatchObject({ sent_at: null, attempts: 1, claimed_until: expect.any(Date) })

    expect(await delivery).toEqual({ sent: 2, skipped: 0, failed: 1 })
    expect(performance.now() - started).toBeLessThan(SEND_TIMEOUT_MS + 1000)
    expect([sentTo('openid-after-1'), sentTo('openid-after-2')]).toEqual([1, 1])
    const hung = await row(hanging.id)
    expect(hung).toMatchObject({ sent_at: null, attempts: 1, claimed_until: null, last_error: expect.stringMatching(/timed out/) })
    expect(hung.next_attempt_at).toEqual(new Date(now.getTime() + MINUTE))
  })

  it('a crash between a send and its mark re-sends that one message only, once its claim runs out', async () => {
    const now = new Date()
    const users = [await resident('openid-crash-1'), await resident('openid-crash-2'), await resident('openid-crash-3')]
    for (const user of users) await enqueue(ctx.db, { kind: BOOKING_MESSAGES.confirmed, recipient: { userId: user.id, communityId }, payload: payload('老年助餐') })

    // The process "dies" right after WeChat accepted the second message: its database is gone before the mark.
    const dying = createDb(ctx.databaseUrl, 1)
    const inner = wechat()
    const crashing: NotificationSender = {
      timeoutMs: inner.timeoutMs,
      async send(message, signal) {
        const result = await inner.send(message, signal)
        if (message.openid === 'openid-crash-2') await dying.destroy()
        return result
      },
    }
    // One lane, so the sends go in order and "after it" is well defined; with more lanes every row in flight is such a row.
    await expect(deliverPending(dying, crashing, { now: () => now, concurrency: 1 })).rejects.toThrow(/destroyed/)
    expect([sentTo('openid-crash-1'), sentTo('openid-crash-2'), sentTo('openid-crash-3')]).toEqual([1, 1, 0])
    expect(await row(users[0]!.id)).toMatchObject({ sent_at: now, claimed_until: null })
    expect(await row(users[1]!.id)).toMatchObject({ sent_at: null, attempts: 1, claimed_until: expect.any(Date) })

    // Another worker at once: the rows are still claimed by the dead one.
    expect(await deliverPending(ctx.db, wechat(), { now: () => now })).toEqual({ sent: 0, skipped: 0, failed: 0 })
    const claimEnd = (await row(users[1]!.id)).claimed_until!
    const later = await deliverPending(ctx.db, wechat(), { now: () => claimEnd })
    expect(later).toEqual({ sent: 2, skipped: 0, failed: 0 })
    expect([sentTo('openid-crash-1'), sentTo('openid-crash-2'), sentTo('openid-crash-3')]).toEqual([1, 2, 1])
    expect(await row(users[1]!.id)).toMatchObject({ sent_at: claimEnd, attempts: 2, claimed_until: null })
  })

  it('passes each message its idempotency key, the same on every attempt', async () => {
    const now = new Date()
    const user = await resident('openid-keyed')
    await enqueue(ctx.db, { kind: BOOKING_MESSAGES.declined, recipient: { userId: user.id, communityId }, payload: { ...payload('法律咨询'), reason: '律师外出' } })
    const keys: string[] = []
    const flaky: NotificationSender = {
      timeoutMs: 1000,
      send: async (message) => {
        keys.push(message.key)
        if (keys.length === 1) throw new Error('network down')
        return 'sent'
      },
    }
    expect(await deliverPending(ctx.db, flaky, { now: () => now })).toEqual({ sent: 0, skipped: 0, failed: 1 })
    expect(await deliverPending(ctx.db, flaky, { now: () => retryAt(now, 1) })).toEqual({ sent: 1, skipped: 0, failed: 0 })
    const { id } = await row(user.id)
    expect(keys).toEqual([`outbox-${id}`, `outbox-${id}`])
  })

  it('waits 1, 4 and 16 minutes after the first, second and third failure before trying again', async () => {
    const start = new Date()
    const user = await resident('openid-broken')
    await enqueue(ctx.db, { kind: BOOKING_MESSAGES.booked, recipient: { userId: user.id, communityId }, payload: payload('助浴服务') })
    let now = start
    for (const wait of [1, 4, 16]) {
      expect((await deliverPending(ctx.db, wechat(), { now: () => now })).failed).toBe(1)
      const next = (await row(user.id)).next_attempt_at!
      expect(next.getTime() - now.getTime()).toBe(wait * MINUTE)
      expect((await deliverPending(ctx.db, wechat(), { now: () => new Date(next.getTime() - 1000) })).failed).toBe(0)
      now = next
    }
    expect(await row(user.id)).toMatchObject({ attempts: 3, last_error: expect.stringMatching(/47003/) })
  })
})

describe('the registry of kinds and jobs', () => {
  const MEETING_MESSAGES = defineMessageKinds({
    subject: bookingSubject,
    target: (p: BookingMessagePayload) => ({ page: 'booking', bookingId: p.bookingId }),
    kinds: { meeting_moved: { title: '协商会议改期', inApp: true, template: 'change' } },
  })

  it('refuses at enqueue a kind no domain registered, and a look-alike of a registered one; writes nothing', async () => {
    const user = await resident('openid-unknown')
    const recipient = { userId: user.id, communityId }
    await expect(enqueue(ctx.db, { kind: MEETING_MESSAGES.meeting_moved, recipient, payload: payload('议事会') })).rejects.toThrow(UnknownMessageKindError)
    const lookAlike = defineMessageKinds({ subject: bookingSubject, target: BOOKING_MESSAGES.booked.target, kinds: { booked: { title: '冒名', inApp: true, template: 'result' } } })
    await expect(enqueue(ctx.db, { kind: lookAlike.booked, recipient, payload: payload('x') })).rejects.toThrow(UnknownMessageKindError)
    expect(() => registerMessageKinds(lookAlike)).toThrow(/defined twice/)
    expect(await ctx.db.selectFrom('notification_outbox').select('id').where('user_id', '=', user.id).execute()).toEqual([])
    expect(await ctx.db.selectFrom('inbox_message').select('id').where('user_id', '=', user.id).execute()).toEqual([])

    // Registered (as app.ts does for each domain), the new kind is written and reaches 我的消息.
    registerMessageKinds(MEETING_MESSAGES)
    await enqueue(ctx.db, { kind: MEETING_MESSAGES.meeting_moved, recipient, payload: payload('议事会') })
    const token = await sessionFor(ctx.db, user.id, new Date('2030-01-01'))
    const [message] = (await (await ctx.request('/api/v1/me/messages', { token })).json()).items
    expect(message).toMatchObject({ kind: 'meeting_moved', title: '协商会议改期', service: '议事会', note: null })
  })

  it("checks a payload against its kind's type (tsc, which npm test runs first)", () => {
    const recipient = { userId: 'u', communityId }
    // Never called: the lines below are what the compiler must refuse.
    const wrongPayload = () =>
      // @ts-expect-error a booking message needs the booking's service, date, time and place
      enqueue(ctx.db, { kind: BOOKING_MESSAGES.booked, recipient, payload: { bookingId: 'b' } })
    expect(typeof wrongPayload).toBe('function')
  })

  it('refuses two jobs of one name before it starts anything', async () => {
    const job = { name: 'booking-reminders', cron: '* * * * *', run: async () => ({}) }
    const start = startWorker({ connectionString: ctx.databaseUrl, db: ctx.db, sender: wechat(), jobs: [job, job], logger: pino({ level: 'silent' }), now: () => new Date() })
    await expect(start).rejects.toThrow(/scheduled twice/)
  })
})
