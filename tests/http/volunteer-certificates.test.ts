import { sql } from 'kysely'
import { seedDemoVolunteerCertificates } from '../../bff/src/demo/volunteer-certificates'
import { TEST_CIPHER, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'
import { createActivity, createVolunteer } from '../support/volunteer'
import { confirmHours } from '../support/volunteer-certificates'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** 10:00 in Shanghai on Tuesday 1 December 2026. */
const NOW = new Date('2026-12-01T02:00:00Z')
const SHIFT = { startsAt: new Date('2026-11-20T06:00:00Z'), endsAt: new Date('2026-11-20T08:00:00Z'), capacity: 5 }
const VERIFICATION_KEYS = ['activities', 'byCategory', 'code', 'communityName', 'idMasked', 'issuedOn', 'moreActivities', 'nameMasked', 'status', 'totalHours', 'voidedOn', 'volunteerNo', 'year']

interface Certificate {
  id: string
  code: string
  name: string
  volunteerNo: string
  idMasked: string
  year: number | null
  totalHours: number
  byCategory: { category: string; label: string; hours: number }[]
  activities: { title: string; label: string }[]
  communityName: string
  issuedOn: string
  status: string
  voidReason: string | null
  verifyUrl: string
  qrCode: string
}

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A community with a staff member, a volunteer with hours in 2025 and 2026, and one without any. */
async function scene() {
  const streetId = (await createStreet(ctx.db)).id
  const communityId = (await createCommunity(ctx.db, { streetId, name: '桂花社区' })).id
  const staffUser = await createUser(ctx.db, { name: '张敏', grant: { role: 'staff', communityId } })
  const staff = await sessionFor(ctx.db, staffUser.id, FAR)
  const volunteer = await createVolunteer(ctx.db, { communityId, name: '王秀兰' })
  const idle = await createVolunteer(ctx.db, { communityId, name: '李敏' })
  const visit = await createActivity(ctx.db, { communityId, createdBy: staffUser.id, title: '关爱独居老人上门探访', shifts: [SHIFT] })
  const tutoring = await createActivity(ctx.db, { communityId, createdBy: staffUser.id, title: '四点半课堂作业辅导', category: 'tutoring', shifts: [SHIFT] })
  await confirmHours(ctx.db, { userId: volunteer.user.id, communityId, activityId: visit.activity.id, confirmedBy: staffUser.id, minutes: 120, serviceDate: '2025-06-01' }, NOW)
  await confirmHours(ctx.db, { userId: volunteer.user.id, communityId, activityId: tutoring.activity.id, confirmedBy: staffUser.id, minutes: 90, serviceDate: '2026-11-20', category: 'tutoring' }, NOW)
  return { streetId, communityId, staffUser, staff, volunteer, idle }
}

function apply(token: string, year: number | null, key?: string) {
  return ctx.request('/api/v1/volunteer/certificates', { method: 'POST', token, json: { year }, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

function verify(code: string, headers: Record<string, string> = {}) {
  return ctx.request(`/api/v1/public/volunteer/certificates/${code}`, { headers })
}

async function issued(token: string, year: number | null = null): Promise<Certificate> {
  const res = await apply(token, year)
  expect(res.status).toBe(201)
  return (await res.json()) as Certificate
}

beforeEach(() => ctx.setNow(NOW))

describe('志愿服务证明', () => {
  it('is issued at once on request: the volunteer number, masked ID, hours in total and by category, the activities, the community and date, a code and its QR; audited and told', async () => {
    const s = await scene()
    const all = await issued(s.volunteer.token)
    expect(all).toMatchObject({
      name: '王秀兰',
      year: null,
      totalHours: 3.5,
      byCategory: [
        { category: 'elder_care', label: '助老', hours: 2 },
        { category: 'tutoring', label: '助学', hours: 1.5 },
      ],
      communityName: '桂花社区',
      issuedOn: '2026-12-01',
      status: 'valid',
      idMasked: expect.stringMatching(/^\w{4}\*{10}\w{4}$/),
    })
    expect(all.activities.map((a) => a.title).sort()).toEqual(['关爱独居老人上门探访', '四点半课堂作业辅导'])
    expect(all.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/)
    expect(all.verifyUrl).toMatch(new RegExp(`/#/packages/volunteer/pages/verify/index\\?code=${all.code}$`))
    expect(all.qrCode).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(JSON.stringify(all)).not.toContain(s.volunteer.idNumber)

    ctx.setNow(new Date(NOW.getTime() + 60_000))
    const year = await issued(s.volunteer.token, 2025)
    expect(year).toMatchObject({ year: 2025, totalHours: 2, byCategory: [{ category: 'elder_care', hours: 2 }] })
    expect(year.activities.map((a) => a.title)).toEqual(['关爱独居老人上门探访'])
    expect(year.code).not.toBe(all.code)

    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', all.id).execute()
    expect(audit).toEqual([{ action: 'volunteer_certificate.issued', actor_user_id: s.volunteer.user.id }])
    const told = await ctx.db.selectFrom('notification_outbox').select('kind').where('user_id', '=', s.volunteer.user.id).where('kind', '=', 'certificate_issued').execute()
    expect(told).toHaveLength(2)

    const mine = (await (await ctx.request('/api/v1/volunteer/certificates', { token: s.volunteer.token })).json()) as { items: Certificate[] }
    expect(mine.items.map((c) => c.id)).toEqual([year.id, all.id])
  })

  it('one double tap is one certificate (Idempotency-Key)', async () => {
    const s = await scene()
    const [a, b] = await Promise.all([apply(s.volunteer.token, null, 'cert-tap-1'), apply(s.volunteer.token, null, 'cert-tap-1')])
    const statuses = [a.status, b.status].sort()
    expect(statuses[0]).toBe(201)
    const count = await ctx.db.selectFrom('volunteer_certificate').select(sql<number>`count(*)::int`.as('n')).where('user_id', '=', s.volunteer.user.id).executeTakeFirstOrThrow()
    expect(count.n).toBe(1)
  })

  it('is refused without confirmed hours in the range, or to someone not registered; nothing recorded', async () => {
    const s = await scene()
    const none = await apply(s.idle.token, null)
    expect(none.status).toBe(409)
    expect(await errorCode(none)).toBe('VOLUNTEER_CERTIFICATE_NO_HOURS')
    const emptyYear = await apply(s.volunteer.token, 2024)
    expect(emptyYear.status).toBe(409)
    const resident = await sessionFor(ctx.db, (await createUser(ctx.db, { communityId: s.communityId })).id, FAR)
    expect((await apply(resident, null)).status).toBe(403)
    const badYear = await apply(s.volunteer.token, 1999)
    expect(badYear.status).toBe(400)
    const rows = await ctx.db.selectFrom('volunteer_certificate').select('id').where('community_id', '=', s.communityId).execute()
    expect(rows).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select('id').where('community_id', '=', s.communityId).where('action', 'like', 'volunteer_certificate.%').execute()
    expect(audit).toEqual([])
  })

  it('its snapshot cannot be changed or deleted in the database', async () => {
    const s = await scene()
    const c = await issued(s.volunteer.token)
    await expect(sql`update volunteer_certificate set content = '{}'::jsonb where id = ${c.id}`.execute(ctx.db)).rejects.toThrow(/immutable/)
    await expect(sql`delete from volunteer_certificate where id = ${c.id}`.execute(ctx.db)).rejects.toThrow(/never deleted/)
  })
})

describe('公开核验', () => {
  it('needs no login and shows what the certificate shows and nothing more: the name masked, no phone, no full ID, no birth date', async () => {
    const s = await scene()
    const c = await issued(s.volunteer.token)
    const res = await verify(c.code)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(VERIFICATION_KEYS)
    expect(body).toMatchObject({ nameMasked: '王*兰', status: 'valid', totalHours: 3.5, volunteerNo: c.volunteerNo, idMasked: c.idMasked, communityName: '桂花社区', voidedOn: null })
    const text = JSON.stringify(body)
    expect(text).not.toContain('王秀兰')
    expect(text).not.toContain(s.volunteer.idNumber)
    expect(text).not.toContain('13800000000')
    expect(text).not.toContain('1980-05-20')

    // Dashes and lower case as printed or typed find it too.
    const typed = `${c.code.slice(0, 4)}-${c.code.slice(4, 8)}-${c.code.slice(8)}`.toLowerCase()
    expect((await verify(typed)).status).toBe(200)
  })

  it('is cached: an ETag, Cache-Control, and 304 when unchanged', async () => {
    const s = await scene()
    const c = await issued(s.volunteer.token)
    const first = await verify(c.code)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^".+"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    const again = await verify(c.code, { 'If-None-Match': etag ?? '' })
    expect(again.status).toBe(304)
  })

  it('an unknown code is 404 with a Chinese message; a malformed one 400', async () => {
    await scene()
    const res = await verify('23456789ABCD')
    expect(res.status).toBe(404)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error).toMatchObject({ code: 'VOLUNTEER_CERTIFICATE_NOT_FOUND', message: expect.stringContaining('核验码') })
    expect((await verify('abc')).status).toBe(400)
  })
})

describe('作废', () => {
  it('by staff of the issuing community with a reason (audited); it then verifies as 已作废 at once, the cache forgotten', async () => {
    const s = await scene()
    const c = await issued(s.volunteer.token)
    const before = await verify(c.code)
    const etagBefore = before.headers.get('etag') ?? ''
    expect(((await before.json()) as { status: string }).status).toBe('valid')

    const voidIt = (token: string, reason: string) => ctx.request(`/api/v1/staff/volunteer/certificates/${c.id}/void`, { method: 'POST', token, json: { reason } })
    const other = await createCommunity(ctx.db, { streetId: s.streetId })
    const stranger = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
    expect((await voidIt(stranger, '信息有误')).status).toBe(403)
    expect((await voidIt(s.volunteer.token, '信息有误')).status).toBe(403)
    expect((await voidIt(s.staff, '   ')).status).toBe(400)
    expect(((await (await verify(c.code)).json()) as { status: string }).status).toBe('valid')

    const res = await voidIt(s.staff, '服务时长登记有误，已重新出具')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'voided', voidReason: '服务时长登记有误，已重新出具', voidedOn: '2026-12-01' })
    const after = await verify(c.code, { 'If-None-Match': etagBefore })
    expect(after.status).toBe(200)
    expect(await after.json()).toMatchObject({ status: 'voided', voidedOn: '2026-12-01' })

    const twice = await voidIt(s.staff, '再次作废')
    expect(twice.status).toBe(409)
    expect(await errorCode(twice)).toBe('VOLUNTEER_CERTIFICATE_VOIDED')
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', c.id).orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'volunteer_certificate.issued', actor_user_id: s.volunteer.user.id },
      { action: 'volunteer_certificate.voided', actor_user_id: s.staffUser.id },
    ])
    const listed = (await (await ctx.request('/api/v1/staff/volunteer/certificates', { token: s.staff })).json()) as { items: Certificate[] }
    expect(listed.items.map((x) => [x.id, x.status])).toEqual([[c.id, 'voided']])
  })
})

