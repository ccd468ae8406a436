import { CompiledQuery, sql } from 'kysely'
import { personRefusal, SLOT_SEATS } from '../../bff/src/booking/repository'
import { openStatuses } from '../../bff/src/seats/seats'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * The statements a booking runs while it holds the slot's row, planned as PostgreSQL plans a named
 * statement from its sixth run on (a generic plan: for any values), with statistics from before a
 * rush: a meal service with 2,000 people on its waiting list that the statistics have not seen.
 * Each must read the booker's own rows and the candidate codes by their indexes, never the
 * service's bookings (the hot-slot bench: 967 rows read per person, and more with every booking).
 */
const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const RUSH = 2000

/** The generic plan of a statement (EXPLAIN GENERIC_PLAN: its $n left unknown), as text. */
async function genericPlan(query: CompiledQuery): Promise<string> {
  const plan = await ctx.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (generic_plan) ${query.sql}`, []))
  return plan.rows.map((r) => r['QUERY PLAN']).join('\n')
}

describe('a booking in a rush, planned for any values', () => {
  let communityId: string
  let serviceId: string
  let slotId: string
  let userId: string

  beforeAll(async () => {
    ctx.setNow(MONDAY_8AM)
    const street = await createStreet(ctx.db)
    communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
    serviceId = (await createBookableService(ctx.db, { communityId, maxDaysAhead: 3 })).id
    const other = await createUser(ctx.db, { communityId, birthDate: '1950-05-05' })
    const user = await createUser(ctx.db, { communityId, birthDate: '1950-05-05' })
    userId = user.id
    const token = await sessionFor(ctx.db, user.id, new Date('2030-01-01'))
    const slots = (await (await ctx.request(`/api/v1/services/${serviceId}/slots`, { token })).json()) as { items: { id: string; state: string }[] }
    slotId = slots.items.find((s) => s.state === 'open')?.id ?? ''
    // Statistics first, then the rush they have not seen: 2,000 waiting for the slot.
    await sql`analyze booking`.execute(ctx.db)
    await sql`insert into booking (community_id, service_id, slot_id, booked_by, family_member_id, status, holds_seat, check_in_code, answers, channel)
      select ${communityId}, ${serviceId}, ${slotId}, ${other.id}, null, 'waitlisted', false, lpad(g::text, 6, '0'), '{}'::jsonb, 'self'
      from generate_series(1, ${RUSH}) as g`.execute(ctx.db)
  })

  it('reads her own bookings for the per-person rules, by her index, not the service’s waiting list', async () => {
    const asked = { from: MONDAY_8AM, to: new Date(MONDAY_8AM.getTime() + 86_400_000), now: MONDAY_8AM, countOpen: true, suspendedIn: 'elder_care' }
    const refusal = personRefusal(ctx.db, { serviceId, bookedBy: userId, familyMemberId: null }, asked, { slotId, perDay: 1, open: 3 })
    const plan = await genericPlan(sql`select ${refusal} as refused`.compile(ctx.db))
    expect(plan).not.toContain('booking_service_idx')
    expect(plan).toContain('booking_booker_slot_start')
    // And the answer is right: she has booked nothing.
    const refused = await sql<{ refused: boolean }>`select ${refusal} as refused`.execute(ctx.db)
    expect(refused.rows[0]?.refused).toBe(false)
  })

  it('checks a candidate check-in code against the open codes by their partial index', async () => {
    const h = SLOT_SEATS.holders
    const check = sql`select 1 from booking where ${sql.ref(h.codeScope)} = ${communityId} and ${sql.ref(h.code)} = ${'000042'} and ${openStatuses(h)} limit 1`
    expect(await genericPlan(check.compile(ctx.db))).toContain('booking_open_code')
    expect((await check.execute(ctx.db)).rows).toHaveLength(1)
    // The same condition with the statuses as parameters: the partial index cannot serve it.
    const asParameters = sql`select 1 from booking where community_id = ${communityId} and check_in_code = ${'000042'} and status in (${sql.join([...h.open])}) limit 1`
    expect(await genericPlan(asParameters.compile(ctx.db))).not.toContain('booking_open_code')
  })
})
