import { closeVotes } from '../../bff/src/consultation/vote-jobs'
import { isAdultOn } from '../../bff/src/auth/residents'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Votes complete (issue 11 item 3): the owners' registry, 户代表 one vote per household, 民法典
 * art. 278 by headcount AND area, 居民会议 aged 18+, the close job, and ★ the minority summary.
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
const NOW = new Date('2026-12-01T02:00:00Z')
const OPENS = new Date(NOW.getTime() + HOUR_MS)
const CLOSES = new Date(NOW.getTime() + 48 * HOUR_MS)
const DURING = new Date(NOW.getTime() + 2 * HOUR_MS)
const AFTER = new Date(CLOSES.getTime() + HOUR_MS)

interface Person {
  id: string
  token: string
  name: string
}
interface Vote {
  id: string
  options: { id: string; label: string }[]
  participation: { quorumMet: boolean; headcount: { counted: number; total: number; required: number }; area: null | { counted: number; total: number; required: number } }
  canVote: boolean
  ineligibleReason: string | null
  myHousehold: null | { householdCode: string; isOwner: boolean; voted: boolean }
  result: null | { outcome: string; explanation: string; tally: { optionId: string; votes: number; areaCentiM2: number }[] }
}

let streetId: string
const everyPersonId: string[] = []

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; fields?: { path: string; message: string }[] } }).error
}

async function secret<T>(res: Response): Promise<T> {
  const text = await res.text()
  for (const id of everyPersonId) expect(text).not.toContain(id)
  return JSON.parse(text) as T
}

/** A community whose residents have the given names (and birth dates), with staff and a topic in 协商中. */
async function community(people: readonly (string | { name: string; birthDate: string })[]) {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  const residents: Person[] = []
  for (const p of people) {
    const { name, birthDate } = typeof p === 'string' ? { name: p, birthDate: null } : p
    const user = await createUser(ctx.db, { communityId, name, birthDate })
    everyPersonId.push(user.id)
    residents.push({ id: user.id, token: await sessionFor(ctx.db, user.id, FAR), name })
  }
  const topicId = await newTopic(communityId, residents[0]?.id ?? '')
  return { communityId, staff, residents, topicId }
}

async function newTopic(communityId: string, proposer: string) {
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: communityId,
      category_id: category.id,
      proposer_user_id: proposer,
      title: '小区外墙翻新使用维修资金',
      description: '外墙瓷砖脱落，拟申请使用专项维修资金翻新。',
      links: [],
      state: 'deliberating',
      state_reason: null,
      threshold: 1,
      expires_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return topic.id
}

function importCsv(communityId: string, token: string, csv: string, dryRun = false) {
  return ctx.request(`/api/v1/staff/communities/${communityId}/owner-registry`, { method: 'POST', token, json: { csv, dryRun } })
}

async function registryOf(communityId: string, token: string) {
  const res = await ctx.request(`/api/v1/staff/communities/${communityId}/owner-registry`, { token })
  expect(res.status).toBe(200)
  return (await res.json()) as { totals: null | { households: number; owners: number; areaCentiM2: number; areaText: string }; linkedResidents: number }
}

function link(token: string, householdCode: string, ownerName: string) {
  return ctx.request('/api/v1/consultation/my-household', { method: 'POST', token, json: { householdCode, ownerName } })
}

const OPTIONS = [
  { label: '同意', adopts: true },
  { label: '反对', adopts: false },
  { label: '弃权', adopts: false },
]

function open(topicId: string, token: string, rule: string, options = OPTIONS) {
  return ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, {
    method: 'POST',
    token,
    json: { rule, options, opensAt: OPENS.toISOString(), closesAt: CLOSES.toISOString() },
  })
}

async function openOk(topicId: string, token: string, rule: string, options = OPTIONS) {
  const res = await open(topicId, token, rule, options)
  expect(res.status).toBe(201)
  return secret<Vote>(res)
}

function ballot(topicId: string, token: string, optionId: string) {
  return ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, { method: 'POST', token, json: { optionId } })
}

