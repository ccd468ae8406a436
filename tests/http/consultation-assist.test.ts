import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
/** 10:00 in 桂花社区 (Asia/Shanghai): the daily list's day is 2026-12-01. */
const NOW = new Date('2026-12-01T02:00:00Z')
const REASON = '老人无智能手机，本人到场口述'

let streetId: string
let communityId: string
let otherCommunityId: string
let categoryId: string
let staff: { id: string; token: string }
let gridWorker: { id: string; token: string }
let otherGridWorker: { id: string; token: string }
let streetAdmin: string
let proposer: { id: string; token: string }

async function person(values: { community?: string; name?: string; birthDate?: string | null; phone?: string } = {}) {
  const user = await createUser(ctx.db, { communityId: values.community ?? communityId, name: values.name ?? '李秀英', birthDate: values.birthDate ?? null })
  if (values.phone) {
    const { cipher } = ctx.deps
    await ctx.db.updateTable('app_user').set({ phone_hash: cipher.lookupHash(values.phone), phone_enc: cipher.encrypt(values.phone) }).where('id', '=', user.id).execute()
  }
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** 网格员 are granted per community like staff (bff/src/auth/table.ts). */
async function gridWorkerOf(community: string, name: string) {
  const worker = await person({ community, name })
  await ctx.db.insertInto('user_role').values({ user_id: worker.id, role: 'grid_worker', community_id: community, street_id: null, provider_id: null }).execute()
  return worker
}

/** An elder with no phone: the reason 代办 exists. A unique name per test, so look-ups never meet another test's elder. */
let elders = 0
async function elder(community = communityId) {
  elders++
  const name = `王秀兰${'甲乙丙丁戊己庚辛壬癸'[elders % 10]}${elders}`
  return { ...(await person({ community, name, birthDate: '1948-03-15' })), name, birthDate: '1948-03-15' }
}

async function topicIn(state: 'collecting' | 'deliberating') {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token: proposer.token,
    json: { communityId, categoryId, title: '小区东门加装无障碍坡道', description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装坡道。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  if (state !== 'collecting') await ctx.db.updateTable('consultation_topic').set({ state }).where('id', '=', id).execute()
  return id
}

/** A topic in 表决中 with an open 居民会议 vote; returns the id of the option 同意. */
async function topicVoting() {
  const topicId = await topicIn('deliberating')
  const opens = new Date(NOW.getTime() + HOUR_MS)
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, {
    method: 'POST',
    token: staff.token,
    json: {
      rule: 'resident_meeting',
      options: [
        { label: '同意', adopts: true },
        { label: '反对', adopts: false },
      ],
      opensAt: opens.toISOString(),
      closesAt: new Date(NOW.getTime() + 48 * HOUR_MS).toISOString(),
    },
  })
  expect(res.status).toBe(201)
  const vote = (await res.json()) as { options: { id: string; label: string }[] }
  ctx.setNow(new Date(opens.getTime() + HOUR_MS))
  return { topicId, agree: vote.options.find((o) => o.label === '同意')?.id ?? '', oppose: vote.options.find((o) => o.label === '反对')?.id ?? '' }
}

const assist = (topicId: string, token: string, json: Record<string, unknown>, key?: string) =>
  ctx.request(`/api/v1/consultation/topics/${topicId}/assisted-acts`, { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}
async function assistRows(topicId: string) {
  return ctx.db.selectFrom('consultation_assist').selectAll().where('topic_id', '=', topicId).orderBy('created_at').execute()
}
async function auditOf(action: string, residentUserId: string) {
  const rows = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('action', '=', action).execute()
  return rows.filter((r) => (r.detail as { residentUserId?: string }).residentUserId === residentUserId)
}
async function supportCount(topicId: string) {
  return (await ctx.db.selectFrom('consultation_topic').select('support_count').where('id', '=', topicId).executeTakeFirstOrThrow()).support_count
}
async function dailyList(token: string, query: string) {
  return ctx.request(`/api/v1/staff/consultation/assisted-acts?${query}`, { token })
}

beforeAll(async () => {
  ctx.setNow(NOW)
  streetId = (await createStreet(ctx.db)).id
  communityId = (await createCommunity(ctx.db, { streetId, name: '桂花社区' })).id
  otherCommunityId = (await createCommunity(ctx.db, { streetId, name: '荷花社区' })).id
  const staffUser = await createUser(ctx.db, { name: '张丽', communityId, grant: { role: 'staff', communityId } })
  staff = { id: staffUser.id, token: await sessionFor(ctx.db, staffUser.id, FAR) }
  gridWorker = await gridWorkerOf(communityId, '张建华')
  otherGridWorker = await gridWorkerOf(otherCommunityId, '周明')
  streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '刘建国', grant: { role: 'street_admin', streetId } })).id, FAR)
  proposer = await person({ name: '陈志明' })
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
})

