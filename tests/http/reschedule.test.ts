import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()

// Monday 23 November 2026, 08:00 in Shanghai.
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]

interface SlotItem { id: string; date: string; startsAt: string; remaining: number }

let communityId: string

async function resident(values: { birthDate?: string; name?: string } = {}) {
  const user = await createUser(ctx.db, { birthDate: values.birthDate ?? '1950-05-05', communityId, name: values.name ?? '居民' })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, new Date('2030-01-01')) }
}

async function slotsOf(serviceId: string): Promise<SlotItem[]> {
  return (await (await ctx.request(`/api/v1/services/${serviceId}/slots?days=7`)).json()).items
}

async function bookId(token: string, slotId: string | undefined, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId, ...extra } })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

function reschedule(token: string, bookingId: string, slotId: string | undefined) {
  return ctx.request(`/api/v1/bookings/${bookingId}/reschedule`, { method: 'POST', token, json: { slotId } })
}

async function errorOf(res: Response) {
  return (await res.json()).error
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
})

describe('reschedule applies every rule booking applies', () => {
  it('refuses a slot she already holds, and a second meal the same day; moving within one day is fine', async () => {
    // Lunch and supper every day, one meal a day per person.
    const meals = await createBookableService(ctx.db, {
      communityId,
      maxPerDayPerPerson: 1,
      rules: EVERY_DAY.flatMap((weekday) => [
        { weekday, start: '11:30', end: '12:30', capacity: 10 },
        { weekday, start: '17:00', end: '18:00', capacity: 10 },
      ]),
    })
    const slots = await slotsOf(meals.id)
    const tueLunch = slots.find((s) => s.startsAt === '2026-11-24T03:30:00.000Z')
    const wedLunch = slots.find((s) => s.startsAt === '2026-11-25T03:30:00.000Z')
    const wedSupper = slots.find((s) => s.startsAt === '2026-11-25T09:00:00.000Z')
    const she = await resident({ name: '王秀兰' })
    const tuesday = await bookId(she.token, tueLunch?.id)
    const wednesday = await bookId(she.token, wedLunch?.id)

    const intoHeld = await reschedule(she.token, tuesday, wedLunch?.id)
    expect(intoHeld.status).toBe(409)
    expect((await errorOf(intoHeld)).code).toBe('ALREADY_BOOKED')
    const secondMeal = await reschedule(she.token, tuesday, wedSupper?.id)
    expect(secondMeal.status).toBe(409)
    expect(await errorOf(secondMeal)).toEqual({ code: 'BOOKING_LIMIT_REACHED', message: '该服务每人每天最多预约1次' })

    // Nothing changed: still one seat on Tuesday and one on Wednesday.
    const held = await ctx.db.selectFrom('booking').select('slot_id').where('booked_by', '=', she.id).where('holds_seat', '=', true).execute()
    expect(held.map((b) => b.slot_id).sort()).toEqual([tueLunch?.id, wedLunch?.id].sort())

    // Her Wednesday lunch may become Wednesday supper: the moved booking does not count against itself.
    const sameDay = await reschedule(she.token, wednesday, wedSupper?.id)
    expect(sameDay.status).toBe(200)
    expect((await sameDay.json()).time).toBe('17:00–18:00')
  })

  it('checks eligibility on the new day: a resident who turns 60 on Wednesday cannot move to Tuesday', async () => {
    const meal = await createBookableService(ctx.db, { communityId, minAge: 60 })
    const [, tue, wed, thu] = await slotsOf(meal.id)
    const he = await resident({ birthDate: '1966-11-25', name: '孙建华' })
    const booking = await bookId(he.token, wed?.id)
    const earlier = await reschedule(he.token, booking, tue?.id)
    expect(earlier.status).toBe(409)
    expect(await errorOf(earlier)).toEqual({ code: 'NOT_ELIGIBLE', message: '该服务需年满60周岁' })
    expect((await reschedule(he.token, booking, thu?.id)).status).toBe(200)
  })

  it('checks a family member served, not the booker', async () => {
    const care = await createBookableService(ctx.db, { communityId, name: '课后托管', category: 'children', childAge: [6, 12] })
    const [, tue, wed] = await slotsOf(care.id)
    const parent = await resident({ birthDate: '1988-01-01', name: '李敏' })
    // Turns 13 on Wednesday 25 November.
    const child = await ctx.request('/api/v1/me/family', {
      method: 'POST',
      token: parent.token,
      json: { name: '李小明', relation: 'child', birthDate: '2013-11-25', childConsent: true },
    })
    const familyMemberId = (await child.json()).id
    const booking = await bookId(parent.token, tue?.id, { familyMemberId })
    const later = await reschedule(parent.token, booking, wed?.id)
    expect(await errorOf(later)).toEqual({ code: 'NOT_ELIGIBLE', message: '该服务面向6–12岁的儿童' })
  })

  it('refuses while self-booking is suspended after no-shows', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const [, tue, wed] = await slotsOf(meal.id)
    const she = await resident()
    const booking = await bookId(she.token, tue?.id)
    await ctx.db
      .insertInto('no_show_suspension')
      .values({ community_id: communityId, user_id: she.id, category_id: 'elder_care', until: new Date('2026-12-07T00:00:00Z'), reason: '30天内3次预约未到场', lifted_at: null, lifted_by: null })
      .execute()
    const moved = await reschedule(she.token, booking, wed?.id)
    expect(moved.status).toBe(409)
    expect((await errorOf(moved)).code).toBe('BOOKING_SUSPENDED')
  })

  it('tells the resident through the outbox, with the old and the new time', async () => {
    const meal = await createBookableService(ctx.db, { communityId })
    const [, tue, wed] = await slotsOf(meal.id)
    const she = await resident()
    const booking = await bookId(she.token, tue?.id)
    expect((await reschedule(she.token, booking, wed?.id)).status).toBe(200)
    const message = await ctx.db
      .selectFrom('notification_outbox')
      .select(['kind', 'payload'])
      .where('user_id', '=', she.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(message.kind).toBe('rescheduled')
    expect(message.payload).toMatchObject({ bookingId: booking, date: '2026-11-25', time: '11:30–12:30', fromDate: '2026-11-24', fromTime: '11:30–12:30' })
  })
})

