import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { sql } from 'kysely'
import { sealPlainPersonalFields } from '../../bff/src/auth/sealed'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z')
const MONDAY_LUNCH_END = new Date('2026-11-23T04:30:00Z')
const FAR = new Date('2030-01-01')
const ONE_SEAT = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: 1 }))

let streetId: string
let communityId: string
let otherCommunityId: string
let staff: string
let otherStaff: string

async function resident(name: string, phone: string, community = communityId) {
  const user = await createUser(ctx.db, { name, birthDate: '1950-05-05', communityId: community, phone: { number: phone, cipher: ctx.deps.cipher } })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** The service's slots as listed on Monday morning: Monday's lunch first, then Tuesday's … */
async function slotsOf(serviceId: string): Promise<{ id: string }[]> {
  return ctx.withNow(MONDAY_8AM, async () => (await (await ctx.request(`/api/v1/services/${serviceId}/slots`)).json()).items)
}

function book(token: string, body: Record<string, unknown>) {
  return ctx.request('/api/v1/bookings', { method: 'POST', token, json: body })
}

async function bookingRow(id: string) {
  return ctx.db.selectFrom('booking').select(['status', 'status_reason', 'booked_by', 'family_member_id']).where('id', '=', id).executeTakeFirstOrThrow()
}

async function audited(action: string, targetId: string) {
  return ctx.db.selectFrom('audit_log').select(['actor_user_id', 'community_id']).where('action', '=', action).where('target_id', '=', targetId).execute()
}

/** Monday's lunch booked at 08:00, served by staff as it ends and rated 差评 (a case opens); the clock then stands at its end. */
async function servedAndRated(serviceId: string, token: string): Promise<string> {
  ctx.setNow(MONDAY_8AM)
  const [monday] = await slotsOf(serviceId)
  const booking = await (await book(token, { slotId: monday?.id })).json()
  ctx.setNow(MONDAY_LUNCH_END)
  expect((await ctx.request(`/api/v1/bookings/${booking.id}/serve`, { method: 'POST', token: staff })).status).toBe(200)
  const rated = await ctx.request(`/api/v1/bookings/${booking.id}/rating`, { method: 'POST', token, json: { level: 2, comment: '饭菜凉了' } })
  expect(rated.status).toBe(201)
  return booking.id
}

beforeAll(async () => {
  ctx.setNow(MONDAY_8AM)
  streetId = (await createStreet(ctx.db)).id
  communityId = (await createCommunity(ctx.db, { streetId, name: '桂花社区' })).id
  otherCommunityId = (await createCommunity(ctx.db, { streetId, name: '荷塘社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '孙强', grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
})

afterEach(() => ctx.setNow(MONDAY_8AM))

describe('下载我的数据', () => {
  it('holds her profile, family, consents, bookings, ratings with their case, messages and logins — and nobody else’s', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '老年助餐·午餐', rules: ONE_SEAT })
    const she = await resident('王秀兰', '13800001111')
    const other = await resident('李敏', '13800002222')
    const child = await (await ctx.request('/api/v1/me/family', { method: 'POST', token: she.token, json: { name: '王小宝', relation: 'child', birthDate: '2019-05-01', childConsent: true } })).json()
    await ctx.request('/api/v1/me/family', { method: 'POST', token: other.token, json: { name: '李母', relation: 'parent', birthDate: '1935-06-06' } })
    const rated = await servedAndRated(svc.id, she.token)
    // Tuesday: 李敏 takes the one seat, she waits, 李敏 cancels: she is promoted and told so in 我的消息.
    const [, tuesday] = await slotsOf(svc.id)
    const othersBooking = await (await book(other.token, { slotId: tuesday?.id })).json()
    const waiting = await (await book(she.token, { slotId: tuesday?.id, joinWaitlist: true })).json()
    await ctx.request(`/api/v1/bookings/${othersBooking.id}/cancel`, { method: 'POST', token: other.token, json: { reason: '临时有事' } })

    const res = await ctx.request('/api/v1/me/export', { token: she.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="linli-my-data-2026-11-23\.json"$/)
    const data = await res.json()
    expect(data.profile).toMatchObject({ id: she.id, displayName: '王秀兰', phone: '13800001111', birthDate: '1950-05-05', community: { id: communityId, name: '桂花社区' } })
    expect(data.familyMembers).toEqual([{ id: child.id, name: '王小宝', relation: 'child', birthDate: '2019-05-01' }])
    expect(data.consents).toEqual([expect.objectContaining({ kind: `child_info:${child.id}`, withdrawnAt: null })])
    expect(data.bookings.map((b: { id: string; status: string }) => [b.id, b.status]).sort()).toEqual(
      [
        [rated, 'served'],
        [waiting.id, 'confirmed'],
      ].sort(),
    )
    expect(data.ratings).toEqual([expect.objectContaining({ bookingId: rated, level: 2, comment: '饭菜凉了', case: expect.objectContaining({ status: 'open' }) })])
    expect(data.messages.map((m: { title: string }) => m.title)).toContain('候补成功，已为您预约')
    expect(data.sessions).toEqual([expect.objectContaining({ channel: 'sms', current: true, revokedAt: null })])

    const text = JSON.stringify(data)
    for (const others of ['李敏', '13800002222', '李母', other.id, othersBooking.id]) expect(text).not.toContain(others)
    expect(await audited('privacy.exported', she.id)).toEqual([{ actor_user_id: she.id, community_id: communityId }])
  })

  it('needs a login', async () => {
    expect((await ctx.request('/api/v1/me/export')).status).toBe(401)
  })
})

describe('注销账号', () => {
  it('cancels her open bookings (the seat goes to the waitlist), keeps the served one anonymised, removes family and consents, and ends every session', async () => {
    const svc = await createBookableService(ctx.db, { communityId, name: '老年助餐·晚餐', rules: ONE_SEAT })
    const she = await resident('周阿姨', '13800003333')
    const secondDevice = await sessionFor(ctx.db, she.id, FAR)
    const waiter = await resident('钱大爷', '13800004444')
    const member = await (await ctx.request('/api/v1/me/family', { method: 'POST', token: she.token, json: { name: '周小花', relation: 'child', birthDate: '2018-01-01', childConsent: true } })).json()
    const kept = await servedAndRated(svc.id, she.token)
    const [, tuesday, wednesday] = await slotsOf(svc.id)
    const open = await (await book(she.token, { slotId: tuesday?.id })).json()
    const forChild = await (await book(she.token, { slotId: wednesday?.id, familyMemberId: member.id })).json()
    const waiting = await (await book(waiter.token, { slotId: tuesday?.id, joinWaitlist: true })).json()
    expect(waiting.status).toBe('waitlisted')

    const unconfirmed = await ctx.request('/api/v1/me/delete', { method: 'POST', token: she.token, json: {} })
    expect(unconfirmed.status).toBe(400)
    expect((await (await ctx.request('/api/v1/me', { token: she.token })).json()).displayName).toBe('周阿姨')

    const deleted = await ctx.request('/api/v1/me/delete', { method: 'POST', token: she.token, json: { confirm: true } })
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ cancelledBookings: 2 })

    // Every session ends at once.
    for (const token of [she.token, secondDevice]) expect((await ctx.request('/api/v1/me', { token })).status).toBe(401)
    // Open bookings cancelled through the normal path: the seat went to the first person waiting.
    expect(await bookingRow(open.id)).toMatchObject({ status: 'cancelled', status_reason: '居民已注销账号' })
    expect((await bookingRow(forChild.id)).status).toBe('cancelled')
    expect((await (await ctx.request(`/api/v1/bookings/${waiting.id}`, { token: waiter.token })).json()).status).toBe('confirmed')
    // The served booking and its rating are kept, under a row that leads to nobody.
    expect(await bookingRow(kept)).toMatchObject({ status: 'served', booked_by: she.id })
    expect(await ctx.db.selectFrom('rating').select('comment').where('booking_id', '=', kept).executeTakeFirstOrThrow()).toEqual({ comment: '饭菜凉了' })
    const row = await ctx.db.selectFrom('app_user').selectAll().where('id', '=', she.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ phone_hash: null, phone_enc: null, wx_openid: null, community_id: null, demo_persona: null, deleted_at: MONDAY_LUNCH_END })
    expect(JSON.stringify(row)).not.toContain('周阿姨')
    expect(JSON.stringify(row)).not.toContain('1950-05-05')
    // Family members, consents and messages are gone; the child's booking now counts as the (anonymous) booker's.
    expect(await ctx.db.selectFrom('family_member').select('id').where('user_id', '=', she.id).execute()).toEqual([])
    expect((await bookingRow(forChild.id)).family_member_id).toBeNull()
    expect(await ctx.db.selectFrom('consent').select('id').where('user_id', '=', she.id).execute()).toEqual([])
    expect(await ctx.db.selectFrom('inbox_message').select('id').where('user_id', '=', she.id).execute()).toEqual([])
    expect(await audited('account.deleted', she.id)).toEqual([{ actor_user_id: she.id, community_id: communityId }])

    // The same phone later is a new, empty account.
    expect((await ctx.request('/api/v1/auth/sms/send', { method: 'POST', json: { phone: '13800003333' } })).status).toBe(200)
    const login = await ctx.request('/api/v1/auth/sms/verify', {
      method: 'POST',
      json: { phone: '13800003333', code: ctx.sms.lastCodeFor('13800003333'), privacyPolicyVersion: PRIVACY_POLICY_VERSION },
    })
    const session = await login.json()
    expect(session.me.id).not.toBe(she.id)
    expect(session.me).toMatchObject({ displayName: '居民3333', birthDate: null, community: null })
    const mine = await (await ctx.request('/api/v1/me/export', { token: session.token })).json()
    expect([mine.bookings, mine.ratings, mine.familyMembers, mine.messages]).toEqual([[], [], [], []])
  })
})

