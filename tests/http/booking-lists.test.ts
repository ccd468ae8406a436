import pg from 'pg'
import { LIST_LIMIT_MAX } from '@linli/shared'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Lists that show other domains' facts (service, place, community, who is served) ask each owning
 * domain once by id (docs/decisions/013): the number of queries of a page does not grow with its rows.
 */
const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const FAR = new Date('2030-01-01')
const DATE = '2026-11-23'

let communityId: string
let staffToken: string
let slotId: string

/** How many queries the database receives while `work` runs (every query of the pool goes through a client's `query`). */
async function queriesDuring(work: () => Promise<unknown>): Promise<number> {
  const spy = jest.spyOn(pg.Client.prototype, 'query')
  try {
    await work()
    return spy.mock.calls.length
  } finally {
    spy.mockRestore()
  }
}

/** A resident of the community who books the slot, for herself or (with a name) for her mother. */
async function residentBooks(mother?: string): Promise<string> {
  const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId, name: '王秀兰' })
  const token = await sessionFor(ctx.db, user.id, FAR)
  let familyMemberId: string | undefined
  if (mother) {
    const added = await ctx.request('/api/v1/me/family', { method: 'POST', token, json: { name: mother, relation: 'parent', birthDate: '1940-02-02' } })
    familyMemberId = (await added.json()).id
  }
  const booked = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId, familyMemberId } })
  expect(booked.status).toBe(201)
  return token
}

/** The board's largest page, so 40 bookings come in one answer. */
function board() {
  return ctx.request(`/api/v1/staff/bookings?communityId=${communityId}&date=${DATE}&limit=${LIST_LIMIT_MAX}`, { token: staffToken })
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
  staffToken = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  const service = await createBookableService(ctx.db, { communityId, rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: 60 })) })
  const slots = (await (await ctx.request(`/api/v1/services/${service.id}/slots`)).json()).items as { id: string; date: string }[]
  const today = slots.find((s) => s.date === DATE)
  if (!today) throw new Error('no slot today')
  slotId = today.id
})

describe('lists across domains', () => {
  it('shows a board of 3 or of 40 bookings in the same number of queries, with the names and places of each', async () => {
    await residentBooks()
    await residentBooks('李桂芳')
    await residentBooks()
    let small: Response | undefined
    const fewQueries = await queriesDuring(async () => {
      small = await board()
    })
    expect(small?.status).toBe(200)
    expect((await small?.json()).items).toHaveLength(3)

    for (let i = 0; i < 37; i++) await residentBooks(i % 4 === 0 ? '李桂芳' : undefined)
    let large: Response | undefined
    const manyQueries = await queriesDuring(async () => {
      large = await board()
    })
    const items = (await large?.json()).items as { servedName: string; servedRelation: string | null; serviceName: string }[]
    expect(items).toHaveLength(40)
    // Never more for 40 than for 3 (the second board may find the service's facts already kept: cache/kept.ts).
    expect(manyQueries).toBeLessThanOrEqual(fewQueries)
    expect(manyQueries).toBeGreaterThan(0)
    // Who is served comes from auth (the booker) or family (her mother), masked for staff.
    expect(new Set(items.map((b) => `${b.servedName}/${b.servedRelation}`))).toEqual(new Set(['王*兰/null', '李*芳/parent']))
    expect(new Set(items.map((b) => b.serviceName))).toEqual(new Set(['老年助餐']))
  })
})
