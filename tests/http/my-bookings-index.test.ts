import { sql } from 'kysely'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * 我的预约 pages by the slot times kept on each booking (decision 042): the same pages, in the same
 * order, as the join on slot they replace, through bookings, moves to another slot, cancellations
 * and the days going by; and the kept times always equal their slot's.
 */
const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const FAR = new Date('2030-01-01')

interface Page { items: { id: string }[]; nextCursor: string | null }

async function walk(token: string, scope: 'upcoming' | 'past'): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const res = await ctx.request(`/api/v1/me/bookings?scope=${scope}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token })
    expect(res.status).toBe(200)
    const page = (await res.json()) as Page
    ids.push(...page.items.map((b) => b.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

/** The pages as they were counted before: her bookings joined to their slots. */
async function byJoin(userId: string, scope: 'upcoming' | 'past', now: Date): Promise<string[]> {
  const rows =
    scope === 'upcoming'
      ? await sql<{ id: string }>`select b.id from booking b join slot s on s.id = b.slot_id where b.booked_by = ${userId}
          and s.ends_at > ${now} and b.status in ('pending', 'confirmed', 'waitlisted', 'checked_in') order by s.starts_at, b.id`.execute(ctx.db)
      : await sql<{ id: string }>`select b.id from booking b join slot s on s.id = b.slot_id where b.booked_by = ${userId}
          and (s.ends_at <= ${now} or b.status in ('declined', 'cancelled', 'served', 'no_show')) order by s.starts_at desc, b.id desc`.execute(ctx.db)
  return rows.rows.map((r) => r.id)
}

describe('我的预约 by the slot times kept on the booking', () => {
  it('pages exactly as the join on slot did, through bookings, moves, cancellations and days going by', async () => {
    ctx.setNow(MONDAY_8AM)
    const street = await createStreet(ctx.db)
    const communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
    const lunch = await createBookableService(ctx.db, { communityId, name: '午餐', maxDaysAhead: 14 })
    const lawyer = await createBookableService(ctx.db, {
      communityId,
      name: '法律咨询',
      category: 'legal',
      mode: 'timed',
      slotMinutes: 30,
      maxDaysAhead: 14,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '14:00', end: '16:00', capacity: 1 })),
    })
    const user = await createUser(ctx.db, { communityId, birthDate: '1950-05-05' })
    const token = await sessionFor(ctx.db, user.id, FAR)
    const slotsOf = async (id: string) => ((await (await ctx.request(`/api/v1/services/${id}/slots?days=14`)).json()) as { items: { id: string; state: string }[] }).items.filter((s) => s.state === 'open')
    const [meals, talks] = [await slotsOf(lunch.id), await slotsOf(lawyer.id)]
    const book = async (slotId: string | undefined) => {
      const res = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId } })
      expect(res.status).toBe(201)
      return ((await res.json()) as { id: string }).id
    }
    const ids: string[] = []
    for (const s of [...meals.slice(0, 9), ...talks.filter((_, i) => i % 9 === 0).slice(0, 4)]) ids.push(await book(s.id))
    // A move to another slot carries the new slot's times; a cancelled booking is past at once.
    const moved = await ctx.request(`/api/v1/bookings/${ids[9]}/reschedule`, { method: 'POST', token, json: { slotId: talks[30]?.id } })
    expect(moved.status).toBe(200)
    expect((await ctx.request(`/api/v1/bookings/${ids[2]}/cancel`, { method: 'POST', token, json: { reason: '有事' } })).status).toBe(200)

    for (const now of [MONDAY_8AM, new Date('2026-11-26T04:00:00Z'), new Date('2026-11-30T09:00:00Z'), new Date('2026-12-20T00:00:00Z')]) {
      ctx.setNow(now)
      for (const scope of ['upcoming', 'past'] as const) expect(await walk(token, scope)).toEqual(await byJoin(user.id, scope, now))
    }
    const upcoming = await byJoin(user.id, 'upcoming', MONDAY_8AM)
    expect(upcoming.length).toBeGreaterThan(5)

    const apart = await sql<{ n: number }>`select count(*)::int as n from booking b join slot s on s.id = b.slot_id
      where b.slot_starts_at <> s.starts_at or b.slot_ends_at <> s.ends_at`.execute(ctx.db)
    expect(apart.rows[0]?.n).toBe(0)
    // A slot's times moved by hand are carried to its bookings.
    await sql`update slot set starts_at = starts_at + interval '30 minutes', ends_at = ends_at + interval '30 minutes' where id = ${meals[0]?.id}`.execute(ctx.db)
    const after = await sql<{ n: number }>`select count(*)::int as n from booking b join slot s on s.id = b.slot_id
      where b.slot_starts_at <> s.starts_at or b.slot_ends_at <> s.ends_at`.execute(ctx.db)
    expect(after.rows[0]?.n).toBe(0)
  })
})
