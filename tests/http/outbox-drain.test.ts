import { BOOKING_MESSAGES, type BookingMessagePayload } from '../../bff/src/booking/messages'
import { CHANNEL_CONCURRENCY, MAX_ATTEMPTS, deliverPending } from '../../bff/src/notify/delivery'
import type { NotificationSender, OutgoingMessage } from '../../bff/src/notify/senders'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser } from '../support/factories'

const ctx = useTestContext()
const BACKLOG = 1000
const TEN_MINUTES_AGO = () => new Date(Date.now() - 10 * 60_000)
let communityId: string
let userId: string

beforeAll(async () => {
  communityId = (await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })).id
  userId = (await createUser(ctx.db, { birthDate: '1950-01-01', communityId })).id
})
afterEach(() => ctx.db.deleteFrom('notification_outbox').execute())

const payload: BookingMessagePayload = {
  bookingId: '00000000-0000-4000-8000-000000000001',
  service: '老年助餐',
  date: '2026-12-02',
  time: '11:30–12:30',
  place: '桂花助老食堂',
}

/** `n` messages as a busy morning leaves them: written ten minutes ago, none sent yet. */
async function queue(n: number): Promise<void> {
  const row = { community_id: communityId, user_id: userId, kind: BOOKING_MESSAGES.booked.name, payload: JSON.stringify(payload), created_at: TEN_MINUTES_AGO() }
  await ctx.db.insertInto('notification_outbox').values(Array.from({ length: n }, () => row)).execute()
}

/** A channel that answers after a few milliseconds and counts how many sends it holds at once. */
function fakeChannel(fail: (message: OutgoingMessage) => boolean = () => false) {
  const keys: string[] = []
  let inFlight = 0
  let maxInFlight = 0
  const sender: NotificationSender = {
    timeoutMs: 1000,
    async send(message) {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        await new Promise((resolve) => setTimeout(resolve, 2))
        if (fail(message)) throw new Error('channel refused')
        keys.push(message.key)
        return 'sent'
      } finally {
        inFlight--
      }
    },
  }
  return { sender, keys, maxInFlight: () => maxInFlight }
}

async function health() {
  const res = await ctx.request('/api/v1/health')
  expect(res.status).toBe(200)
  return (await res.json()).outbox
}

describe('the outbox keeps up', () => {
  it(`drains ${BACKLOG} queued messages in one run, at most ${CHANNEL_CONCURRENCY} sends at a time; /health shows the backlog before and none after`, async () => {
    await queue(BACKLOG)
    const before = await health()
    expect(before.pending).toBe(BACKLOG)
    expect(before.oldestAgeSeconds).toBeGreaterThanOrEqual(600)

    const channel = fakeChannel()
    expect(await deliverPending(ctx.db, channel.sender)).toEqual({ sent: BACKLOG, skipped: 0, failed: 0 })
    expect(new Set(channel.keys).size).toBe(BACKLOG)
    expect(channel.maxInFlight()).toBe(CHANNEL_CONCURRENCY)

    expect(await health()).toEqual({ pending: 0, oldestAgeSeconds: 0 })
    const unsent = await ctx.db.selectFrom('notification_outbox').select('id').where('sent_at', 'is', null).execute()
    expect(unsent).toEqual([])
  })

  it('ends a run when only failed messages are left (they wait for their backoff), and /health still counts them', async () => {
    await queue(60)
    const failing = new Set<string>()
    const channel = fakeChannel((message) => {
      if (failing.size < 5 || failing.has(message.key)) failing.add(message.key)
      return failing.has(message.key)
    })
    expect(await deliverPending(ctx.db, channel.sender)).toEqual({ sent: 55, skipped: 0, failed: 5 })
    expect((await health()).pending).toBe(5)

    // Given up on after MAX_ATTEMPTS, a message is no longer counted as waiting.
    await ctx.db.updateTable('notification_outbox').set({ attempts: MAX_ATTEMPTS }).where('sent_at', 'is', null).execute()
    expect(await health()).toEqual({ pending: 0, oldestAgeSeconds: 0 })
  })
})