beforeEach(() => ctx.setNow(NOW))

describe('代办 附议', () => {
  it('a 网格员 supports for an elder found by name and birth date: counted for her, marked 代办 with the helper and the reason, audited', async () => {
    const topicId = await topicIn('collecting')
    const her = await elder()
    const lookup = await ctx.request(`/api/v1/consultation/topics/${topicId}/assist/lookup`, {
      method: 'POST',
      token: gridWorker.token,
      json: { resident: { name: her.name, birthDate: her.birthDate } },
    })
    expect(lookup.status).toBe(200)
    expect(await lookup.json()).toEqual({ residentName: `${her.name[0]}${'*'.repeat([...her.name].length - 2)}${her.name.slice(-1)}`, helperRole: 'grid_worker' })

    const res = await assist(topicId, gridWorker.token, { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'support' }, reason: REASON })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ kind: 'support', helperRole: 'grid_worker', reason: REASON, createdAtLocal: { date: '2026-12-01', time: '10:00' } })
    expect(await supportCount(topicId)).toBe(1)
    const supports = await ctx.db.selectFrom('consultation_support').select('user_id').where('topic_id', '=', topicId).execute()
    expect(supports.map((s) => s.user_id)).toEqual([her.id])
    const [row] = await assistRows(topicId)
    expect(row).toMatchObject({ kind: 'support', resident_user_id: her.id, helper_user_id: gridWorker.id, helper_role: 'grid_worker', reason: REASON, community_id: communityId })
    const audit = await auditOf('assist.support', her.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.actor_user_id).toBe(gridWorker.id)

    // She herself sees it as hers and cannot support again: her repeat counts nothing, a helper's repeat is refused.
    const page = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}`, { token: her.token })).json()) as { supportedByMe: boolean; canSupport: boolean }
    expect(page).toMatchObject({ supportedByMe: true, canSupport: false })
    expect((await ctx.request(`/api/v1/consultation/topics/${topicId}/supports`, { method: 'POST', token: her.token })).status).toBe(200)
    expect(await supportCount(topicId)).toBe(1)
    const again = await assist(topicId, staff.token, { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'support' }, reason: REASON })
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('ALREADY_SUPPORTED')
    expect(await assistRows(topicId)).toHaveLength(1)
    expect(await auditOf('assist.support', her.id)).toHaveLength(1)
  })

  it('refuses without a reason, for nobody found, from another community or a plain resident; nothing recorded', async () => {
    const topicId = await topicIn('collecting')
    const her = await elder()
    const who = { name: her.name, birthDate: her.birthDate }
    for (const reason of [undefined, '', '   ']) {
      const res = await assist(topicId, gridWorker.token, { resident: who, act: { kind: 'support' }, ...(reason === undefined ? {} : { reason }) })
      expect(res.status).toBe(400)
      const error = await errorOf(res)
      expect(error.code).toBe('ASSIST_REASON_REQUIRED')
      expect(error.message).toContain('原因')
    }
    const wrongBirth = await assist(topicId, gridWorker.token, { resident: { name: her.name, birthDate: '1948-03-16' }, act: { kind: 'support' }, reason: REASON })
    expect(wrongBirth.status).toBe(404)
    expect((await errorOf(wrongBirth)).code).toBe('ASSIST_RESIDENT_NOT_FOUND')
    // A 网格员 of 荷花社区 has no say in 桂花社区, and finds nobody of it.
    const other = await assist(topicId, otherGridWorker.token, { resident: who, act: { kind: 'support' }, reason: REASON })
    expect(other.status).toBe(403)
    expect((await errorOf(other)).code).toBe('ASSIST_NOT_ALLOWED')
    // An elder of 荷花社区 is nobody in 桂花社区.
    const outsider = await elder(otherCommunityId)
    const notHere = await assist(topicId, gridWorker.token, { resident: { name: outsider.name, birthDate: outsider.birthDate }, act: { kind: 'support' }, reason: REASON })
    expect(notHere.status).toBe(404)
    const neighbour = await person({ name: '赵四' })
    const plain = await assist(topicId, neighbour.token, { resident: who, act: { kind: 'support' }, reason: REASON })
    expect(plain.status).toBe(403)
    const notHers = await assist(topicId, gridWorker.token, { resident: { familyMemberId: '00000000-0000-4000-8000-000000000000' }, act: { kind: 'support' }, reason: REASON })
    expect(notHers.status).toBe(403)

    expect(await supportCount(topicId)).toBe(0)
    expect(await assistRows(topicId)).toHaveLength(0)
    expect(await auditOf('assist.support', her.id)).toHaveLength(0)
  })

  it('asks for a phone tail when two residents share the name and birth date, and then finds the right one', async () => {
    const topicId = await topicIn('collecting')
    const name = '刘桂芳'
    const first = await person({ name, birthDate: '1950-01-02', phone: '13900001111' })
    const second = await person({ name, birthDate: '1950-01-02', phone: '13900002222' })
    const who = { name, birthDate: '1950-01-02' }
    const ambiguous = await assist(topicId, staff.token, { resident: who, act: { kind: 'support' }, reason: REASON })
    expect(ambiguous.status).toBe(409)
    expect((await errorOf(ambiguous)).code).toBe('RESIDENT_AMBIGUOUS')
    const wrongTail = await assist(topicId, staff.token, { resident: { ...who, phoneTail: '3333' }, act: { kind: 'support' }, reason: REASON })
    expect(wrongTail.status).toBe(404)
    expect(await assistRows(topicId)).toHaveLength(0)

    const ok = await assist(topicId, staff.token, { resident: { ...who, phoneTail: '2222' }, act: { kind: 'support' }, reason: REASON })
    expect(ok.status).toBe(201)
    const rows = await assistRows(topicId)
    expect(rows.map((r) => [r.resident_user_id, r.helper_role])).toEqual([[second.id, 'staff']])
    expect(rows.map((r) => r.resident_user_id)).not.toContain(first.id)
  })

  it('replays a retried 代办 with the same Idempotency-Key: one support, one 代办 row', async () => {
    const topicId = await topicIn('collecting')
    const her = await elder()
    const json = { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'support' }, reason: REASON }
    const [a, b] = [await assist(topicId, gridWorker.token, json, 'assist-retry-1'), await assist(topicId, gridWorker.token, json, 'assist-retry-1')]
    expect([a.status, b.status]).toEqual([201, 201])
    expect(await supportCount(topicId)).toBe(1)
    expect(await assistRows(topicId)).toHaveLength(1)
  })

  it('two helpers at once for the same elder: one support, one 代办 row, the other ALREADY_SUPPORTED', async () => {
    const topicId = await topicIn('collecting')
    const her = await elder()
    const json = { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'support' }, reason: REASON }
    const results = await Promise.all([assist(topicId, gridWorker.token, json), assist(topicId, staff.token, json)])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await supportCount(topicId)).toBe(1)
    expect(await assistRows(topicId)).toHaveLength(1)
  })
})

describe('代办 意见', () => {
  it('posts the opinion as hers, marked 「代办」 with the helper masked on the topic page', async () => {
    const topicId = await topicIn('deliberating')
    const her = await elder()
    const res = await assist(topicId, gridWorker.token, { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'opinion', stance: 'support', body: '赞成加装坡道，我推轮椅出门太难了' }, reason: REASON })
    expect(res.status).toBe(201)
    const [row] = await assistRows(topicId)
    expect(row).toMatchObject({ kind: 'opinion', resident_user_id: her.id, helper_role: 'grid_worker' })
    const opinion = await ctx.db.selectFrom('consultation_opinion').selectAll().where('id', '=', row?.opinion_id ?? '').executeTakeFirstOrThrow()
    expect(opinion).toMatchObject({ author_user_id: her.id, stance: 'support' })

    const page = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`)).json()) as { items: { id: string; assisted: unknown; body: string }[] }
    expect(page.items).toEqual([expect.objectContaining({ id: opinion.id, assisted: { helperRole: 'grid_worker', helperName: '张*华' } })])
    expect(await auditOf('assist.opinion', her.id)).toHaveLength(1)
    // Her own opinion carries no mark.
    await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`, { method: 'POST', token: proposer.token, json: { stance: 'oppose', body: '东门太窄' } })
    const again = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`)).json()) as { items: { assisted: unknown }[] }
    expect(again.items.map((o) => o.assisted)).toEqual(expect.arrayContaining([null, { helperRole: 'grid_worker', helperName: '张*华' }]))
  })

  it('refuses an opinion outside 协商中 and leaves no 代办 row', async () => {
    const topicId = await topicIn('collecting')
    const her = await elder()
    const res = await assist(topicId, gridWorker.token, { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'opinion', stance: 'neutral', body: '听听大家的' }, reason: REASON })
    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('TOPIC_NOT_DELIBERATING')
    expect(await assistRows(topicId)).toHaveLength(0)
  })
})

