import type { VolunteerSkill } from '@linli/shared'
import { seedDemoVolunteerHours } from '../../bff/src/demo/volunteer-hours'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { createActivity, createVolunteer } from '../support/volunteer'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 3600_000

interface MyRecords {
  totals: { year: number; category: string; categoryLabel: string; minutes: number; hours: number; records: number }[]
  totalMinutes: number
  totalHours: number
  items: { id: string; title: string; serviceDate: string; status: string; statusLabel: string; hours: number | null; categoryLabel: string; checkedInAtLocal: { time: string } }[]
  nextCursor: string | null
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A community with a staff organiser and a volunteer. */
async function setting(name = '陈晓梅') {
  const communityId = (await createCommunity(ctx.db, { streetId, name: `桂花${Math.random().toString(36).slice(2, 6)}社区` })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const v = await createVolunteer(ctx.db, { communityId, name })
  return { communityId, staff: { id: staffUser.id, token: await sessionFor(ctx.db, staffUser.id, FAR) }, volunteer: { id: v.user.id, token: await sessionFor(ctx.db, v.user.id, FAR), idNumber: v.idNumber } }
}

/**
 * A served shift on `day` (09:00 Shanghai, `minutes` long), left 待确认 as check-out leaves it
 * (written as scenery), then confirmed through the route unless `pending`.
 */
async function served(s: Awaited<ReturnType<typeof setting>>, day: string, minutes: number, o: { title?: string; category?: VolunteerSkill; pending?: boolean } = {}) {
  const startsAt = new Date(`${day}T01:00:00Z`)
  const { activity, shifts } = await createActivity(ctx.db, {
    communityId: s.communityId,
    createdBy: s.staff.id,
    title: o.title ?? `${day} 关爱老人`,
    category: o.category ?? 'elder_care',
    shifts: [{ startsAt, endsAt: new Date(startsAt.getTime() + 2 * HOUR_MS), capacity: 5 }],
  })
  const record = await ctx.db
    .insertInto('volunteer_record')
    .values({
      user_id: s.volunteer.id,
      community_id: s.communityId,
      activity_id: activity.id,
      shift_id: shifts[0]!.id,
      category: activity.category,
      service_date: day,
      checked_in_at: startsAt,
      checked_out_at: new Date(startsAt.getTime() + minutes * 60_000),
      minutes,
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (!o.pending) {
    const res = await ctx.request(`/api/v1/volunteer/activities/${activity.id}/hours/confirm`, { method: 'POST', token: s.staff.token, json: { recordIds: [record.id] } })
    expect(res.status).toBe(200)
  }
  return record.id
}

async function myRecords(token: string, cursor?: string, limit = 20): Promise<MyRecords> {
  const res = await ctx.request(`/api/v1/volunteer/me/records?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token })
  expect(res.status).toBe(200)
  // The route sends the kept page's JSON text (records.ts): still JSON to the app.
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return (await res.json()) as MyRecords
}

function exportCsv(communityId: string, token: string, from: string, to: string) {
  return ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-records/export?from=${from}&to=${to}`, { token })
}

/** The CSV's rows, the BOM gone and each field unquoted. */
function rowsOf(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')))
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

describe('her records', () => {
  it('has an empty state before any service', async () => {
    const s = await setting()
    expect(await myRecords(s.volunteer.token)).toEqual({ totals: [], totalMinutes: 0, totalHours: 0, items: [], nextCursor: null })
  })

  it('totals confirmed hours by year and category; the list shows every standing record newest first, a page at a time', async () => {
    const s = await setting()
    await served(s, '2025-03-01', 120)
    await served(s, '2025-06-01', 90, { category: 'tutoring' })
    await served(s, '2026-01-10', 60)
    await served(s, '2026-02-10', 30)
    const pendingId = await served(s, '2026-11-20', 45, { pending: true })
    const first = await myRecords(s.volunteer.token, undefined, 2)
    expect(first.totals).toEqual([
      { year: 2026, category: 'elder_care', categoryLabel: '助老', minutes: 90, hours: 1.5, records: 2 },
      { year: 2025, category: 'elder_care', categoryLabel: '助老', minutes: 120, hours: 2, records: 1 },
      { year: 2025, category: 'tutoring', categoryLabel: '助学', minutes: 90, hours: 1.5, records: 1 },
    ])
    // Only confirmed minutes count; the pending record is listed, not totalled.
    expect(first.totalMinutes).toBe(300)
    expect(first.totalHours).toBe(5)
    expect(first.items.map((r) => [r.serviceDate, r.statusLabel])).toEqual([
      ['2026-11-20', '待确认'],
      ['2026-02-10', '已确认'],
    ])
    expect(first.items[0]).toMatchObject({ id: pendingId, title: '2026-11-20 关爱老人', categoryLabel: '助老', hours: 0.75, checkedInAtLocal: { time: '09:00' } })
    const second = await myRecords(s.volunteer.token, first.nextCursor!, 2)
    const third = await myRecords(s.volunteer.token, second.nextCursor!, 2)
    expect([...second.items, ...third.items].map((r) => r.serviceDate)).toEqual(['2026-01-10', '2025-06-01', '2025-03-01'])
    expect(third.nextCursor).toBeNull()
  })

  it('is hers alone: a resident who is not a volunteer is refused, a forged cursor is a 400', async () => {
    const s = await setting()
    const resident = await createUser(ctx.db, { communityId: s.communityId })
    const res = await ctx.request('/api/v1/volunteer/me/records', { token: await sessionFor(ctx.db, resident.id, FAR) })
    expect(res.status).toBe(403)
    const forged = await ctx.request('/api/v1/volunteer/me/records?cursor=bm90LWEtY3Vyc29y', { token: s.volunteer.token })
    expect(forged.status).toBe(400)
  })
})

describe('the CSV for the national 志愿服务信息系统', () => {
  it('has the national fields for confirmed records in the range, the ID number in full, formulas defused, audited', async () => {
    const s = await setting()
    await served(s, '2026-10-01', 150, { title: '=HYPERLINK("http://x")' })
    await served(s, '2026-10-08', 60, { pending: true })
    await served(s, '2026-09-01', 60)
    const res = await exportCsv(s.communityId, s.staff.token, '2026-10-01', '2026-10-31')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    // A BOM first, so Excel reads the UTF-8 (text() would strip it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const body = new TextDecoder().decode(bytes)
    const [header, ...rows] = rowsOf(body)
    expect(header).toEqual(['志愿者编号', '姓名', '证件类型', '证件号码', '服务项目名称', '服务类别', '服务日期', '开始时间', '结束时间', '服务时长（小时）', '记录单位', '确认人', '确认日期'])
    expect(rows).toHaveLength(1)
    const volunteerNo = (await ctx.db.selectFrom('volunteer').select('volunteer_no').where('user_id', '=', s.volunteer.id).executeTakeFirstOrThrow()).volunteer_no
    expect(rows[0]).toEqual([volunteerNo, '陈晓梅', '居民身份证', s.volunteer.idNumber, `'=HYPERLINK("http://x")`, '助老', '2026-10-01', '09:00', '11:30', '2.50', expect.stringMatching(/居民委员会$/), '张敏', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)])
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('target_id', '=', s.communityId).where('action', '=', 'volunteer.records_exported').execute()
    expect(audit).toEqual([{ action: 'volunteer.records_exported', actor_user_id: s.staff.id, detail: { from: '2026-10-01', to: '2026-10-31', rows: 1 } }])
  })

  it('is refused to staff of another community, to a volunteer, and for a range over a year or backwards; nothing audited', async () => {
    const s = await setting()
    const other = await setting('李丽')
    const cases: [Response, number][] = [
      [await exportCsv(s.communityId, other.staff.token, '2026-01-01', '2026-01-31'), 403],
      [await exportCsv(s.communityId, s.volunteer.token, '2026-01-01', '2026-01-31'), 403],
      [await exportCsv(s.communityId, s.staff.token, '2025-01-01', '2026-01-31'), 400],
      [await exportCsv(s.communityId, s.staff.token, '2026-02-01', '2026-01-31'), 400],
    ]
    for (const [res, status] of cases) expect(res.status).toBe(status)
    expect(await errorCode(cases[2]![0])).toBe('VALIDATION_FAILED')
    const audit = await ctx.db.selectFrom('audit_log').select('id').where('target_id', '=', s.communityId).where('action', '=', 'volunteer.records_exported').execute()
    expect(audit).toHaveLength(0)
  })
})

describe('demo hours', () => {
  it('gives the volunteer persona two years of confirmed service (120 hours) and two records to confirm; loading twice adds nothing', async () => {
    const s = await setting()
    await ctx.db.updateTable('app_user').set({ demo_persona: 'staff', community_id: s.communityId }).where('id', '=', s.staff.id).execute()
    await ctx.db.updateTable('app_user').set({ demo_persona: 'volunteer' }).where('id', '=', s.volunteer.id).execute()
    const other = await createVolunteer(ctx.db, { communityId: s.communityId, name: '周建国' })
    const now = new Date('2026-12-01T02:00:00Z')
    await seedDemoVolunteerHours(ctx.db, ctx.deps.cipher, now)
    await seedDemoVolunteerHours(ctx.db, ctx.deps.cipher, now)
    const mine = await myRecords(s.volunteer.token)
    expect(mine.totalHours).toBe(120)
    expect(new Set(mine.totals.map((t) => t.year)).size).toBeGreaterThanOrEqual(2)
    expect(mine.items.slice(0, 2).map((r) => r.statusLabel)).toEqual(['待确认', '待确认'])
    const statuses = await ctx.db.selectFrom('volunteer_record').select(['status']).where('user_id', '=', s.volunteer.id).execute()
    expect(statuses.filter((r) => r.status === 'confirmed')).toHaveLength(40)
    expect(statuses.filter((r) => r.status === 'pending')).toHaveLength(2)
    const theirs = await myRecords(await sessionFor(ctx.db, other.user.id, FAR))
    expect(theirs.totalMinutes).toBeGreaterThan(0)
  })
})
