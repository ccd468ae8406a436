import { sql } from 'kysely'
import { IDEMPOTENCY_LEASE_MS } from '../../bff/src/platform/idempotency'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { until } from '../support/until'

const ctx = useTestContext()
// Monday 23 November 2026, 08:00 in Shanghai.
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const AFTER_LEASE = new Date(MONDAY_8AM.getTime() + IDEMPOTENCY_LEASE_MS + 1000)
let communityId: string

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  communityId = (await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })).id
})

async function resident() {
  const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, new Date('2030-01-01')) }
}

async function firstSlot(): Promise<string> {
  const meal = await createBookableService(ctx.db, { communityId })
  const res = await ctx.request(`/api/v1/services/${meal.id}/slots`)
  return (await res.json()).items[0].id
}

function book(token: string, slotId: string, key: string) {
  return ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId }, headers: { 'idempotency-key': key } })
}

async function bookingsOf(userId: string): Promise<number> {
  const row = await ctx.db.selectFrom('booking').select((eb) => eb.fn.countAll<string>().as('n')).where('booked_by', '=', userId).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * What a `kill -9` leaves behind: the key claimed by a request whose booking never committed.
 * The request is held on the slot's row lock, its claim copied, then its connection cut; the
 * request's own failure path deletes the claim, so the copy is put back as the crash left it.
 */
async function claimLeftByCrash(token: string, slotId: string, key: string) {
  const lock = await ctx.db.startTransaction().execute()
  await lock.selectFrom('slot').select('id').where('id', '=', slotId).forUpdate().execute()
  const request = book(token, slotId, key)
  const claim = await until(() => ctx.db.selectFrom('idempotency_record').selectAll().where('key', '=', key).executeTakeFirst())
  const blocked = await until(async () => {
    const row = await sql<{ pid: number }>`
      select pid from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`.execute(ctx.db)
    return row.rows[0]
  })
  await sql`select pg_terminate_backend(${blocked.pid})`.execute(ctx.db)
  expect((await request).status).toBe(503)
  await lock.rollback().execute()
  await ctx.db.insertInto('idempotency_record').values({ ...claim, response_body: null }).onConflict((oc) => oc.columns(['user_id', 'key']).doNothing()).execute()
  return claim
}

describe('idempotency after a crash', () => {
  it('a claim left by a crashed request answers 409 only while its lease lasts; the retry then books once', async () => {
    const a = await resident()
    const slotId = await firstSlot()
    const claim = await claimLeftByCrash(a.token, slotId, 'crash-1')
    expect(claim.response_status).toBeNull()
    expect(await bookingsOf(a.id)).toBe(0)

    // Within the lease the claim may still belong to a live request.
    const early = await book(a.token, slotId, 'crash-1')
    expect(early.status).toBe(409)
    expect((await early.json()).error.code).toBe('IDEMPOTENCY_IN_PROGRESS')

    const retry = await ctx.withNow(AFTER_LEASE, () => book(a.token, slotId, 'crash-1'))
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    expect(await bookingsOf(a.id)).toBe(1)

    // And the retry's answer is what the key replays from now on.
    const replay = await ctx.withNow(AFTER_LEASE, () => book(a.token, slotId, 'crash-1'))
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect((await replay.json()).id).toBe((await retry.json()).id)
  })

  it('a request that is still running renews its lease, so a retry past the first lease still waits for it', async () => {
    const a = await resident()
    const slotId = await firstSlot()
    const lock = await ctx.db.startTransaction().execute()
    await lock.selectFrom('slot').select('id').where('id', '=', slotId).forUpdate().execute()
    const slow = book(a.token, slotId, 'slow-1')
    await until(() => ctx.db.selectFrom('idempotency_record').select('key').where('key', '=', 'slow-1').executeTakeFirst())
    // Ten seconds on, the running request renews its claim to then + the lease.
    const later = new Date(MONDAY_8AM.getTime() + 10_000)
    ctx.setNow(later)
    try {
      const renewed = new Date(later.getTime() + IDEMPOTENCY_LEASE_MS)
      await until(async () => {
        const row = await ctx.db.selectFrom('idempotency_record').select('expires_at').where('key', '=', 'slow-1').executeTakeFirstOrThrow()
        return row.expires_at.getTime() === renewed.getTime() ? true : undefined
      })
      const retry = await ctx.withNow(AFTER_LEASE, () => book(a.token, slotId, 'slow-1'))
      expect(retry.status).toBe(409)
    } finally {
      await lock.rollback().execute()
      ctx.setNow(MONDAY_8AM)
    }
    expect((await slow).status).toBe(201)
    expect(await bookingsOf(a.id)).toBe(1)
  }, 20_000)

  it('a committed booking replays the same response long after the lease, for the full 24 hours', async () => {
    const a = await resident()
    const slotId = await firstSlot()
    const first = await book(a.token, slotId, 'done-1')
    expect(first.status).toBe(201)
    const body = await first.json()
    for (const at of [AFTER_LEASE, new Date(MONDAY_8AM.getTime() + 23 * 3600_000)]) {
      const replay = await ctx.withNow(at, () => book(a.token, slotId, 'done-1'))
      expect(replay.status).toBe(201)
      expect(replay.headers.get('idempotent-replayed')).toBe('true')
      expect(await replay.json()).toEqual(body)
    }
    expect(await bookingsOf(a.id)).toBe(1)
  })

  it('two concurrent requests with one key make one booking', async () => {
    const a = await resident()
    const slotId = await firstSlot()
    const responses = await Promise.all([book(a.token, slotId, 'twin'), book(a.token, slotId, 'twin')])
    const statuses = responses.map((r) => r.status).sort()
    // The second either replays the first's 201 or, while the first still runs, gets 409.
    expect([[201, 201], [201, 409]]).toContainEqual(statuses)
    expect(await bookingsOf(a.id)).toBe(1)
  })

  it('forty residents booking at once, each with her key, are each booked once and each replayed her own answer', async () => {
    const slotId = await firstSlot()
    const people = await Promise.all(Array.from({ length: 40 }, () => resident()))
    // Ten seats: the other thirty join the waiting list.
    const rush = (token: string, key: string) => ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId, joinWaitlist: true }, headers: { 'idempotency-key': key } })
    const first = await Promise.all(people.map((p, i) => rush(p.token, `rush-${i}`)))
    expect(first.map((r) => r.status)).toEqual(Array(40).fill(201))
    const ids = await Promise.all(first.map(async (r) => ((await r.json()) as { id: string }).id))
    // Their keys were claimed and answered together; each answer is hers.
    const again = await Promise.all(people.map((p, i) => rush(p.token, `rush-${i}`)))
    expect(again.map((r) => r.headers.get('idempotent-replayed'))).toEqual(Array(40).fill('true'))
    expect(await Promise.all(again.map(async (r) => ((await r.json()) as { id: string }).id))).toEqual(ids)
    expect(await Promise.all(people.map((p) => bookingsOf(p.id)))).toEqual(Array(40).fill(1))
  })
})