describe('代办 投票', () => {
  it('casts her ballot, marked 代办 without the option anywhere; her own second ballot and a helper’s are refused', async () => {
    const { topicId, agree, oppose } = await topicVoting()
    const her = await elder()
    const who = { name: her.name, birthDate: her.birthDate }
    const res = await assist(topicId, gridWorker.token, { resident: who, act: { kind: 'ballot', optionId: agree }, reason: REASON })
    expect(res.status).toBe(201)
    const body = JSON.stringify(await res.json())
    expect(body).not.toContain(agree)
    const [row] = await assistRows(topicId)
    expect(row).toMatchObject({ kind: 'ballot', resident_user_id: her.id, opinion_id: null })
    expect(JSON.stringify(row)).not.toContain(agree)
    const [audit] = await auditOf('assist.ballot', her.id)
    expect(JSON.stringify(audit?.detail)).not.toContain(agree)

    const mine = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, { method: 'POST', token: her.token, json: { optionId: oppose } })
    expect(mine.status).toBe(409)
    expect((await errorOf(mine)).code).toBe('ALREADY_VOTED')
    const twice = await assist(topicId, staff.token, { resident: who, act: { kind: 'ballot', optionId: oppose }, reason: REASON })
    expect(twice.status).toBe(409)
    expect((await errorOf(twice)).message).toContain('这位居民')
    expect(await assistRows(topicId)).toHaveLength(1)
  })
})

