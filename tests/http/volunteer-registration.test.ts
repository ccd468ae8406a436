import { idCheckCharacter } from '@linli/shared'
import { registeredResidents } from '../../bff/src/auth/residents'
import { seedDemo } from '../../bff/src/demo/seed'
import { seedDemoVolunteerRegistration } from '../../bff/src/demo/volunteer-registration'
import { volunteerFacts } from '../../bff/src/volunteer/facts'
import { createVolunteer } from '../support/volunteer'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** 10:00 on 1 December 2026 in Shanghai: ages below are counted on this day. */
const NOW = new Date('2026-12-01T02:00:00Z')

let streetId: string
let serial = 100

/** A valid 18-character ID number (GB 11643 check character) with the birth date inside. */
function idFor(birthDate: string): string {
  const first17 = `330106${birthDate.replaceAll('-', '')}${String(serial++).padStart(3, '0')}`
  return `${first17}${idCheckCharacter(first17)}`
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; fields?: { path: string; message: string }[] } }).error
}

async function resident(communityId: string | null, name = '周晓梅') {
  const user = await createUser(ctx.db, { communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

function form(idNumber: string, extra: Record<string, unknown> = {}) {
  return { name: '周晓梅', idNumber, phone: '13912345678', skills: ['elder_care', 'tutoring'], availability: ['weekend', 'weekday_evening'], agreement: true, idConsent: true, ...extra }
}

function register(token: string, json: unknown, key?: string) {
  return ctx.request('/api/v1/volunteer/registration', { method: 'POST', token, json, headers: key ? { 'idempotency-key': key } : {} })
}

const volunteers = () => ctx.db.selectFrom('volunteer').selectAll().execute()

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})
beforeEach(() => ctx.setNow(NOW))
afterEach(() => ctx.setNow(null))

describe('实名注册', () => {
  it('registers a resident with her ID sealed and shown masked, a volunteer number, and the registration audited', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const she = await resident(communityId)
    const idNumber = idFor('1990-03-07')
    const res = await register(she.token, form(idNumber.replace(/X$/, 'x')), 'reg-1')
    expect(res.status).toBe(201)
    const mine = await res.json()
    expect(mine).toMatchObject({
      name: '周晓梅',
      idMasked: `3301**********${idNumber.slice(-4)}`,
      phoneMasked: '139****5678',
      skills: ['elder_care', 'tutoring'],
      availability: ['weekday_evening', 'weekend'],
      ageGroup: 'adult',
      guardianRecorded: false,
      status: 'active',
      teams: [],
      totalMinutes: 0,
      registeredAtLocal: { date: '2026-12-01', time: '10:00' },
    })
    expect(mine.volunteerNo).toMatch(/^ZY2026\d{6}$/)
    expect(JSON.stringify(mine)).not.toContain(idNumber)

    const [row] = (await volunteers()).filter((v) => v.user_id === she.id)
    if (!row) throw new Error('no row')
    // Sealed at rest: none of the personal fields is stored in the clear.
    for (const sealed of [row.name_enc, row.id_number_enc, row.birth_date_enc, row.phone_enc]) expect(sealed).toMatch(/^v1\./)
    expect(ctx.deps.cipher.decrypt(row.id_number_enc)).toBe(idNumber)
    expect(row.id_number_hash).toBe(ctx.deps.cipher.lookupHash(`id:${idNumber}`))
    expect(row.id_consent_at).toEqual(NOW)
    const audit = await ctx.db.selectFrom('audit_log').select(['actor_user_id', 'action']).where('target_id', '=', she.id).execute()
    expect(audit).toEqual([{ actor_user_id: she.id, action: 'volunteer.registered' }])

    // 我的志愿 shows the same; the facts other features read agree.
    const view = await (await ctx.request('/api/v1/volunteer/me', { token: she.token })).json()
    expect(view.registration).toEqual(mine)
    expect(await volunteerFacts(ctx.db, ctx.deps.cipher, she.id)).toMatchObject({ birthDate: '1990-03-07', status: 'active', volunteerNo: mine.volunteerNo })
    // Her session now carries the volunteer role (what volunteer-only routes admit).
    const me = (await (await ctx.request('/api/v1/me', { token: she.token })).json()) as { roles: { role: string }[] }
    expect(me.roles.map((r) => r.role)).toContain('volunteer')

    // The same key answers the same; a new attempt is refused, and nothing more is recorded.
    const again = await register(she.token, form(idNumber.replace(/X$/, 'x')), 'reg-1')
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const twice = await register(she.token, form(idNumber), 'reg-2')
    expect(twice.status).toBe(409)
    expect((await errorOf(twice)).code).toBe('VOLUNTEER_ALREADY_REGISTERED')
    expect((await volunteers()).filter((v) => v.user_id === she.id)).toHaveLength(1)
  })

  it('gives 我的志愿 an empty registration before she registers', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const she = await resident(communityId)
    const res = await ctx.request('/api/v1/volunteer/me', { token: she.token })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ registration: null })
  })

  it('refuses an invalid ID number, a missing consent and an unbound resident, recording nothing', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const she = await resident(communityId)
    const good = idFor('1985-06-15')
    const wrongCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`
    const cases: [string, string][] = [
      [wrongCheck, '校验位'],
      ['33010619850230001X', '出生日期'],
      ['33010620300101001X', '出生日期'],
      ['3301061985061500', '18位'],
      ['33010619850615001Y', '18位'],
    ]
    for (const [idNumber, says] of cases) {
      const res = await register(she.token, form(idNumber))
      expect(res.status).toBe(400)
      const error = await errorOf(res)
      expect(error.code).toBe('VOLUNTEER_ID_INVALID')
      expect(error.message).toContain(says)
      expect(error.fields).toEqual([{ path: 'idNumber', message: error.message }])
    }
    const noAgreement = await register(she.token, form(good, { agreement: false }))
    expect([noAgreement.status, (await errorOf(noAgreement)).code]).toEqual([400, 'VOLUNTEER_AGREEMENT_REQUIRED'])
    const noConsent = await register(she.token, form(good, { idConsent: false }))
    expect(noConsent.status).toBe(400)
    expect((await errorOf(noConsent)).code).toBe('VOLUNTEER_ID_CONSENT_REQUIRED')
    const noSkills = await register(she.token, form(good, { skills: [] }))
    expect(noSkills.status).toBe(400)
    expect((await errorOf(noSkills)).fields?.[0]).toEqual({ path: 'skills', message: '请至少选择一项服务技能' })
    const badPhone = await register(she.token, form(good, { phone: '12345' }))
    expect(badPhone.status).toBe(400)
    const nowhere = await resident(null)
    const unbound = await register(nowhere.token, form(good))
    expect(unbound.status).toBe(409)
    expect((await errorOf(unbound)).code).toBe('VOLUNTEER_NEEDS_COMMUNITY')
    expect((await volunteers()).filter((v) => v.user_id === she.id || v.user_id === nowhere.id)).toEqual([])
  })

  it('asks a guardian for those under 18, takes under-14s only with one, and nobody under 6', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const guardian = { name: '周建国', phone: '13700001111', consent: true }
    // Fifteen on 1 December 2026.
    const teen = await resident(communityId, '周小雨')
    const teenId = idFor('2011-05-01')
    for (const extra of [{}, { guardian: { ...guardian, consent: false } }]) {
      const res = await register(teen.token, form(teenId, { name: '周小雨', ...extra }))
      expect(res.status).toBe(409)
      expect((await errorOf(res)).code).toBe('VOLUNTEER_MINOR_NEEDS_GUARDIAN')
    }
    const teenOk = await register(teen.token, form(teenId, { name: '周小雨', guardian }))
    expect(teenOk.status).toBe(201)
    expect(await teenOk.json()).toMatchObject({ ageGroup: 'minor', guardianRecorded: true })
    const row = (await volunteers()).find((v) => v.user_id === teen.id)
    expect(row && [ctx.deps.cipher.decrypt(row.guardian_name_enc ?? ''), ctx.deps.cipher.decrypt(row.guardian_phone_enc ?? ''), row.guardian_consent_at]).toEqual(['周建国', '13700001111', NOW])

    // Eighteen today (the birthday counts): an adult, no guardian asked.
    const adult = await resident(communityId, '吴浩')
    const adultRes = await register(adult.token, form(idFor('2008-12-01'), { name: '吴浩' }))
    expect(adultRes.status).toBe(201)
    expect(await adultRes.json()).toMatchObject({ ageGroup: 'adult', guardianRecorded: false })

    // Ten: only with a guardian; six is the youngest; five is refused even with one.
    const child = await resident(communityId, '周小乐')
    const childId = idFor('2016-01-10')
    expect((await errorOf(await register(child.token, form(childId, { name: '周小乐' })))).code).toBe('VOLUNTEER_MINOR_NEEDS_GUARDIAN')
    const childOk = await register(child.token, form(childId, { name: '周小乐', guardian }))
    expect(childOk.status).toBe(201)
    expect(await childOk.json()).toMatchObject({ ageGroup: 'child', guardianRecorded: true })
    const infant = await resident(communityId, '周小宝')
    const tooYoung = await register(infant.token, form(idFor('2021-06-01'), { name: '周小宝', guardian }))
    expect(tooYoung.status).toBe(409)
    expect((await errorOf(tooYoung)).code).toBe('VOLUNTEER_TOO_YOUNG')
    expect((await volunteers()).some((v) => v.user_id === infant.id)).toBe(false)
  })

  it('registers one of twenty accounts giving the same ID number at once; the others hear it is taken', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const people = await Promise.all(Array.from({ length: 20 }, () => resident(communityId)))
    const idNumber = idFor('1978-09-09')
    const answers = await Promise.all(people.map((p) => register(p.token, form(idNumber))))
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([201, ...Array(19).fill(409)])
    for (const r of answers.filter((a) => a.status === 409)) expect((await errorOf(r)).code).toBe('VOLUNTEER_ID_TAKEN')
    const hash = ctx.deps.cipher.lookupHash(`id:${idNumber}`)
    expect(await ctx.db.selectFrom('volunteer').select('user_id').where('id_number_hash', '=', hash).execute()).toHaveLength(1)
    const numbers = (await volunteers()).map((v) => v.volunteer_no)
    expect(new Set(numbers).size).toBe(numbers.length)
  })

  it('lets her change her phone, skills and availability, but never an empty list', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const she = await resident(communityId)
    expect((await register(she.token, form(idFor('1992-02-02')))).status).toBe(201)
    const put = (json: unknown) => ctx.request('/api/v1/volunteer/me', { method: 'PUT', token: she.token, json })
    const res = await put({ phone: '13600002222', skills: ['legal'], availability: ['weekday_day'] })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ phoneMasked: '136****2222', skills: ['legal'], availability: ['weekday_day'] })
    const empty = await put({ phone: '13600002222', skills: ['legal'], availability: [] })
    expect(empty.status).toBe(400)
    expect((await errorOf(empty)).fields?.[0]?.message).toBe('请至少选择一个可服务时间')
    const stranger = await resident(communityId)
    expect((await errorOf(await ctx.request('/api/v1/volunteer/me', { method: 'PUT', token: stranger.token, json: { phone: '13600002222', skills: ['legal'], availability: ['weekend'] } }))).code).toBe('VOLUNTEER_NOT_REGISTERED')
  })

  it('sums her confirmed hours from the rollup rows', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const { user, token } = await createVolunteer(ctx.db, { communityId })
    await ctx.db
      .insertInto('volunteer_hours_rollup')
      .values([
        { user_id: user.id, year: 2025, category: 'elder_care', minutes: 600, records: 4 },
        { user_id: user.id, year: 2026, category: 'tutoring', minutes: 135, records: 1 },
      ])
      .execute()
    const view = await (await ctx.request('/api/v1/volunteer/me', { token })).json()
    expect(view.registration).toMatchObject({ totalMinutes: 735, totalHours: 12.3 })
  })
})

describe('staff and volunteers', () => {
  it('lists the community’s volunteers masked, page by page, for its staff only (audited)', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const otherId = (await createCommunity(ctx.db, { streetId })).id
    const staff = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
    const staffToken = await sessionFor(ctx.db, staff.id, FAR)
    const otherStaff = await createUser(ctx.db, { grant: { role: 'staff', communityId: otherId } })
    const names = ['王秀兰', '李建华', '赵敏']
    for (const [i, name] of names.entries()) {
      ctx.setNow(new Date(NOW.getTime() + i * 60_000))
      const p = await resident(communityId, name)
      expect((await register(p.token, form(idFor('1970-01-01'), { name }))).status).toBe(201)
    }
    const first = await (await ctx.request(`/api/v1/staff/communities/${communityId}/volunteers?limit=2`, { token: staffToken })).json()
    expect(first.items.map((v: { name: string }) => v.name)).toEqual(['赵*', '李*华'])
    expect(first.items[0].idMasked).toMatch(/^3301\*{10}\d{3}[\dX]$/)
    expect(JSON.stringify(first)).not.toMatch(/139\d{8}|phone/)
    const second = await (await ctx.request(`/api/v1/staff/communities/${communityId}/volunteers?limit=2&cursor=${first.nextCursor}`, { token: staffToken })).json()
    expect(second).toMatchObject({ items: [{ name: '王*兰', skills: ['elder_care', 'tutoring'], status: 'active', registeredAtLocal: { date: '2026-12-01', time: '10:00' } }], nextCursor: null })
    const audited = await ctx.db.selectFrom('audit_log').select('actor_user_id').where('action', '=', 'volunteer.list_viewed').where('community_id', '=', communityId).execute()
    expect(audited).toHaveLength(2)
    expect((await ctx.request(`/api/v1/staff/communities/${communityId}/volunteers`, { token: await sessionFor(ctx.db, otherStaff.id, FAR) })).status).toBe(403)
    const someone = await resident(communityId)
    expect((await ctx.request(`/api/v1/staff/communities/${communityId}/volunteers`, { token: someone.token })).status).toBe(403)
  })

  it('suspends and reinstates a volunteer with a reason, audited; the facts other features read say so', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const staff = await createUser(ctx.db, { grant: { role: 'staff', communityId } })
    const staffToken = await sessionFor(ctx.db, staff.id, FAR)
    const { user, token } = await createVolunteer(ctx.db, { communityId, name: '钱多多' })
    const put = (json: unknown, t = staffToken) => ctx.request(`/api/v1/staff/volunteers/${user.id}/status`, { method: 'PUT', token: t, json })
    expect((await put({ status: 'suspended', reason: '' })).status).toBe(400)
    expect((await put({ status: 'suspended', reason: '虚报服务时长，暂停一年' }, token)).status).toBe(403)
    const res = await put({ status: 'suspended', reason: '虚报服务时长，暂停一年' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ name: '钱*多', status: 'suspended', statusLabel: '已暂停' })
    expect((await volunteerFacts(ctx.db, ctx.deps.cipher, user.id)).status).toBe('suspended')
    const again = await put({ status: 'suspended', reason: '再次暂停' })
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('VOLUNTEER_STATUS_UNCHANGED')
    expect((await put({ status: 'active', reason: '核实后恢复' })).status).toBe(200)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail', 'actor_user_id']).where('target_id', '=', user.id).orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'volunteer.suspended', detail: { reason: '虚报服务时长，暂停一年' }, actor_user_id: staff.id },
      { action: 'volunteer.reinstated', detail: { reason: '核实后恢复' }, actor_user_id: staff.id },
    ])
    const nobody = await ctx.request(`/api/v1/staff/volunteers/${staff.id}/status`, { method: 'PUT', token: staffToken, json: { status: 'suspended', reason: '测试' } })
    expect(nobody.status).toBe(404)
  })
})

describe('下载我的数据 and 注销', () => {
  it('exports her registration with the ID masked, and 注销 withdraws it keeping name and ID sealed for the records', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const staff = await createUser(ctx.db, { grant: { role: 'staff', communityId } })
    const she = await resident(communityId, '孙丽')
    const idNumber = idFor('2010-10-10')
    const guardian = { name: '孙大伟', phone: '13700002222', consent: true }
    expect((await register(she.token, form(idNumber, { name: '孙丽', guardian }))).status).toBe(201)
    const team = await ctx.db.insertInto('volunteer_team').values({ community_id: communityId, name: '青少年服务队', created_by: staff.id }).returning('id').executeTakeFirstOrThrow()
    expect((await ctx.request(`/api/v1/volunteer/teams/${team.id}/membership`, { method: 'POST', token: she.token })).status).toBe(200)

    const exported = await ctx.request('/api/v1/me/export', { token: she.token })
    expect(exported.status).toBe(200)
    const text = await exported.text()
    expect(text).not.toContain(idNumber)
    const data = JSON.parse(text)
    // Her service records and totals (none yet), her help requests and time-bank ledger (empty) are in it too.
    expect(data.volunteerRecords).toEqual({ totals: [], items: [] })
    expect(data.help).toEqual({ requests: [], credits: { balance: expect.anything(), entries: [] } })
    expect(data.volunteer).toMatchObject({
      name: '孙丽',
      idMasked: `3301**********${idNumber.slice(-4)}`,
      birthDate: '2010-10-10',
      phone: '13912345678',
      guardian: { name: '孙大伟', phone: '13700002222' },
      teams: [{ name: '青少年服务队', role: 'member' }],
    })

    const deleted = await ctx.request('/api/v1/me/delete', { method: 'POST', token: she.token, json: { confirm: true } })
    expect(deleted.status).toBe(200)
    const row = await ctx.db.selectFrom('volunteer').selectAll().where('user_id', '=', she.id).executeTakeFirstOrThrow()
    expect({ status: row.status, phone: row.phone_enc, gName: row.guardian_name_enc, gPhone: row.guardian_phone_enc }).toEqual({ status: 'withdrawn', phone: '', gName: null, gPhone: null })
    expect([ctx.deps.cipher.decrypt(row.name_enc), ctx.deps.cipher.decrypt(row.id_number_enc)]).toEqual(['孙丽', idNumber])
    expect(await ctx.db.selectFrom('volunteer_team_member').select('user_id').where('user_id', '=', she.id).execute()).toEqual([])
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'account.deleted').where('target_id', '=', she.id).executeTakeFirstOrThrow()
    expect(audit.detail).toMatchObject({ volunteerWithdrawn: true })

    // The same person, from a new account, may register again.
    const back = await resident(communityId, '孙丽')
    expect((await register(back.token, form(idNumber, { name: '孙丽', guardian }))).status).toBe(201)
  })

  it('exports no volunteer part for a resident who never registered', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId })).id
    const she = await resident(communityId)
    expect((await (await ctx.request('/api/v1/me/export', { token: she.token })).json()).volunteer).toBeNull()
  })
})

describe('demo', () => {
  it('registers the volunteer persona and enough neighbours for 15 % of 桂花社区, with two teams; loading twice adds nothing', async () => {
    ctx.setNow(null)
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoVolunteerRegistration(ctx.db, ctx.deps.cipher, new Date())
    const persona = await ctx.db.selectFrom('app_user').select(['id', 'community_id']).where('demo_persona', '=', 'volunteer').executeTakeFirstOrThrow()
    const communityId = persona.community_id ?? ''
    const count = async () => (await ctx.db.selectFrom('volunteer').select('user_id').where('community_id', '=', communityId).execute()).length
    const registered = await count()
    expect(registered * 100).toBeGreaterThanOrEqual(15 * (await registeredResidents(ctx.db, communityId)))
    const mine = await ctx.db.selectFrom('volunteer').select(['skills', 'name_enc']).where('user_id', '=', persona.id).executeTakeFirstOrThrow()
    expect([mine.skills, ctx.deps.cipher.decrypt(mine.name_enc)]).toEqual([['elder_care', 'tutoring'], '赵志远'])
    const teamRows = await ctx.db.selectFrom('volunteer_team').select(['id', 'name']).where('community_id', '=', communityId).orderBy('created_at').execute()
    expect(teamRows.map((t) => t.name)).toEqual(['桂花社区志愿服务队', '桂花青年突击队'])
    const leader = await ctx.db.selectFrom('volunteer_team_member').select('role').where('team_id', '=', teamRows[0]?.id ?? '').where('user_id', '=', persona.id).executeTakeFirstOrThrow()
    expect(leader.role).toBe('leader')
    await seedDemoVolunteerRegistration(ctx.db, ctx.deps.cipher, new Date())
    expect(await count()).toBe(registered)
  }, 120_000)
})