describe('guessing codes', () => {
  it('runs into 429 after 30 lookups of unknown codes a minute from one address', async () => {
    await scene()
    ctx.setNow(new Date('2026-12-01T03:30:00Z'))
    const statuses: number[] = []
    for (let i = 0; i < 32; i++) statuses.push((await verify('ZZZZ2345ZZZZ')).status)
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true)
    expect(statuses.slice(30)).toEqual([429, 429])
  })
})

describe('demo', () => {
  it('certifies the volunteer persona, puts a reached level on the 公示 and awards another volunteer’s; loading twice adds nothing', async () => {
    const s = await scene()
    await ctx.db.updateTable('app_user').set({ demo_persona: 'volunteer' }).where('id', '=', s.volunteer.user.id).execute()
    const other = await createVolunteer(ctx.db, { communityId: s.communityId, name: '赵刚' })
    // 120 confirmed hours in the rollup, without the 公示 the confirmation would have made: the demo makes it.
    await ctx.db.insertInto('volunteer_hours_rollup').values({ user_id: other.user.id, year: 2026, category: 'elder_care', minutes: 120 * 60, records: 40 }).execute()
    await seedDemoVolunteerCertificates(ctx.db, TEST_CIPHER, NOW)
    await seedDemoVolunteerCertificates(ctx.db, TEST_CIPHER, NOW)
    const certificates = await ctx.db.selectFrom('volunteer_certificate').select('user_id').where('community_id', '=', s.communityId).execute()
    expect(certificates).toEqual([{ user_id: s.volunteer.user.id }])
    const stars = await ctx.db.selectFrom('volunteer_star_level').select(['status', 'level']).where('user_id', '=', other.user.id).execute()
    expect(stars).toEqual([{ status: 'awarded', level: 1 }])
  })
})