describe('代办 by a family member', () => {
  it('a resident acts for her own 家人 of the same community, and only for her', async () => {
    const topicId = await topicIn('collecting')
    const mother = await elder()
    const daughter = await person({ name: '王小红' })
    const added = await ctx.request('/api/v1/me/family', { method: 'POST', token: daughter.token, json: { name: mother.name, relation: 'parent', birthDate: mother.birthDate } })
    expect(added.status).toBe(201)
    const member = (await added.json()) as { id: string }

    const options = (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/assist-options`, { token: daughter.token })).json()) as { helperRole: unknown; familyMembers: { id: string }[]; kind: string }
    expect(options).toMatchObject({ helperRole: null, kind: 'support' })
    expect(options.familyMembers.map((m) => m.id)).toEqual([member.id])

    // Another resident cannot use her family member's id.
    const stranger = await person({ name: '钱五' })
    const refused = await assist(topicId, stranger.token, { resident: { familyMemberId: member.id }, act: { kind: 'support' }, reason: REASON })
    expect(refused.status).toBe(403)
    // Nor by name: she is no staff and no 网格员.
    const byName = await assist(topicId, daughter.token, { resident: { name: mother.name, birthDate: mother.birthDate }, act: { kind: 'support' }, reason: REASON })
    expect(byName.status).toBe(403)
    expect(await assistRows(topicId)).toHaveLength(0)

    const ok = await assist(topicId, daughter.token, { resident: { familyMemberId: member.id }, act: { kind: 'support' }, reason: '母亲不会用手机，在家口述' })
    expect(ok.status).toBe(201)
    expect(await assistRows(topicId)).toEqual([expect.objectContaining({ resident_user_id: mother.id, helper_user_id: daughter.id, helper_role: 'family' })])

    // A removed 家人 is nobody's to act for.
    const topic2 = await topicIn('collecting')
    expect((await ctx.request(`/api/v1/me/family/${member.id}`, { method: 'DELETE', token: daughter.token })).status).toBe(204)
    const gone = await assist(topic2, daughter.token, { resident: { familyMemberId: member.id }, act: { kind: 'support' }, reason: REASON })
    expect(gone.status).toBe(403)
    expect(await assistRows(topic2)).toHaveLength(0)
  })

  it('refuses a family member who lives in another community', async () => {
    const topicId = await topicIn('collecting')
    const mother = await elder(otherCommunityId)
    const son = await person({ name: '孙六' })
    const member = (await (await ctx.request('/api/v1/me/family', { method: 'POST', token: son.token, json: { name: mother.name, relation: 'parent', birthDate: mother.birthDate } })).json()) as { id: string }
    const res = await assist(topicId, son.token, { resident: { familyMemberId: member.id }, act: { kind: 'support' }, reason: REASON })
    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('ASSIST_RESIDENT_NOT_FOUND')
    expect(await assistRows(topicId)).toHaveLength(0)
  })
})

describe('the daily list of 代办 for the 居务监督委员会', () => {
  it('lists each act of the day with topic, resident masked, helper and reason, newest first and paged; staff and street admin only', async () => {
    const day = '2026-12-02'
    const topicId = await topicIn('collecting')
    const helpers = [gridWorker, staff, gridWorker]
    const reasons = ['老人无智能手机，本人到场口述', '视力不好，本人口述', '行动不便，上门办理']
    for (let i = 0; i < 3; i++) {
      ctx.setNow(new Date(`${day}T0${i + 1}:00:00Z`))
      const her = await elder()
      const helper = helpers[i] ?? staff
      expect((await assist(topicId, helper.token, { resident: { name: her.name, birthDate: her.birthDate }, act: { kind: 'support' }, reason: reasons[i] })).status).toBe(201)
    }
    // The next local day (2026-12-03 00:30 in Shanghai) is not on this day's list.
    ctx.setNow(new Date(`${day}T16:30:00Z`))
    const late = await elder()
    expect((await assist(topicId, gridWorker.token, { resident: { name: late.name, birthDate: late.birthDate }, act: { kind: 'support' }, reason: REASON })).status).toBe(201)

    const first = await dailyList(streetAdmin, `communityId=${communityId}&date=${day}&limit=2`)
    expect(first.status).toBe(200)
    const page1 = (await first.json()) as { items: { reason: string; helperName: string; helperRole: string; residentName: string; topicTitle: string; kind: string; createdAtLocal: { time: string } }[]; nextCursor: string | null }
    expect(page1.items.map((i) => [i.createdAtLocal.time, i.kind, i.helperName, i.helperRole, i.reason])).toEqual([
      ['11:00', 'support', '张建华', 'grid_worker', reasons[2]],
      ['10:00', 'support', '张丽', 'staff', reasons[1]],
    ])
    expect(page1.items[0]?.topicTitle).toBe('小区东门加装无障碍坡道')
    expect(page1.items[0]?.residentName).toMatch(/^王\*+\d$/)
    const second = (await (await dailyList(staff.token, `communityId=${communityId}&date=${day}&limit=2&cursor=${page1.nextCursor}`)).json()) as { items: { reason: string }[]; nextCursor: string | null }
    expect(second.items.map((i) => i.reason)).toEqual([reasons[0]])
    expect(second.nextCursor).toBeNull()

    // The 网格员 is the one being checked; a resident is no committee.
    expect((await dailyList(gridWorker.token, `communityId=${communityId}&date=${day}`)).status).toBe(403)
    expect((await dailyList(proposer.token, `communityId=${communityId}&date=${day}`)).status).toBe(403)
    const otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
    expect((await dailyList(otherStaff, `communityId=${communityId}&date=${day}`)).status).toBe(403)
  })
})

describe('the 网格员 role', () => {
  it('is not staff: a 网格员 cannot move topics or open votes', async () => {
    const topicId = await topicIn('collecting')
    // The topic page offers 代办 to the community's 网格员 and staff only (and residents with 家人 there).
    const optionsOf = async (token: string) => (await (await ctx.request(`/api/v1/consultation/topics/${topicId}/assist-options`, { token })).json()) as { helperRole: string | null; familyMembers: unknown[]; kind: string | null }
    expect(await optionsOf(gridWorker.token)).toEqual({ helperRole: 'grid_worker', familyMembers: [], kind: 'support' })
    expect(await optionsOf(staff.token)).toMatchObject({ helperRole: 'staff' })
    expect(await optionsOf(streetAdmin)).toMatchObject({ helperRole: 'street_admin' })
    expect(await optionsOf(otherGridWorker.token)).toMatchObject({ helperRole: null, familyMembers: [] })
    expect(await optionsOf(proposer.token)).toMatchObject({ helperRole: null, familyMembers: [] })
    const move = await ctx.request(`/api/v1/consultation/topics/${topicId}/moves`, { method: 'POST', token: gridWorker.token, json: { to: 'terminated', reason: '测试' } })
    expect(move.status).toBe(403)
    const me = (await (await ctx.request('/api/v1/me', { token: gridWorker.token })).json()) as { roles: { role: string; communityName: string | null }[] }
    expect(me.roles).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'grid_worker', communityName: '桂花社区' })]))
  })
})
