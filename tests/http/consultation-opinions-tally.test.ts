import { REPORTS_TO_REVIEW } from '../../bff/src/consultation/opinions'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * The per-stance counters of a topic's opinions (issue 11 Speed): kept in each write's transaction,
 * never counted on a read, so they must agree with the opinions themselves after 50 posts at once,
 * a report that sends one to review, staff's hide and restore, and two staff at once.
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOW = new Date('2026-12-01T02:00:00Z')
const STANCES = ['support', 'oppose', 'neutral'] as const

let communityId: string
let categoryId: string
let staff: string
let otherStaffOfCommunity: string

async function resident(name = '李秀英') {
  const user = await createUser(ctx.db, { communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

async function deliberatingTopic(token: string) {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token,
    json: { communityId, categoryId, title: '小区东门加装无障碍坡道', description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装坡道。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  await ctx.db.updateTable('consultation_topic').set({ state: 'deliberating' }).where('id', '=', id).execute()
  return id
}

interface Counts {
  support: number
  oppose: number
  neutral: number
}

async function shownCounts(topicId: string): Promise<Counts> {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { counts: Counts }).counts
}

/** What counting the opinions themselves gives: the visible opinions (not replies) per stance. */
async function countedCounts(topicId: string): Promise<Counts> {
  const rows = await ctx.db
    .selectFrom('consultation_opinion')
    .select(['stance', (eb) => eb.fn.countAll<string>().as('n')])
    .where('topic_id', '=', topicId)
    .where('parent_id', 'is', null)
    .where('status', '=', 'visible')
    .groupBy('stance')
    .execute()
  const counts: Counts = { support: 0, oppose: 0, neutral: 0 }
  for (const r of rows) if (r.stance) counts[r.stance] = Number(r.n)
  return counts
}

async function minority(topicId: string) {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/minority-summary`)
  expect(res.status).toBe(200)
  return (await res.json()) as { opposeCount: number; answered: boolean }
}

const post = (topicId: string, token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`, { method: 'POST', token, json })
const moderate = (id: string, token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/staff/consultation/opinions/${id}/moderation`, { method: 'POST', token, json })
const report = (id: string, token: string) => ctx.request(`/api/v1/consultation/opinions/${id}/reports`, { method: 'POST', token })

beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaffOfCommunity = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
})

describe('opinion counters', () => {
  it('count 50 residents posting at once exactly, replies not at all, and agree with the opinions', async () => {
    const proposer = await resident('王秀兰')
    const topicId = await deliberatingTopic(proposer.token)
    expect(await shownCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 0 })
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => resident(`居民${i}`)))
    const answers = await Promise.all(people.map((p, i) => post(topicId, p.token, { stance: STANCES[i % 3], body: `第${i}条意见：先听听老人们的想法。` })))
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 201))
    // 17 支持, 17 反对, 16 中立 (i % 3 over 0..49).
    expect(await shownCounts(topicId)).toEqual({ support: 17, oppose: 17, neutral: 16 })
    expect(await countedCounts(topicId)).toEqual({ support: 17, oppose: 17, neutral: 16 })
    expect((await minority(topicId)).opposeCount).toBe(17)

    const first = (await answers[0]?.json()) as { id: string }
    expect((await post(topicId, proposer.token, { parentId: first.id, body: '同意楼上的看法。' })).status).toBe(201)
    expect(await shownCounts(topicId)).toEqual({ support: 17, oppose: 17, neutral: 16 })
  })

  it('follow hide and restore by staff, once when two staff hide the same opinion at once', async () => {
    const proposer = await resident('王秀兰')
    const topicId = await deliberatingTopic(proposer.token)
    const a = await resident('张建国')
    const b = await resident('陈桂兰')
    const oppose = (await (await post(topicId, a.token, { stance: 'oppose', body: '坡道会占用消防通道，建议换个位置。' })).json()) as { id: string }
    expect((await post(topicId, b.token, { stance: 'support', body: '支持，推婴儿车方便多了。' })).status).toBe(201)
    expect(await shownCounts(topicId)).toEqual({ support: 1, oppose: 1, neutral: 0 })

    const hide = { action: 'hide', reason: '含有对邻居的人身攻击' }
    const both = await Promise.all([moderate(oppose.id, staff, hide), moderate(oppose.id, otherStaffOfCommunity, hide)])
    expect(both.map((r) => r.status)).toEqual([200, 200])
    expect(await shownCounts(topicId)).toEqual({ support: 1, oppose: 0, neutral: 0 })
    expect(await minority(topicId)).toMatchObject({ opposeCount: 0, answered: true })

    expect((await moderate(oppose.id, staff, { action: 'restore' })).status).toBe(200)
    expect(await shownCounts(topicId)).toEqual({ support: 1, oppose: 1, neutral: 0 })
    expect(await minority(topicId)).toMatchObject({ opposeCount: 1, answered: false })
    expect(await countedCounts(topicId)).toEqual(await shownCounts(topicId))
  })

  it(`leave the counts when the ${REPORTS_TO_REVIEW}rd report sends an opinion to review, and a refused post counts nothing`, async () => {
    const proposer = await resident('王秀兰')
    const topicId = await deliberatingTopic(proposer.token)
    const author = await resident('张建国')
    const opinion = (await (await post(topicId, author.token, { stance: 'neutral', body: '先做个问卷再定。' })).json()) as { id: string }
    const reporters = await Promise.all(Array.from({ length: REPORTS_TO_REVIEW + 1 }, (_, i) => resident(`举报人${i}`)))
    const reports = await Promise.all(reporters.map((r) => report(opinion.id, r.token)))
    expect(reports.every((r) => r.status < 300)).toBe(true)
    expect(await shownCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 0 })
    // Staff confirm the hiding of a reported one: it was not visible, so nothing moves again.
    expect((await moderate(opinion.id, staff, { action: 'hide', reason: '与议题无关的广告内容' })).status).toBe(200)
    expect(await shownCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 0 })
    expect((await moderate(opinion.id, staff, { action: 'restore' })).status).toBe(200)
    expect(await shownCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 1 })

    // A post refused (a NUL in the text) counts nothing.
    expect((await post(topicId, author.token, { stance: 'support', body: '支持\u0000' })).status).toBe(400)
    expect(await shownCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 1 })
    expect(await countedCounts(topicId)).toEqual({ support: 0, oppose: 0, neutral: 1 })
  })
})