describe('迁往其他社区', () => {
  it('is pending until the new community’s staff confirm it: until then she keeps her community and its eligibility', async () => {
    const homeOnly = await createBookableService(ctx.db, { communityId, name: '桂花食堂', residentsOnly: true })
    const thereOnly = await createBookableService(ctx.db, { communityId: otherCommunityId, name: '荷塘食堂', residentsOnly: true })
    const she = await resident('吴奶奶', '13800005555')

    const asked = await (await ctx.request('/api/v1/me/community', { method: 'PUT', token: she.token, json: { communityId: otherCommunityId } })).json()
    expect(asked.community).toEqual({ id: communityId, name: '桂花社区' })
    expect(asked.pendingCommunity).toEqual({ id: otherCommunityId, name: '荷塘社区', since: MONDAY_8AM.toISOString() })
    const [there] = await slotsOf(thereOnly.id)
    const refused = await book(she.token, { slotId: there?.id })
    expect(refused.status).toBe(409)
    expect((await refused.json()).error.code).toBe('NOT_ELIGIBLE')

    // Her old community's staff neither see nor decide a move into another community.
    expect((await ctx.request(`/api/v1/communities/${otherCommunityId}/moves`, { token: staff })).status).toBe(403)
    const byOthers = await ctx.request(`/api/v1/communities/${otherCommunityId}/moves/${she.id}`, { method: 'POST', token: staff, json: { decision: 'confirm' } })
    expect(byOthers.status).toBe(403)
    const notTheirs = await ctx.request(`/api/v1/communities/${communityId}/moves/${she.id}`, { method: 'POST', token: staff, json: { decision: 'confirm' } })
    expect(notTheirs.status).toBe(404)
    expect((await (await ctx.request('/api/v1/me', { token: she.token })).json()).community.id).toBe(communityId)

    const list = await (await ctx.request(`/api/v1/communities/${otherCommunityId}/moves`, { token: otherStaff })).json()
    expect(list.items).toEqual([{ userId: she.id, name: '吴*奶', phoneMasked: '138****5555', fromCommunityName: '桂花社区', since: MONDAY_8AM.toISOString(), sinceLocal: { date: '2026-11-23', time: '08:00' } }])
    const confirmed = await ctx.request(`/api/v1/communities/${otherCommunityId}/moves/${she.id}`, { method: 'POST', token: otherStaff, json: { decision: 'confirm' } })
    expect(confirmed.status).toBe(200)
    expect((await confirmed.json()).items).toEqual([])
    const twice = await ctx.request(`/api/v1/communities/${otherCommunityId}/moves/${she.id}`, { method: 'POST', token: otherStaff, json: { decision: 'confirm' } })
    expect(twice.status).toBe(404)

    const moved = await (await ctx.request('/api/v1/me', { token: she.token })).json()
    expect([moved.community, moved.pendingCommunity]).toEqual([{ id: otherCommunityId, name: '荷塘社区' }, null])
    expect((await book(she.token, { slotId: there?.id })).status).toBe(201)
    const [home] = await slotsOf(homeOnly.id)
    expect((await book(she.token, { slotId: home?.id })).status).toBe(409)
    expect((await audited('community.move_requested', she.id)).map((a) => a.actor_user_id)).toEqual([she.id])
    expect(await audited('community.move_confirmed', she.id)).toEqual([{ actor_user_id: expect.any(String), community_id: otherCommunityId }])
  })

  it('a rejected move leaves her where she was, and choosing her own community again withdraws one', async () => {
    const she = await resident('郑爷爷', '13800006666')
    await ctx.request('/api/v1/me/community', { method: 'PUT', token: she.token, json: { communityId: otherCommunityId } })
    const rejected = await ctx.request(`/api/v1/communities/${otherCommunityId}/moves/${she.id}`, { method: 'POST', token: otherStaff, json: { decision: 'reject' } })
    expect(rejected.status).toBe(200)
    const after = await (await ctx.request('/api/v1/me', { token: she.token })).json()
    expect([after.community.id, after.pendingCommunity]).toEqual([communityId, null])
    expect(await audited('community.move_rejected', she.id)).toHaveLength(1)

    await ctx.request('/api/v1/me/community', { method: 'PUT', token: she.token, json: { communityId: otherCommunityId } })
    const withdrawn = await (await ctx.request('/api/v1/me/community', { method: 'PUT', token: she.token, json: { communityId } })).json()
    expect([withdrawn.community.id, withdrawn.pendingCommunity]).toEqual([communityId, null])
    expect((await (await ctx.request(`/api/v1/communities/${otherCommunityId}/moves`, { token: otherStaff })).json()).items).toEqual([])
  })

  it('the first community a new resident chooses is hers at once', async () => {
    const user = await createUser(ctx.db, { name: '新居民' })
    const token = await sessionFor(ctx.db, user.id, FAR)
    const me = await (await ctx.request('/api/v1/me/community', { method: 'PUT', token, json: { communityId } })).json()
    expect([me.community.id, me.pendingCommunity]).toEqual([communityId, null])
  })
})