async function read(topicId: string, token?: string) {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, token ? { token } : {})
  expect(res.status).toBe(200)
  return secret<Vote>(res)
}

function optionOf(vote: Vote, label: string): string {
  const o = vote.options.find((x) => x.label === label)
  if (!o) throw new Error(`no option ${label}`)
  return o.id
}

async function counters(voteId: string) {
  const vote = await ctx.db.selectFrom('consultation_vote').select(['turnout', 'turnout_area_centi']).where('id', '=', voteId).executeTakeFirstOrThrow()
  const options = await ctx.db.selectFrom('consultation_vote_option').select(['label', 'votes', 'area_centi']).where('vote_id', '=', voteId).orderBy('sort_order').execute()
  return { turnout: vote.turnout, area: Number(vote.turnout_area_centi), options: options.map((o) => ({ label: o.label, votes: o.votes, area: Number(o.area_centi) })) }
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})
beforeEach(() => ctx.setNow(NOW))

describe('owners registry import', () => {
  it('previews bad lines, imports nothing while any line is bad, then imports a good file with its totals, audited', async () => {
    const c = await community(['王芳'])
    const bad = '户号,业主姓名,面积\n1-101,王芳,89.50\n1-102,,90\n1-101,李强,abc\n'
    const preview = await importCsv(c.communityId, c.staff, bad, true)
    expect(preview.status).toBe(200)
    const shown = (await preview.json()) as { imported: boolean; errors: { line: number; code: string; message: string }[]; totals: { households: number } }
    expect(shown.imported).toBe(false)
    expect(shown.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'FIELD_MISSING'],
      [4, 'HOUSEHOLD_DUPLICATE'],
      [4, 'AREA_INVALID'],
    ])
    expect(shown.errors[0]?.message).toContain('第 3 行')
    const refused = await importCsv(c.communityId, c.staff, bad)
    expect(refused.status).toBe(400)
    const error = await errorOf(refused)
    expect(error.code).toBe('REGISTRY_LINES_INVALID')
    expect(error.fields?.map((f) => f.path)).toEqual(['line.3', 'line.4', 'line.4'])
    expect((await registryOf(c.communityId, c.staff)).totals).toBeNull()
    expect((await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n')).status).toBe(400)
    // Not staff of this community.
    expect((await importCsv(c.communityId, c.residents[0]?.token ?? '', '户号,业主姓名,面积\n1-101,王芳,89.5')).status).toBe(403)

    const good = await importCsv(c.communityId, c.staff, '户号,业主姓名,面积（㎡）\n1-101,王芳,89.50\n1-102,李强,"1,200.05"\n')
    expect(good.status).toBe(200)
    expect(((await good.json()) as { imported: boolean }).imported).toBe(true)
    expect((await registryOf(c.communityId, c.staff)).totals).toEqual({ households: 2, owners: 2, areaCentiM2: 128955, areaText: '1,289.55 平方米' })
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'registry.imported').where('community_id', '=', c.communityId).execute()
    expect(audit).toHaveLength(1)
    // Names are sealed in the table.
    const stored = await ctx.db.selectFrom('consultation_registry_household').select('owner_name_enc').where('community_id', '=', c.communityId).execute()
    expect(stored.map((r) => r.owner_name_enc).join()).not.toContain('王芳')
  })

  it('links a resident by 户号 and the owner name; a re-import keeps her link unless the owner changed', async () => {
    const c = await community(['王芳', '王小明'])
    const [owner, son] = c.residents
    if (!owner || !son) throw new Error('two residents')
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n1-101,王芳,89.50\n1-102,李强,90\n')
    expect((await errorOf(await link(owner.token, '1-101', '李强'))).code).toBe('HOUSEHOLD_NOT_FOUND')
    expect((await errorOf(await link(owner.token, '9-999', '王芳'))).code).toBe('HOUSEHOLD_NOT_FOUND')
    const mine = await link(owner.token, '1 - 101'.replace(/ /g, ''), '王 芳')
    expect(await mine.json()).toEqual({ householdCode: '1-101', isOwner: true })
    expect(await (await link(son.token, '1-101', '王芳')).json()).toEqual({ householdCode: '1-101', isOwner: false })
    expect((await errorOf(await link(son.token, '1-102', '李强'))).code).toBe('HOUSEHOLD_ALREADY_LINKED')
    expect((await registryOf(c.communityId, c.staff)).linkedResidents).toBe(2)
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n1-101,王芳,89.60\n1-102,赵敏,90\n')
    expect((await registryOf(c.communityId, c.staff)).linkedResidents).toBe(2)
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n1-101,刘洋,89.60\n')
    expect((await registryOf(c.communityId, c.staff)).linkedResidents).toBe(0)
  })
})

