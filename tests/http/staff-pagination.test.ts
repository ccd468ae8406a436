import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Every staff list that can grow pages by cursor (issue 10 item 13): walking a list two at a time
 * gives each row once, in order; of two rows inserted between the first and second page, the one
 * that sorts after the cursor shows up and the one before it does not (an offset would repeat a
 * row instead); a forged cursor is a coded 400; another community's staff see none of it.
 */
const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const TUESDAY = '2026-11-24'
const FAR = new Date('2030-01-01')
const PAGE = 2
/** More pages than any list here fills: a cursor that does not advance fails the walk instead of hanging it. */
const WALK_PAGES_MAX = 50

let communityId: string
let staffUserId: string
let staff: string
let otherStaff: string
let streetAdmin: string
let otherStreetAdmin: string
let lunchServiceId: string

interface Page {
  items: { id: string }[]
  nextCursor: string | null
  total?: number
}

async function getPage(path: string, token: string, cursor?: string, limit = PAGE): Promise<Response> {
  const url = new URL(`http://x/api/v1${path}`)
  url.searchParams.set('limit', String(limit))
  if (cursor) url.searchParams.set('cursor', cursor)
  return ctx.request(`${url.pathname}${url.search}`, { token })
}

async function page(path: string, token: string, cursor?: string, limit = PAGE): Promise<Page> {
  const res = await getPage(path, token, cursor, limit)
  expect(res.status).toBe(200)
  return res.json()
}

/**
 * Walks a list `PAGE` rows at a time; `between` runs after the first page. Returns the ids in the
 * order walked and how many pages it took.
 */
async function walk(path: string, token: string, between: () => Promise<void>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const p = await page(path, token, cursor)
    ids.push(...p.items.map((i) => i.id))
    pages += 1
    if (pages === 1) await between()
    cursor = p.nextCursor ?? undefined
  } while (cursor && pages < WALK_PAGES_MAX)
  return { ids, pages }
}

/**
 * The walk of `path` with one row inserted before the first page's last row and one after it:
 * everything the full list now holds except the row inserted before, each once, in order.
 */
async function expectGaplessWalk(path: string, token: string, insert: { before(): Promise<string>; after(): Promise<string> }) {
  let before = ''
  let after = ''
  const walked = await walk(path, token, async () => {
    before = await insert.before()
    after = await insert.after()
  })
  const full = (await page(path, token, undefined, 50)).items.map((i) => i.id)
  expect(full).toEqual(expect.arrayContaining([before, after]))
  expect(walked.pages).toBeGreaterThanOrEqual(3)
  expect(new Set(walked.ids).size).toBe(walked.ids.length)
  expect(walked.ids).toEqual(full.filter((id) => id !== before))
  return { walked: walked.ids, full }
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

const SOME_UUID = '0b7e3f6a-2c1d-4e5f-8a9b-0c1d2e3f4a5b'

/** Made-up cursors: not JSON, a key of the wrong kind, an id that is no row id, a number past PostgreSQL's. */
const FORGED = [
  'not-a-cursor',
  cursorOf({ at: 1 }),
  cursorOf([1e15, SOME_UUID]),
  cursorOf(['2026-13-45', SOME_UUID]),
  cursorOf(['2026-11-24T00:00:00Z', "1'; drop table booking; --"]),
  cursorOf(['2026-11-24T00:00:00Z']),
]

async function expectForgedCursorsRefused(path: string, token: string) {
  for (const forged of FORGED) {
    const res = await getPage(path, token, forged)
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'cursor', message: '翻页参数无效' }] })
  }
}