describe('names and birth dates encrypted like the phone', () => {
  async function rawRow(id: string) {
    const { rows } = await sql<{ display_name: string | null; birth_date: string | null; display_name_enc: string; birth_date_enc: string | null }>`
      select display_name, birth_date::text as birth_date, display_name_enc, birth_date_enc from app_user where id = ${id}`.execute(ctx.db)
    return rows[0]
  }

  it('stores ciphertext only, and age rules, 我的 and the counter’s look-up by name and birth date still work', async () => {
    const aged = await createBookableService(ctx.db, { communityId, name: '长者食堂', minAge: 60 })
    const she = await resident('陈桂英', '13800007777')
    const row = await rawRow(she.id)
    expect(row).toMatchObject({ display_name: null, birth_date: null })
    expect(row?.display_name_enc).toMatch(/^v1\./)
    expect(row?.birth_date_enc).toMatch(/^v1\./)
    expect(JSON.stringify(row)).not.toContain('陈桂英')
    expect(JSON.stringify(row)).not.toContain('1950-05-05')

    expect((await (await ctx.request('/api/v1/me', { token: she.token })).json()).displayName).toBe('陈桂英')
    const [lunch] = await slotsOf(aged.id)
    expect((await book(she.token, { slotId: lunch?.id })).status).toBe(201)
    const young = await createUser(ctx.db, { name: '小陈', birthDate: '1990-01-01', communityId })
    const refused = await book(await sessionFor(ctx.db, young.id, FAR), { slotId: lunch?.id })
    expect((await refused.json()).error.code).toBe('NOT_ELIGIBLE')

    // A walk-in registered by name and birth date is stored sealed, and found again by them.
    const [, tuesday] = await slotsOf(aged.id)
    const first = await (await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staff, json: { slotId: tuesday?.id, name: '孙大爷', birthDate: '1944-04-04' } })).json()
    expect(first.resident).toBe('registered')
    const walkIn = await ctx.db.selectFrom('booking').select('booked_by').where('id', '=', first.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(await rawRow(walkIn.booked_by))).not.toContain('孙大爷')
    const [, , wednesday] = await slotsOf(aged.id)
    const again = await (await ctx.request('/api/v1/staff/walk-in', { method: 'POST', token: staff, json: { slotId: wednesday?.id, name: '孙大爷', birthDate: '1944-04-04' } })).json()
    expect(again.resident).toBe('found')
    expect((await ctx.db.selectFrom('booking').select('booked_by').where('id', '=', again.id).executeTakeFirstOrThrow()).booked_by).toBe(walkIn.booked_by)
  })

  it('rows written before the migration are sealed at start-up, and then read as before', async () => {
    const { rows } = await sql<{ id: string }>`
      insert into app_user (display_name, birth_date, community_id) values ('老住户', '1940-02-02', ${communityId}) returning id`.execute(ctx.db)
    const id = rows[0]?.id ?? ''
    expect(await sealPlainPersonalFields(ctx.db, ctx.deps.cipher)).toBe(1)
    expect(await sealPlainPersonalFields(ctx.db, ctx.deps.cipher)).toBe(0)
    const row = await rawRow(id)
    expect([row?.display_name, row?.birth_date, row?.display_name_enc && ctx.deps.cipher.decrypt(row.display_name_enc)]).toEqual([null, null, '老住户'])
    const me = await (await ctx.request('/api/v1/me', { token: await sessionFor(ctx.db, id, FAR) })).json()
    expect([me.displayName, me.birthDate]).toEqual(['老住户', '1940-02-02'])
  })
})