function unlink(communityId: string, token: string, who: { name: string; birthDate: string; reason?: string }) {
  return ctx.request(`/api/v1/staff/communities/${communityId}/owner-registry/unlink`, { method: 'POST', token, json: { reason: '房屋已出售，业主变更', ...who } })
}

describe('undoing a 房屋登记', () => {
  it('staff undo a resident’s link by name and birth date with a reason, audited, and she links again; bad input and another community’s staff are refused', async () => {
    const c = await community([{ name: '王芳', birthDate: '1960-05-01' }, { name: '陈静', birthDate: '1985-02-02' }])
    const [owner, other] = c.residents
    if (!owner || !other) throw new Error('two residents')
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n1-101,王芳,89.50\n1-102,李强,90\n')
    expect((await link(owner.token, '1-101', '王芳')).status).toBe(200)
    expect((await errorOf(await link(owner.token, '1-102', '李强'))).code).toBe('HOUSEHOLD_ALREADY_LINKED')

    // Refused, nothing changed: no reason, a reason too short, nobody of that name and birth date,
    // a resident with no link, a resident asking, staff of another community.
    const noReason = await ctx.request(`/api/v1/staff/communities/${c.communityId}/owner-registry/unlink`, { method: 'POST', token: c.staff, json: { name: '王芳', birthDate: '1960-05-01' } })
    expect(noReason.status).toBe(400)
    expect((await errorOf(noReason)).fields?.map((f) => f.path)).toEqual(['reason'])
    expect((await errorOf(await unlink(c.communityId, c.staff, { name: '王芳', birthDate: '1960-05-01', reason: '错' }))).fields?.map((f) => f.path)).toEqual(['reason'])
    expect((await errorOf(await unlink(c.communityId, c.staff, { name: '王芳', birthDate: '1960-05-02' }))).code).toBe('ASSIST_RESIDENT_NOT_FOUND')
    const notLinked = await unlink(c.communityId, c.staff, { name: '陈静', birthDate: '1985-02-02' })
    expect(notLinked.status).toBe(404)
    expect((await errorOf(notLinked)).code).toBe('HOUSEHOLD_NOT_LINKED')
    expect((await unlink(c.communityId, other.token, { name: '王芳', birthDate: '1960-05-01' })).status).toBe(403)
    const elsewhere = await community(['孙丽'])
    expect((await unlink(c.communityId, elsewhere.staff, { name: '王芳', birthDate: '1960-05-01' })).status).toBe(403)
    expect((await registryOf(c.communityId, c.staff)).linkedResidents).toBe(1)

    const done = await unlink(c.communityId, c.staff, { name: '王芳', birthDate: '1960-05-01' })
    expect(done.status).toBe(200)
    expect(await done.json()).toEqual({ name: '王*', householdCode: '1-101' })
    expect((await registryOf(c.communityId, c.staff)).linkedResidents).toBe(0)
    const audit = await ctx.db.selectFrom('audit_log').select(['target_id', 'detail']).where('action', '=', 'registry.unlinked').where('community_id', '=', c.communityId).execute()
    expect(audit).toEqual([{ target_id: owner.id, detail: { householdCode: '1-101', reason: '房屋已出售，业主变更' } }])
    // Undone once: a second time finds no link.
    expect((await errorOf(await unlink(c.communityId, c.staff, { name: '王芳', birthDate: '1960-05-01' }))).code).toBe('HOUSEHOLD_NOT_LINKED')
    // She links again, to the household she lives in now.
    expect(await (await link(owner.token, '1-102', '李强')).json()).toEqual({ householdCode: '1-102', isOwner: false })
  })

  it('lets a resident who moved to another community link a household there: the old community’s link gives way', async () => {
    const from = await community([{ name: '赵敏', birthDate: '1970-07-07' }])
    const to = await community(['孙丽'])
    const [resident] = from.residents
    if (!resident) throw new Error('a resident')
    await importCsv(from.communityId, from.staff, '户号,业主姓名,面积\n3-301,赵敏,70\n')
    await importCsv(to.communityId, to.staff, '户号,业主姓名,面积\n8-808,赵敏,95\n')
    expect((await link(resident.token, '3-301', '赵敏')).status).toBe(200)
    await ctx.db.updateTable('app_user').set({ community_id: to.communityId }).where('id', '=', resident.id).execute()
    expect(await (await link(resident.token, '8-808', '赵敏')).json()).toEqual({ householdCode: '8-808', isOwner: true })
    expect((await registryOf(from.communityId, from.staff)).linkedResidents).toBe(0)
    expect((await registryOf(to.communityId, to.staff)).linkedResidents).toBe(1)
    const audit = await ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'registry.linked').where('community_id', '=', to.communityId).executeTakeFirstOrThrow()
    expect(audit.detail).toEqual({ isOwner: true, replacedHouseholdCode: '3-301' })
    // The community she left has it in its own log.
    const left = await ctx.db.selectFrom('audit_log').select(['target_id', 'detail']).where('action', '=', 'registry.unlinked').where('community_id', '=', from.communityId).execute()
    expect(left).toEqual([{ target_id: resident.id, detail: { householdCode: '3-301', reason: '迁出本社区，已在新社区登记房屋' } }])
    // Linked in her new community now: a second link there is refused as before.
    expect((await errorOf(await link(resident.token, '8-808', '赵敏'))).code).toBe('HOUSEHOLD_ALREADY_LINKED')
  })
})