async function resident(name: string): Promise<{ id: string; token: string }> {
  const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

async function book(token: string, slotId: string): Promise<string> {
  const res = await ctx.request('/api/v1/bookings', { method: 'POST', token, json: { slotId } })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

/** A served lunch rated poorly, as rows: what the case queue and the appeals list are about. */
async function poorRating(): Promise<string> {
  const r = await resident('王秀兰')
  const slots = (await (await ctx.request(`/api/v1/services/${lunchServiceId}/slots`)).json()).items
  const bookingId = await book(r.token, slots[0].id)
  await ctx.db.updateTable('booking').set({ status: 'served', served_at: MONDAY_8AM, holds_seat: false }).where('id', '=', bookingId).execute()
  const rating = await ctx.db
    .insertInto('rating')
    .values({ community_id: communityId, booking_id: bookingId, service_id: lunchServiceId, category_id: 'elder_care', provider_id: null, rater_user_id: r.id, level: 1, tags: [], comment: '饭菜凉了', month: '2026-11-01' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return rating.id
}

async function openCase(deadline: string): Promise<string> {
  const ratingId = await poorRating()
  const row = await ctx.db
    .insertInto('rectification_case')
    .values({ community_id: communityId, rating_id: ratingId, service_id: lunchServiceId, status: 'open', deadline: new Date(deadline), escalated_at: null, resident_satisfied: null, replied_at: null, closed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function appeal(filedAt: string): Promise<string> {
  const ratingId = await poorRating()
  const row = await ctx.db
    .insertInto('rating_appeal')
    .values({ rating_id: ratingId, community_id: communityId, reason: '评价人当天并未到场', status: 'pending', filed_by: staffUserId, decided_by: null, decision_note: null, decided_at: null, filed_at: new Date(filedAt) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function survey(opensOn: string): Promise<string> {
  const row = await ctx.db
    .insertInto('survey')
    .values({ community_id: communityId, title: `${opensOn} 满意度调查`, description: '', questions: JSON.stringify([{ id: 'q1', kind: 'scale', label: '总体满意度' }]), opens_on: opensOn, closes_on: '2026-12-31', created_by: staffUserId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function closure(startsOn: string): Promise<string> {
  const row = await ctx.db
    .insertInto('closure')
    .values({ community_id: communityId, service_id: null, starts_on: startsOn, ends_on: startsOn, reason: '社区活动日', created_by: staffUserId, lifted_at: null, lifted_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function auditEntry(at?: string): Promise<string> {
  const row = await ctx.db
    .insertInto('audit_log')
    .values({
      ...(at ? { at: new Date(at) } : {}),
      actor_user_id: staffUserId,
      community_id: communityId,
      action: 'booking.viewed',
      target_type: 'booking',
      target_id: SOME_UUID,
      detail: JSON.stringify({ reason: '居民电话 13812345678 要求改约' }),
      request_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  const street = await createStreet(ctx.db)
  const otherStreet = await createStreet(ctx.db, '别的街道')
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const other = await createCommunity(ctx.db, { streetId: otherStreet.id, name: '荷花社区' })
  const staffUser = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
  staffUserId = staffUser.id
  staff = await sessionFor(ctx.db, staffUser.id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
  streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '刘建国', grant: { role: 'street_admin', streetId: street.id } })).id, FAR)
  otherStreetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: otherStreet.id } })).id, FAR)
  const lunch = await createBookableService(ctx.db, {
    communityId,
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: 50 })),
  })
  lunchServiceId = lunch.id
})

afterAll(() => ctx.setNow(null))

describe('the day board (GET /staff/bookings)', () => {
  it('pages through the day by start time, then id, keeping its filters; a count says how many in all', async () => {
    const svc = await createBookableService(ctx.db, {
      communityId,
      name: '健康咨询',
      mode: 'timed',
      slotMinutes: 60,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '14:00', capacity: 10 })),
    })
    const slots: { id: string; date: string; time: string }[] = (await (await ctx.request(`/api/v1/services/${svc.id}/slots?from=${TUESDAY}&days=1`)).json()).items
    const at = (time: string) => slots.find((s) => s.date === TUESDAY && s.time.startsWith(time))?.id ?? ''
    const a = await resident('李敏')
    const b = await resident('赵强')
    // Two bookings in each of three slots: ties on the start time, broken by id.
    for (const time of ['09:00', '10:00', '11:00']) {
      await book(a.token, at(time))
      await book(b.token, at(time))
    }
    const path = `/staff/bookings?communityId=${communityId}&date=${TUESDAY}&serviceId=${svc.id}`
    const first = await page(path, staff)
    expect(first.total).toBe(6)
    const c = await resident('孙芳')
    const { full } = await expectGaplessWalk(path, staff, {
      before: () => book(c.token, at('08:00')),
      after: () => book(c.token, at('13:00')),
    })
    expect(full).toHaveLength(8)
    const times = ((await page(path, staff, undefined, 50)).items as unknown as { time: string }[]).map((x) => x.time)
    expect(times).toEqual([...times].sort())
    expect((await page(path, staff)).total).toBe(8)

    // The status filter holds on every page: two cancelled, walked one at a time.
    const confirmed = (await page(path, staff, undefined, 50)).items.slice(0, 2)
    for (const x of confirmed) expect((await ctx.request(`/api/v1/bookings/${x.id}/staff-cancel`, { method: 'POST', token: staff, json: { reason: '重复预约' } })).status).toBe(200)
    const cancelledPath = `${path}&status=cancelled`
    const p1 = await page(cancelledPath, staff, undefined, 1)
    const p2 = await page(cancelledPath, staff, p1.nextCursor ?? undefined, 1)
    expect([...p1.items, ...p2.items].map((x) => x.id).sort()).toEqual(confirmed.map((x) => x.id).sort())
    expect(p1.total).toBe(2)
    expect(p2.total).toBe(2)
    expect(p2.nextCursor).toBeNull()
    // The day's total also on a page past the end, which has no row to carry it.
    const last = await page(cancelledPath, staff, undefined, 2)
    const lastId = last.items[1]?.id ?? ''
    const lastTime = (last.items[1] as unknown as { startsAt: string } | undefined)?.startsAt ?? ''
    const beyond = await page(cancelledPath, staff, cursorOf([lastTime, lastId]), 2)
    expect(beyond).toEqual({ items: [], nextCursor: null, total: 2 })

    await expectForgedCursorsRefused(path, staff)
    expect((await getPage(`/staff/bookings?communityId=${communityId}&date=${TUESDAY}`, otherStaff)).status).toBe(403)
  })
})

describe('the 差评 case queue (GET /staff/cases)', () => {
  it('pages by deadline, then id, overdue first; the count is of the whole queue', async () => {
    for (const deadline of ['2026-12-02T16:00:00Z', '2026-12-03T16:00:00Z', '2026-12-03T16:00:00Z', '2026-12-04T16:00:00Z', '2026-12-07T16:00:00Z', '2026-12-08T16:00:00Z']) {
      await openCase(deadline)
    }
    expect((await page('/staff/cases', staff)).total).toBe(6)
    await expectGaplessWalk('/staff/cases', staff, {
      before: () => openCase('2026-11-20T16:00:00Z'),
      after: () => openCase('2026-12-20T16:00:00Z'),
    })
    const all = (await page('/staff/cases', staff, undefined, 50)) as unknown as { items: { deadline: string; overdue: boolean }[]; total: number }
    expect(all.total).toBe(8)
    expect(all.items[0]?.overdue).toBe(true)
    expect(all.items.map((x) => x.deadline)).toEqual(all.items.map((x) => x.deadline).sort())
    await expectForgedCursorsRefused('/staff/cases', staff)
    expect(await page('/staff/cases', otherStaff)).toEqual({ items: [], nextCursor: null, total: 0 })
  })
})

describe('appeals (GET /staff/appeals)', () => {
  it('pages the longest waiting first, by filing time, then id', async () => {
    for (const filedAt of ['2026-11-10T01:00:00Z', '2026-11-11T01:00:00Z', '2026-11-11T01:00:00Z', '2026-11-12T01:00:00Z', '2026-11-13T01:00:00Z', '2026-11-14T01:00:00Z']) {
      await appeal(filedAt)
    }
    await expectGaplessWalk('/staff/appeals?status=pending', streetAdmin, {
      before: () => appeal('2026-11-01T01:00:00Z'),
      after: () => appeal('2026-11-20T01:00:00Z'),
    })
    expect((await page('/staff/appeals?status=pending', staff, undefined, 50)).items).toHaveLength(8)
    await expectForgedCursorsRefused('/staff/appeals?status=pending', staff)
    expect(await page('/staff/appeals?status=pending', otherStaff)).toEqual({ items: [], nextCursor: null })
    expect(await page('/staff/appeals?status=pending', otherStreetAdmin)).toEqual({ items: [], nextCursor: null })
  })
})

describe('rows stamped by the database clock', () => {
  // now() has microseconds, a JS Date (and so a cursor) milliseconds: rows one transaction stamps
  // alike must still page exactly, none skipped after a cursor and none shown again.
  it('pages audit entries and appeals written in one statement each, every row once', async () => {
    const street = await createStreet(ctx.db, '清水街道')
    const community = await createCommunity(ctx.db, { streetId: street.id, name: '清水社区' })
    const admin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: street.id } })).id, FAR)
    const audited = await ctx.db
      .insertInto('audit_log')
      .values([1, 2, 3].map(() => ({ actor_user_id: null, community_id: community.id, action: 'booking.viewed', target_type: 'booking', target_id: SOME_UUID, detail: '{}', request_id: null })))
      .returning('id')
      .execute()
    const auditWalk = await walk('/staff/audit', admin, async () => undefined)
    expect([...auditWalk.ids].sort()).toEqual(audited.map((r) => r.id).sort())

    const ratings = [await poorRating(), await poorRating(), await poorRating()]
    const filed = await ctx.db
      .insertInto('rating_appeal')
      .values(ratings.map((ratingId) => ({ rating_id: ratingId, community_id: communityId, reason: '评价人当天并未到场', status: 'pending', filed_by: staffUserId, decided_by: null, decision_note: null, decided_at: null })))
      .returning('id')
      .execute()
    const appealWalk = await walk('/staff/appeals?status=pending', staff, async () => undefined)
    expect(new Set(appealWalk.ids).size).toBe(appealWalk.ids.length)
    expect(appealWalk.ids).toEqual(expect.arrayContaining(filed.map((r) => r.id)))
  })
})

