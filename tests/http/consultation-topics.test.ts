import { sql } from 'kysely'
import { SCHEDULED_JOBS } from '../../bff/src/app'
import { EXPIRED_REASON, supportThreshold } from '../../bff/src/consultation/service'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const DAY_MS = 24 * 60 * 60 * 1000
const RAISED_AT = new Date('2026-12-01T02:00:00Z')

let communityId: string
let otherCommunityId: string
let staff: string
let otherStaff: string
let proposer: string
let proposerId: string
let neighbour: string
let outsider: string
let categoryId: string

async function resident(community = communityId, name = '李秀英') {
  const user = await createUser(ctx.db, { communityId: community, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** `count` more registered residents of a community, in one statement (the threshold's base). */
async function registerResidents(community: string, count: number) {
  const template = await createUser(ctx.db, { communityId: community })
  await sql`insert into app_user (display_name_enc, community_id)
            select display_name_enc, ${community}::uuid from app_user, generate_series(1, ${count - 1}) where id = ${template.id}::uuid`.execute(ctx.db)
}

const TOPIC = {
  title: '小区东门加装无障碍坡道',
  description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装无障碍坡道和扶手。',
  links: ['https://example.org/photos/east-gate.jpg'],
}

async function propose(token: string, extra: Record<string, unknown> = {}) {
  return ctx.request('/api/v1/consultation/topics', { method: 'POST', token, json: { ...TOPIC, communityId, categoryId, ...extra } })
}

async function proposeOk(token = proposer, extra: Record<string, unknown> = {}) {
  const res = await propose(token, extra)
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; threshold: number; state: string; supportCount: number; expiresAt: string }
}

const support = (topicId: string, token: string) => ctx.request(`/api/v1/consultation/topics/${topicId}/supports`, { method: 'POST', token })
const move = (topicId: string, token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/consultation/topics/${topicId}/moves`, { method: 'POST', token, json })

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function inbox(token: string) {
  const res = await ctx.request('/api/v1/me/messages', { token })
  return ((await res.json()) as { items: { kind: string; note: string | null; target: unknown; service: string }[] }).items
}

beforeAll(async () => {
  ctx.setNow(RAISED_AT)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  otherCommunityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
  const p = await resident(communityId, '王秀兰')
  proposer = p.token
  proposerId = p.id
  neighbour = (await resident()).token
  outsider = (await resident(otherCommunityId)).token
  const categories = await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)
  const body = (await categories.json()) as { items: { id: string; name: string }[] }
  expect(body.items.map((c) => c.name)).toContain('公共设施与环境整治')
  categoryId = body.items[0]?.id ?? ''
})

afterAll(() => ctx.setNow(null))

describe('附议门槛', () => {
  it('is max(20, ⌈1 % of registered residents⌉), in integers', () => {
    const defaults = { supportMin: 20, supportShareBasisPoints: 100, collectionDays: 90 }
    expect(supportThreshold(defaults, 0)).toBe(20)
    expect(supportThreshold(defaults, 2000)).toBe(20)
    expect(supportThreshold(defaults, 2001)).toBe(21)
    expect(supportThreshold(defaults, 2500)).toBe(25)
    // 0.7 % of 1000 is 7 exactly: floats would make 7.000000000000001 and round up to 8.
    expect(supportThreshold({ ...defaults, supportMin: 1, supportShareBasisPoints: 70 }, 1000)).toBe(7)
  })

  it('is fixed on a topic when raised: 20 in a small community, 21 once 2001 residents are registered', async () => {
    const small = await proposeOk()
    expect(small).toMatchObject({ threshold: 20, state: 'collecting', supportCount: 0 })
    expect(new Date(small.expiresAt).getTime() - RAISED_AT.getTime()).toBe(90 * DAY_MS)

    const street = await createStreet(ctx.db, '大街道')
    const big = (await createCommunity(ctx.db, { streetId: street.id, name: '大社区' })).id
    await registerResidents(big, 2000)
    const bigResident = await resident(big)
    const topic = await ctx.request('/api/v1/consultation/topics', { method: 'POST', token: bigResident.token, json: { ...TOPIC, communityId: big, categoryId } })
    expect(((await topic.json()) as { threshold: number }).threshold).toBe(21)
  })

  it('follows the settings staff of the community set, with their checks', async () => {
    const path = `/api/v1/staff/communities/${otherCommunityId}/consultation-settings`
    expect(await (await ctx.request(path, { token: otherStaff })).json()).toEqual({ supportMin: 20, supportShareBasisPoints: 100, collectionDays: 90 })
    expect((await ctx.request(path, { method: 'PUT', token: staff, json: { supportMin: 2, supportShareBasisPoints: 100, collectionDays: 30 } })).status).toBe(403)
    const bad = await ctx.request(path, { method: 'PUT', token: otherStaff, json: { supportMin: 0, supportShareBasisPoints: 100, collectionDays: 3 } })
    expect(bad.status).toBe(400)
    const set = await ctx.request(path, { method: 'PUT', token: otherStaff, json: { supportMin: 2, supportShareBasisPoints: 100, collectionDays: 30 } })
    expect(await set.json()).toEqual({ supportMin: 2, supportShareBasisPoints: 100, collectionDays: 30 })
    const topic = await ctx.request('/api/v1/consultation/topics', { method: 'POST', token: outsider, json: { ...TOPIC, communityId: otherCommunityId, categoryId } })
    const body = (await topic.json()) as { threshold: number; expiresAt: string }
    expect(body.threshold).toBe(2)
    expect(new Date(body.expiresAt).getTime() - RAISED_AT.getTime()).toBe(30 * DAY_MS)
  })
})

describe('附议', () => {
  it('counts each resident of the community once, however often she taps', async () => {
    const topic = await proposeOk()
    const first = await support(topic.id, neighbour)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ supportCount: 1, threshold: 20, supportedByMe: true })
    expect(await (await support(topic.id, neighbour)).json()).toEqual({ supportCount: 1, threshold: 20, supportedByMe: true })
    const page = (await (await ctx.request(`/api/v1/consultation/topics/${topic.id}`, { token: neighbour })).json()) as { supportCount: number; supportedByMe: boolean; canSupport: boolean }
    expect(page).toMatchObject({ supportCount: 1, supportedByMe: true, canSupport: false, proposedByMe: false })
    const fresh = (await (await ctx.request(`/api/v1/consultation/topics/${topic.id}`, { token: proposer })).json()) as { canSupport: boolean; proposedByMe: boolean; moves: string[] }
    expect(fresh).toMatchObject({ canSupport: true, proposedByMe: true, moves: ['terminated'] })
  })

  it('refuses a resident of another community, and staff who do not live there', async () => {
    const topic = await proposeOk()
    const res = await support(topic.id, outsider)
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('只有本社区居民可以附议')
    expect((await support(topic.id, staff)).status).toBe(403)
    expect((await ctx.db.selectFrom('consultation_support').select('user_id').where('topic_id', '=', topic.id).execute()).length).toBe(0)
  })

  it('counts 100 concurrent supports exactly, and one resident tapping 5 times at once once', async () => {
    const topic = await proposeOk()
    const people = await Promise.all(Array.from({ length: 100 }, (_, i) => resident(communityId, `居民${i}`)))
    const answers = await Promise.all([...people.map((p) => support(topic.id, p.token)), ...Array.from({ length: 5 }, () => support(topic.id, neighbour))])
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 105 }, () => 200))
    const row = await ctx.db.selectFrom('consultation_topic').select('support_count').where('id', '=', topic.id).executeTakeFirstOrThrow()
    expect(row.support_count).toBe(101)
    const rows = await ctx.db.selectFrom('consultation_support').select((eb) => eb.fn.countAll<string>().as('n')).where('topic_id', '=', topic.id).executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(101)
  })
})

describe('状态与谁可以改变它', () => {
  it('lets staff put an eligible topic on the agenda, tells the proposer, and records the history', async () => {
    const path = `/api/v1/staff/communities/${communityId}/consultation-settings`
    await ctx.request(path, { method: 'PUT', token: staff, json: { supportMin: 2, supportShareBasisPoints: 0, collectionDays: 90 } })
    const topic = await proposeOk()
    expect(topic.threshold).toBe(2)
    await support(topic.id, neighbour)
    // Below the threshold: not yet.
    expect(await errorCode(await move(topic.id, staff, { to: 'accepted' }))).toBe('TOPIC_BELOW_THRESHOLD')
    await support(topic.id, (await resident()).token)
    // Only staff of its community put it on the agenda; the proposer may not, nor other staff.
    expect((await move(topic.id, proposer, { to: 'accepted' })).status).toBe(403)
    expect((await move(topic.id, otherStaff, { to: 'accepted' })).status).toBe(403)
    expect((await move(topic.id, neighbour, { to: 'terminated', reason: '不想要了' })).status).toBe(403)
    const accepted = await move(topic.id, staff, { to: 'accepted' })
    expect(accepted.status).toBe(200)
    const detail = (await accepted.json()) as { state: string; history: { from: string | null; to: string; by: string }[]; moves: string[] }
    expect(detail.state).toBe('accepted')
    expect(detail.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'collecting', 'proposer'],
      ['collecting', 'accepted', 'staff'],
    ])
    expect(detail.moves).toEqual(['deliberating', 'terminated'])
    // Only allowed moves: back to 征集中, straight to 已落实, or into 表决中 without a vote.
    for (const to of ['collecting', 'implemented', 'voting', 'declined']) expect(await errorCode(await move(topic.id, staff, { to }))).toBe('TOPIC_MOVE_NOT_ALLOWED')
    expect(await errorCode(await support(topic.id, (await resident()).token))).toBe('TOPIC_NOT_COLLECTING')
    const [message] = await inbox(proposer)
    expect(message).toMatchObject({ kind: 'topic_accepted', target: { page: 'topic', topicId: topic.id }, service: `议题：${TOPIC.title}` })
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', topic.id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['topic.proposed', 'topic.accepted'])
    expect(audit[0]?.actor_user_id).toBe(proposerId)
  })

  it('lets staff decline with a reason the proposer sees; a decline without one is refused', async () => {
    const topic = await proposeOk()
    const bare = await move(topic.id, staff, { to: 'declined' })
    expect(bare.status).toBe(400)
    expect(((await bare.json()) as { error: { fields: { path: string }[] } }).error.fields[0]?.path).toBe('reason')
    const declined = await move(topic.id, staff, { to: 'declined', reason: '属于物业服务合同范围，已转物业处理' })
    expect(await declined.json()).toMatchObject({ state: 'declined', stateReason: '属于物业服务合同范围，已转物业处理', moves: [] })
    const [message] = await inbox(proposer)
    expect(message).toMatchObject({ kind: 'topic_declined', note: '原因：属于物业服务合同范围，已转物业处理' })
    expect(await errorCode(await move(topic.id, staff, { to: 'accepted' }))).toBe('TOPIC_MOVE_NOT_ALLOWED')
  })

  it('lets the proposer withdraw her own topic while it is collecting (已终止 with a reason)', async () => {
    const topic = await proposeOk()
    const res = await move(topic.id, proposer, { to: 'terminated', reason: '问题已自行解决' })
    expect(await res.json()).toMatchObject({ state: 'terminated', stateReason: '问题已自行解决', history: [{ to: 'collecting' }, { to: 'terminated', by: 'proposer' }] })
    expect(await errorCode(await move(topic.id, staff, { to: 'terminated', reason: '再次终止' }))).toBe('TOPIC_MOVE_NOT_ALLOWED')
  })
})

describe('征集期满', () => {
  it('turns a topic below its threshold into 未立项 after 90 days, and leaves an eligible one', async () => {
    const job = SCHEDULED_JOBS.find((j) => j.name === 'consultation-expire')
    if (!job) throw new Error('consultation-expire is not scheduled')
    // The threshold is 2 here (the settings above): one topic stays below it, one reaches it.
    const below = await proposeOk()
    const eligible = await proposeOk()
    await support(eligible.id, neighbour)
    await support(eligible.id, proposer)
    const runAt = (days: number) => ctx.withNow(new Date(RAISED_AT.getTime() + days * DAY_MS), () => job.run({ db: ctx.db, now: ctx.deps.now(), logger: ctx.deps.logger }))
    await runAt(89)
    expect((await ctx.db.selectFrom('consultation_topic').select('state').where('id', '=', below.id).executeTakeFirstOrThrow()).state).toBe('collecting')
    // After the period a support is refused even before the job ran.
    await ctx.withNow(new Date(RAISED_AT.getTime() + 90 * DAY_MS + 1000), async () => expect(await errorCode(await support(below.id, neighbour))).toBe('TOPIC_NOT_COLLECTING'))
    const result = await runAt(91)
    expect(result.expired).toBeGreaterThanOrEqual(1)
    const page = (await (await ctx.request(`/api/v1/consultation/topics/${below.id}`)).json()) as { state: string; stateReason: string; history: { by: string }[] }
    expect(page).toMatchObject({ state: 'declined', stateReason: EXPIRED_REASON })
    expect(page.history.at(-1)?.by).toBe('system')
    expect((await ctx.db.selectFrom('consultation_topic').select('state').where('id', '=', eligible.id).executeTakeFirstOrThrow()).state).toBe('collecting')
    const messages = await inbox(proposer)
    expect(messages.some((m) => m.kind === 'topic_declined' && m.note === `原因：${EXPIRED_REASON}`)).toBe(true)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', below.id).orderBy('id').execute()
    expect(audit.at(-1)).toEqual({ action: 'topic.declined', actor_user_id: null })
    // A second run finds nothing more to do.
    expect((await runAt(92)).expired).toBe(0)
  })
})

describe('列表与错误输入', () => {
  it('pages a community’s topics newest first, by state', async () => {
    const all: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const res = await ctx.request(`/api/v1/communities/${communityId}/topics?state=collecting&limit=3${query}`)
      const body = (await res.json()) as { items: { id: string; state: string; proposerName: string }[]; nextCursor: string | null }
      expect(body.items.every((t) => t.state === 'collecting')).toBe(true)
      all.push(...body.items.map((t) => t.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(new Set(all).size).toBe(all.length)
    const rows = await ctx.db.selectFrom('consultation_topic').select('id').where('community_id', '=', communityId).where('state', '=', 'collecting').orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
    expect(all).toEqual(rows.map((r) => r.id))
    const first = (await (await ctx.request(`/api/v1/communities/${communityId}/topics?limit=1`)).json()) as { items: { proposerName: string }[] }
    expect(first.items[0]?.proposerName).toMatch(/^王\*兰$|^李\*英$/)
    expect(await errorCode(await ctx.request(`/api/v1/communities/${communityId}/topics?cursor=bm9wZQ`))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await ctx.request(`/api/v1/communities/${communityId}/topics?state=open`))).toBe('VALIDATION_FAILED')
  })

  it('refuses a topic in another community, bad fields and unknown ids with a coded Chinese message', async () => {
    const elsewhere = await ctx.request('/api/v1/consultation/topics', { method: 'POST', token: outsider, json: { ...TOPIC, communityId, categoryId } })
    expect(elsewhere.status).toBe(403)
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toBe('只能在您所在的社区提出议题')
    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: '太短' }, 'title', '议题标题至少 4 个字'],
      [{ description: '说明\u0000内容不够长的描述文字' }, 'description', '议题内容含有无法保存的字符，请删除后再试'],
      [{ links: ['http://example.org/a.jpg'] }, 'links.0', '附件链接须是以 https:// 开头的网址'],
      [{ links: ['javascript:alert(1)'] }, 'links.0', '附件链接须是以 https:// 开头的网址'],
      [{ links: Array.from({ length: 6 }, (_, i) => `https://example.org/${i}.jpg`) }, 'links', '附件链接最多 5 个'],
      [{ categoryId: communityId }, 'categoryId', '请从本社区的协商目录中选择类别'],
    ]
    for (const [extra, path, message] of cases) {
      const res = await propose(proposer, extra)
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { code: string; fields: { path: string; message: string }[] } }
      expect(body.error.code).toBe('VALIDATION_FAILED')
      expect(body.error.fields).toContainEqual({ path, message })
    }
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect(await errorCode(await support(unknown, neighbour))).toBe('TOPIC_NOT_FOUND')
    expect(await errorCode(await ctx.request(`/api/v1/consultation/topics/${unknown}`))).toBe('TOPIC_NOT_FOUND')
    expect(await errorCode(await ctx.request(`/api/v1/communities/${unknown}/topics`))).toBe('COMMUNITY_NOT_FOUND')
    const topic = await proposeOk()
    expect(await errorCode(await move(topic.id, staff, { to: 'done' }))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await move(topic.id, staff, { to: 'declined', reason: 'x'.repeat(301) }))).toBe('VALIDATION_FAILED')
    expect((await support(topic.id, '')).status).toBe(401)
  })
})