describe('户代表: one vote per household', () => {
  it('counts households, refuses a second member of the same household and a resident without a household', async () => {
    const c = await community(['王芳', '王小明', '李强', '陌生人'])
    const [mother, son, neighbour, stranger] = c.residents
    if (!mother || !son || !neighbour || !stranger) throw new Error('four residents')
    expect((await errorOf(await open(c.topicId, c.staff, 'household'))).code).toBe('VOTE_RULE_NEEDS_REGISTRY')
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\n1-101,王芳,89.50\n1-102,李强,90\n1-103,赵敏,70\n')
    await link(mother.token, '1-101', '王芳')
    await link(son.token, '1-101', '王芳')
    await link(neighbour.token, '1-102', '李强')
    const vote = await openOk(c.topicId, c.staff, 'household')
    expect(vote.participation.headcount).toEqual({ counted: 0, total: 3, required: 2 })
    ctx.setNow(DURING)
    // The two of one household at once: exactly one counts.
    const both = await Promise.all([ballot(c.topicId, mother.token, optionOf(vote, '同意')), ballot(c.topicId, son.token, optionOf(vote, '同意'))])
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    const refused = both.find((r) => r.status === 409)
    expect((await errorOf(refused as Response)).code).toBe('HOUSEHOLD_ALREADY_VOTED')
    expect((await ballot(c.topicId, neighbour.token, optionOf(vote, '同意'))).status).toBe(200)
    expect((await errorOf(await ballot(c.topicId, stranger.token, optionOf(vote, '同意')))).code).toBe('VOTER_NOT_IN_REGISTRY')
    const theirs = await read(c.topicId, son.token)
    expect(theirs.myHousehold).toEqual({ householdCode: '1-101', isOwner: false, voted: true })
    expect(theirs.canVote).toBe(false)
    expect((await counters(vote.id)).turnout).toBe(2)
    ctx.setNow(AFTER)
    expect((await read(c.topicId)).result?.outcome).toBe('passed')
  })
})