describe('surveys (GET /communities/{id}/surveys)', () => {
  it('pages the latest opening first, then id; another community’s list holds none of them', async () => {
    for (const opensOn of ['2026-06-01', '2026-07-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']) await survey(opensOn)
    const path = `/communities/${communityId}/surveys`
    await expectGaplessWalk(path, staff, {
      before: () => survey('2026-11-01'),
      after: () => survey('2026-01-01'),
    })
    await expectForgedCursorsRefused(path, staff)
    const other = await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })
    expect(await page(`/communities/${other.id}/surveys`, otherStaff)).toEqual({ items: [], nextCursor: null })
  })
})

describe('closures (GET /staff/closures)', () => {
  it('pages the soonest first, by first day, then id', async () => {
    for (const startsOn of ['2026-11-25', '2026-11-26', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']) await closure(startsOn)
    const path = `/staff/closures?communityId=${communityId}`
    await expectGaplessWalk(path, staff, {
      before: () => closure('2026-11-23'),
      after: () => closure('2026-12-05'),
    })
    await expectForgedCursorsRefused(path, staff)
    expect((await getPage(path, otherStaff)).status).toBe(403)
  })
})

describe('the audit log (GET /staff/audit)', () => {
  it('gives a street admin the street’s audited actions newest first, masked, a page at a time; nobody else', async () => {
    for (const at of ['2026-10-01T01:00:00Z', '2026-10-02T01:00:00Z', '2026-10-02T01:00:00Z', '2026-10-03T01:00:00Z', '2026-10-04T01:00:00Z', '2026-10-05T01:00:00Z']) {
      await auditEntry(at)
    }
    await expectGaplessWalk('/staff/audit', streetAdmin, {
      // Written now: newer than every row walked, so before the cursor in this newest-first list.
      before: () => auditEntry(),
      after: () => auditEntry('2026-01-01T01:00:00Z'),
    })
    const all = (await page('/staff/audit', streetAdmin, undefined, 50)) as unknown as {
      items: { at: string; actor: { name: string } | null; actionLabel: string; communityName: string; detail: { reason?: string } }[]
    }
    expect(all.items.map((x) => x.at)).toEqual(all.items.map((x) => x.at).sort().reverse())
    const viewed = all.items.find((x) => x.detail.reason)
    expect(viewed).toMatchObject({ actor: { name: '张*', phone: null }, actionLabel: '查看预约详情', communityName: '桂花社区', detail: { reason: '居民电话 138****5678 要求改约' } })
    expect(JSON.stringify(all)).not.toContain('13812345678')

    await expectForgedCursorsRefused('/staff/audit', streetAdmin)
    expect(await page('/staff/audit', otherStreetAdmin)).toEqual({ items: [], nextCursor: null })
    expect((await getPage(`/staff/audit?communityId=${communityId}`, otherStreetAdmin)).status).toBe(403)
    expect((await getPage('/staff/audit', staff)).status).toBe(403)
  })
})