describe('two residents rescheduling in opposite directions at once', () => {
  it('never answers 500 and keeps every seat count right (over real HTTP)', async () => {
    const server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const PAIRS = 15
      const meal = await createBookableService(ctx.db, { communityId, rules: EVERY_DAY.map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: PAIRS * 2 })) })
      const [, tue, wed] = await slotsOf(meal.id)
      const people = await Promise.all(Array.from({ length: PAIRS * 2 }, (_, i) => resident({ name: `居民${i}` })))
      // Even ones hold Tuesday and move to Wednesday; odd ones the other way round.
      const moves = await Promise.all(
        people.map(async (p, i) => ({ p, booking: await bookId(p.token, i % 2 === 0 ? tue?.id : wed?.id), to: i % 2 === 0 ? wed?.id : tue?.id })),
      )
      const responses = await Promise.all(
        moves.map(({ p, booking, to }) =>
          fetch(`${base}/api/v1/bookings/${booking}/reschedule`, {
            method: 'POST',
            headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ slotId: to }),
          }),
        ),
      )
      expect(responses.map((r) => r.status)).toEqual(moves.map(() => 200))
      for (const slot of [tue, wed]) {
        const row = await ctx.db.selectFrom('slot').select('booked').where('id', '=', slot?.id ?? '').executeTakeFirstOrThrow()
        const holders = await ctx.db
          .selectFrom('booking')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('slot_id', '=', slot?.id ?? '')
          .where('holds_seat', '=', true)
          .executeTakeFirstOrThrow()
        expect(row.booked).toBe(PAIRS)
        expect(Number(holders.n)).toBe(PAIRS)
      }
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  }, 60_000)
})