describe('业主共同决定 (民法典 art. 278)', () => {
  it('is 未达法定人数 when two thirds of the owners by headcount but not by area take part; a non-owner cannot vote', async () => {
    const c = await community(['甲', '乙', '丙', '甲的女儿'])
    const [a, b, , daughter] = c.residents
    if (!a || !b || !daughter) throw new Error('residents')
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\nA-1,甲,10\nA-2,乙,10\nA-3,丙,100\n')
    await link(a.token, 'A-1', '甲')
    await link(b.token, 'A-2', '乙')
    await link(daughter.token, 'A-1', '甲')
    const vote = await openOk(c.topicId, c.staff, 'owners_278_ordinary')
    expect(vote.participation.area).toEqual({ counted: 0, total: 12000, required: 8000 })
    ctx.setNow(DURING)
    expect((await errorOf(await ballot(c.topicId, daughter.token, optionOf(vote, '同意')))).code).toBe('VOTER_NOT_OWNER')
    expect((await read(c.topicId, daughter.token)).ineligibleReason).toContain('业主本人')
    expect((await ballot(c.topicId, a.token, optionOf(vote, '同意'))).status).toBe(200)
    expect((await ballot(c.topicId, b.token, optionOf(vote, '同意'))).status).toBe(200)
    const live = await read(c.topicId)
    expect(live.participation).toMatchObject({ quorumMet: false, headcount: { counted: 2, total: 3, required: 2 }, area: { counted: 2000, total: 12000 } })
    ctx.setNow(AFTER)
    const closed = await read(c.topicId)
    expect(closed.result?.outcome).toBe('no_quorum')
    expect(closed.result?.explanation).toContain('面积未达三分之二')
    expect(closed.result?.explanation).not.toContain('人数未达')
    expect(closed.result?.tally[0]).toMatchObject({ votes: 2, areaCentiM2: 2000 })
  })

  it('passes a major matter with three quarters of both, fails it when the area is short', async () => {
    const names = ['一', '二', '三', '四']
    const c = await community(names)
    await importCsv(c.communityId, c.staff, '户号,业主姓名,面积\nB-1,一,30\nB-2,二,30\nB-3,三,30\nB-4,四,10\n')
    for (const [i, r] of c.residents.entries()) await link(r.token, `B-${i + 1}`, names[i] ?? '')
    const vote = await openOk(c.topicId, c.staff, 'owners_278_major')
    ctx.setNow(DURING)
    // All four take part; 同意 by 一, 二, 四: 3/4 of heads exactly but 70 of 100 m², under 3/4.
    const choices = ['同意', '同意', '反对', '同意']
    for (const [i, r] of c.residents.entries()) expect((await ballot(c.topicId, r.token, optionOf(vote, choices[i] ?? ''))).status).toBe(200)
    ctx.setNow(AFTER)
    const closed = await read(c.topicId)
    expect(closed.result?.outcome).toBe('failed')
    expect(closed.result?.explanation).toContain('四分之三以上')
  })

  it('counts 100 concurrent owners exactly, by headcount and by area', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `业主${i}`)
    const c = await community(names)
    const rows = names.map((n, i) => `C-${i},${n},${50 + i}.${String(i % 100).padStart(2, '0')}`)
    expect((await importCsv(c.communityId, c.staff, `户号,业主姓名,面积\n${rows.join('\n')}\n`)).status).toBe(200)
    for (const [i, r] of c.residents.entries()) await link(r.token, `C-${i}`, names[i] ?? '')
    const vote = await openOk(c.topicId, c.staff, 'owners_278_ordinary')
    ctx.setNow(DURING)
    const areaOf = (i: number) => (50 + i) * 100 + (i % 100)
    const answers = await Promise.all(c.residents.map((r, i) => ballot(c.topicId, r.token, optionOf(vote, i % 3 === 0 ? '反对' : '同意'))))
    expect(answers.map((r) => r.status)).toEqual(c.residents.map(() => 200))
    const total = names.reduce((sum, _, i) => sum + areaOf(i), 0)
    const against = names.reduce((sum, _, i) => sum + (i % 3 === 0 ? areaOf(i) : 0), 0)
    expect(await counters(vote.id)).toEqual({
      turnout: 100,
      area: total,
      options: [
        { label: '同意', votes: 66, area: total - against },
        { label: '反对', votes: 34, area: against },
        { label: '弃权', votes: 0, area: 0 },
      ],
    })
    // A second round at once counts nothing more.
    const again = await Promise.all(c.residents.slice(0, 20).map((r) => ballot(c.topicId, r.token, optionOf(vote, '同意'))))
    expect(again.every((r) => r.status === 409)).toBe(true)
    expect((await counters(vote.id)).turnout).toBe(100)
  })
})

describe('居民会议 electorate: residents aged 18+ on the opening day', () => {
  it('leaves a minor out of the electorate and refuses her ballot', async () => {
    const c = await community([{ name: '成年人', birthDate: '1980-05-01' }, { name: '刚满十八', birthDate: '2008-12-01' }, { name: '小学生', birthDate: '2015-03-01' }, '未填生日'])
    const [, eighteen, child] = c.residents
    if (!eighteen || !child) throw new Error('residents')
    const vote = await openOk(c.topicId, c.staff, 'resident_meeting')
    expect(vote.participation.headcount.total).toBe(3)
    ctx.setNow(DURING)
    expect((await errorOf(await ballot(c.topicId, child.token, optionOf(vote, '同意')))).code).toBe('VOTER_UNDER_AGE')
    expect((await ballot(c.topicId, eighteen.token, optionOf(vote, '同意'))).status).toBe(200)
    expect((await counters(vote.id)).turnout).toBe(1)
  })
})

describe('closing a vote', () => {
  it('moves the topic to 已形成结果 once under concurrent runs and tells each voter the result in words', async () => {
    const c = await community(['甲', '乙', '丙', '丁'])
    const vote = await openOk(c.topicId, c.staff, 'resident_meeting')
    ctx.setNow(DURING)
    const [a, b] = c.residents
    if (!a || !b) throw new Error('residents')
    await ballot(c.topicId, a.token, optionOf(vote, '同意'))
    await ballot(c.topicId, b.token, optionOf(vote, '同意'))
    expect(await closeVotes(ctx.db, DURING)).toBe(0)
    // Two runs at once (other tests' votes close too): this vote is closed, moved and announced once.
    const runs = await Promise.all([closeVotes(ctx.db, AFTER), closeVotes(ctx.db, AFTER)])
    expect(runs[0] + runs[1]).toBeGreaterThanOrEqual(1)
    expect(await closeVotes(ctx.db, AFTER)).toBe(0)
    const topic = await ctx.db.selectFrom('consultation_topic').select('state').where('id', '=', c.topicId).executeTakeFirstOrThrow()
    expect(topic.state).toBe('resolved')
    const stored = await ctx.db.selectFrom('consultation_vote').select(['outcome', 'closed_at']).where('id', '=', vote.id).executeTakeFirstOrThrow()
    expect(stored.outcome).toBe('no_quorum')
    const inbox = await ctx.db.selectFrom('inbox_message').select(['user_id', 'kind', 'payload']).where('community_id', '=', c.communityId).where('kind', '=', 'vote_closed').execute()
    expect(inbox.map((m) => m.user_id).sort()).toEqual([a.id, b.id].sort())
    expect(JSON.stringify(inbox[0]?.payload)).toContain('未达法定人数')
    const moves = await ctx.db.selectFrom('consultation_topic_move').select('to_state').where('topic_id', '=', c.topicId).execute()
    expect(moves.filter((m) => m.to_state === 'resolved')).toHaveLength(1)
  })
})

describe('★ minority views before a vote', () => {
  it('refuses to open a vote while 反对 opinions stand unanswered, recording nothing; the summary is public; a later 反对 asks again', async () => {
    const c = await community(['甲', '乙'])
    const [a, b] = c.residents
    if (!a || !b) throw new Error('residents')
    const oppose = (author: string) =>
      ctx.db.insertInto('consultation_opinion').values({ topic_id: c.topicId, parent_id: null, author_user_id: author, stance: 'oppose', body: '维修资金应先公示账目再使用。', created_at: NOW }).execute()
    await ctx.db.insertInto('consultation_opinion').values({ topic_id: c.topicId, parent_id: null, author_user_id: a.id, stance: 'support', body: '同意尽快翻新。', created_at: NOW }).execute()
    await oppose(b.id)
    const refused = await open(c.topicId, c.staff, 'resident_meeting')
    expect(refused.status).toBe(409)
    expect((await errorOf(refused)).code).toBe('MINORITY_VIEWS_UNANSWERED')
    expect(await ctx.db.selectFrom('consultation_vote').select('id').where('topic_id', '=', c.topicId).execute()).toEqual([])
    const summaryUrl = `/api/v1/consultation/topics/${c.topicId}/minority-summary`
    const input = { summary: '有居民认为应先公示维修资金账目再使用。', answer: '社区将在表决前公示维修资金余额与本次预算。' }
    expect((await ctx.request(`/api/v1/staff/consultation/topics/${c.topicId}/minority-summary`, { method: 'PUT', token: a.token, json: input })).status).toBe(403)
    expect((await ctx.request(`/api/v1/staff/consultation/topics/${c.topicId}/minority-summary`, { method: 'PUT', token: c.staff, json: { ...input, answer: '短' } })).status).toBe(400)
    ctx.setNow(new Date(NOW.getTime() + 60_000))
    const saved = await ctx.request(`/api/v1/staff/consultation/topics/${c.topicId}/minority-summary`, { method: 'PUT', token: c.staff, json: input })
    expect(saved.status).toBe(200)
    const view = (await (await ctx.request(summaryUrl)).json()) as { opposeCount: number; answered: boolean; summary: string; answer: string }
    expect(view).toMatchObject({ opposeCount: 1, answered: true, ...input })
    // A new 反对 after the answer: staff must update it.
    await ctx.db.insertInto('consultation_opinion').values({ topic_id: c.topicId, parent_id: null, author_user_id: a.id, stance: 'oppose', body: '还应说明施工期间的安全措施。', created_at: new Date(NOW.getTime() + 120_000) }).execute()
    expect(((await (await ctx.request(summaryUrl)).json()) as { answered: boolean }).answered).toBe(false)
    expect((await errorOf(await open(c.topicId, c.staff, 'resident_meeting'))).code).toBe('MINORITY_VIEWS_UNANSWERED')
    ctx.setNow(new Date(NOW.getTime() + 180_000))
    expect((await ctx.request(`/api/v1/staff/consultation/topics/${c.topicId}/minority-summary`, { method: 'PUT', token: c.staff, json: input })).status).toBe(200)
    ctx.setNow(NOW)
    expect((await open(c.topicId, c.staff, 'resident_meeting')).status).toBe(201)
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'minority_summary.saved').execute()).toHaveLength(2)
  })

  it('lets staff give their own options (方案一/方案二)', async () => {
    const c = await community(['甲', '乙', '丙'])
    const vote = await openOk(c.topicId, c.staff, 'resident_meeting', [
      { label: '方案一：真石漆', adopts: true },
      { label: '方案二：保留瓷砖局部修补', adopts: true },
      { label: '弃权', adopts: false },
    ])
    expect(vote.options.map((o) => o.label)).toEqual(['方案一：真石漆', '方案二：保留瓷砖局部修补', '弃权'])
  })
})

describe('isAdultOn (年满十八周岁)', () => {
  it('is adult from the 18th birthday itself, not the day before; 29 February turns 18 on 1 March in a common year', () => {
    expect(isAdultOn('2008-12-01', '2026-12-01')).toBe(true)
    expect(isAdultOn('2008-12-02', '2026-12-01')).toBe(false)
    expect(isAdultOn('2008-02-29', '2026-02-28')).toBe(false)
    expect(isAdultOn('2008-02-29', '2026-03-01')).toBe(true)
    expect(isAdultOn('1948-03-15', '2026-12-01')).toBe(true)
  })
})
