import { OPINIONS_PER_HOUR, REPORTS_TO_REVIEW } from '../../bff/src/consultation/opinions'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOW = new Date('2026-12-01T02:00:00Z')
const HOUR_MS = 60 * 60 * 1000
/** Each post a second later than the last, so the newest-first order is known. */
let clock = NOW.getTime()
function tick() {
  clock += 1000
  ctx.setNow(new Date(clock))
}

let communityId: string
let categoryId: string
let staff: string
let otherStaff: string
let author: { id: string; token: string }
let neighbour: { id: string; token: string }
let outsider: { id: string; token: string }

async function resident(community = communityId, name = '李秀英') {
  const user = await createUser(ctx.db, { communityId: community, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** A topic of the community, put in `state` directly: the moves that lead there are consultation-topics' tests. */
async function topicIn(state: 'collecting' | 'deliberating') {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token: author.token,
    json: { communityId, categoryId, title: '小区东门加装无障碍坡道', description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装坡道。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  await ctx.db.updateTable('consultation_topic').set({ state }).where('id', '=', id).execute()
  return id
}

interface OpinionBody {
  id: string
  parentId: string | null
  stance: string | null
  authorName: string
  body: string
  likeCount: number
  likedByMe: boolean
  mine: boolean
  status: string
  hiddenReason: string | null
  replies: OpinionBody[]
}
interface PageBody {
  items: OpinionBody[]
  nextCursor: string | null
  counts: { support: number; oppose: number; neutral: number }
  canPost: boolean
  canModerate: boolean
}

const post = (topicId: string, token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`, { method: 'POST', token, json })
async function postOk(topicId: string, token: string, json: Record<string, unknown>) {
  tick()
  const res = await post(topicId, token, json)
  expect(res.status).toBe(201)
  return (await res.json()) as OpinionBody
}
const like = (id: string, token: string) => ctx.request(`/api/v1/consultation/opinions/${id}/likes`, { method: 'POST', token })
const report = (id: string, token: string) => ctx.request(`/api/v1/consultation/opinions/${id}/reports`, { method: 'POST', token })
const moderate = (id: string, token: string, json: Record<string, unknown>) => ctx.request(`/api/v1/staff/consultation/opinions/${id}/moderation`, { method: 'POST', token, json })
async function list(topicId: string, token?: string, query = '') {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions${query}`, token ? { token } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as PageBody
}
async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const otherCommunityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
  author = await resident(communityId, '王秀兰')
  neighbour = await resident(communityId, '张建国')
  outsider = await resident(otherCommunityId)
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
})

describe('consultation opinions', () => {
  it('takes opinions only while 协商中, with a stance, and counts them per stance', async () => {
    const collecting = await topicIn('collecting')
    const refused = await post(collecting, author.token, { stance: 'support', body: '赞成加装坡道' })
    expect(refused.status).toBe(409)
    expect((await errorOf(refused)).code).toBe('TOPIC_NOT_DELIBERATING')

    const topic = await topicIn('deliberating')
    const noStance = await post(topic, author.token, { body: '没有立场' })
    expect(noStance.status).toBe(400)
    const mine = await postOk(topic, author.token, { stance: 'support', body: '赞成加装坡道' })
    expect(mine).toMatchObject({ stance: 'support', authorName: '王*兰', mine: true, status: 'visible', likeCount: 0 })
    await postOk(topic, neighbour.token, { stance: 'oppose', body: '东门太窄，坡道会挡住车辆' })
    await postOk(topic, neighbour.token, { stance: 'neutral', body: '先听听物业的意见' })

    const page = await list(topic)
    expect(page.counts).toEqual({ support: 1, oppose: 1, neutral: 1 })
    expect(page.items.map((o) => o.stance)).toEqual(['neutral', 'oppose', 'support'])
    expect(page.items.map((o) => o.authorName)).toEqual(['张*国', '张*国', '王*兰'])
    expect(page.canPost).toBe(false)
    expect((await list(topic, neighbour.token)).canPost).toBe(true)

    const first = await list(topic, undefined, '?limit=2')
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).not.toBeNull()
    const second = await list(topic, undefined, `?limit=2&cursor=${first.nextCursor}`)
    expect(second.items.map((o) => o.id)).toEqual([mine.id])
    expect(second.nextCursor).toBeNull()
  })

  it('takes replies one level deep, without a stance', async () => {
    const topic = await topicIn('deliberating')
    const opinion = await postOk(topic, author.token, { stance: 'support', body: '赞成加装坡道' })
    const reply = await postOk(topic, neighbour.token, { parentId: opinion.id, body: '同意，扶手也要装' })
    expect(reply).toMatchObject({ parentId: opinion.id, stance: null })
    const deeper = await post(topic, author.token, { parentId: reply.id, body: '谢谢' })
    expect(deeper.status).toBe(409)
    expect((await errorOf(deeper)).code).toBe('OPINION_REPLY_TOO_DEEP')

    const page = await list(topic)
    expect(page.items).toHaveLength(1)
    expect(page.items[0]?.replies.map((r) => r.body)).toEqual(['同意，扶手也要装'])
    expect(page.counts).toEqual({ support: 1, oppose: 0, neutral: 0 })
  })

  it('counts a like once per resident, and 50 concurrent likes exactly', async () => {
    const topic = await topicIn('deliberating')
    const opinion = await postOk(topic, author.token, { stance: 'support', body: '赞成加装坡道' })
    // Her overlay of the page is kept (decision 041's pattern): her like must forget it.
    expect((await list(topic, neighbour.token)).items[0]).toMatchObject({ likeCount: 0, likedByMe: false })
    expect((await list(topic, neighbour.token)).items[0]).toMatchObject({ likeCount: 0, likedByMe: false })
    const again = await Promise.all([like(opinion.id, neighbour.token), like(opinion.id, neighbour.token), like(opinion.id, neighbour.token)])
    expect(again.map((r) => r.status)).toEqual([200, 200, 200])
    expect((await list(topic, neighbour.token)).items[0]).toMatchObject({ likeCount: 1, likedByMe: true, mine: false })
    // One page kept for everyone, each reader's own laid over it: the author did not like it, and it is hers.
    expect((await list(topic, author.token)).items[0]).toMatchObject({ likeCount: 1, likedByMe: false, mine: true })
    expect((await list(topic)).items[0]).toMatchObject({ likeCount: 1, likedByMe: false, mine: false })

    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => resident(communityId, `居民${i}`)))
    const answers = await Promise.all(people.map((p) => like(opinion.id, p.token)))
    expect(answers.every((r) => r.status === 200)).toBe(true)
    expect((await list(topic)).items[0]?.likeCount).toBe(51)
    const rows = await ctx.db.selectFrom('consultation_opinion_like').select((eb) => eb.fn.countAll<string>().as('n')).where('opinion_id', '=', opinion.id).executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(51)
  })

  it('hides an opinion three distinct residents reported until staff restore it', async () => {
    const topic = await topicIn('deliberating')
    const opinion = await postOk(topic, author.token, { stance: 'oppose', body: '不赞成' })
    const reporters = await Promise.all(Array.from({ length: REPORTS_TO_REVIEW }, (_, i) => resident(communityId, `举报人${i}`)))
    const [firstReporter] = reporters
    if (!firstReporter) throw new Error('no reporter')
    // The same resident twice, and the author herself, do not count.
    expect((await report(opinion.id, firstReporter.token)).status).toBe(200)
    expect((await report(opinion.id, firstReporter.token)).status).toBe(200)
    expect((await report(opinion.id, author.token)).status).toBe(403)
    for (const r of reporters.slice(1, -1)) expect((await report(opinion.id, r.token)).status).toBe(200)
    expect((await list(topic)).items).toHaveLength(1)

    const last = reporters[reporters.length - 1]
    if (!last) throw new Error('no reporter')
    expect((await report(opinion.id, last.token)).status).toBe(200)
    expect((await list(topic, neighbour.token)).items).toHaveLength(0)
    expect((await list(topic)).counts.oppose).toBe(0)
    expect((await list(topic, author.token)).items[0]).toMatchObject({ status: 'pending_review', hiddenReason: null })
    const review = await list(topic, staff)
    expect(review.canModerate).toBe(true)
    expect(review.items[0]?.status).toBe('pending_review')

    const restored = await moderate(opinion.id, staff, { action: 'restore' })
    expect(restored.status).toBe(200)
    expect((await list(topic, neighbour.token)).items[0]?.status).toBe('visible')
    // One more report after staff answered the first three does not hide it again.
    expect((await report(opinion.id, neighbour.token)).status).toBe(200)
    expect((await list(topic, outsider.token)).items[0]?.status).toBe('visible')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', opinion.id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['opinion.posted', 'opinion.pending_review', 'opinion.restore'])
  })

  it('lets staff hide an opinion with a reason only its author sees, audited', async () => {
    const topic = await topicIn('deliberating')
    const opinion = await postOk(topic, author.token, { stance: 'oppose', body: '不赞成' })
    expect((await moderate(opinion.id, neighbour.token, { action: 'hide', reason: '人身攻击' })).status).toBe(403)
    expect((await moderate(opinion.id, otherStaff, { action: 'hide', reason: '人身攻击' })).status).toBe(403)
    expect((await moderate(opinion.id, staff, { action: 'hide' })).status).toBe(400)

    const hidden = await moderate(opinion.id, staff, { action: 'hide', reason: '含有他人电话号码' })
    expect(hidden.status).toBe(200)
    expect((await list(topic, author.token)).items[0]).toMatchObject({ status: 'hidden', hiddenReason: '含有他人电话号码' })
    expect((await list(topic, neighbour.token)).items).toHaveLength(0)
    expect((await list(topic)).items).toHaveLength(0)
    expect((await like(opinion.id, neighbour.token)).status).toBe(404)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', opinion.id).where('action', '=', 'opinion.hide').executeTakeFirstOrThrow()
    expect(JSON.stringify(audit.detail)).toContain('含有他人电话号码')
  })

  it(`refuses the ${OPINIONS_PER_HOUR + 1}th opinion of a resident within the hour`, async () => {
    const topic = await topicIn('deliberating')
    const talker = await resident(communityId, '赵大爷')
    for (let i = 0; i < OPINIONS_PER_HOUR; i++) await postOk(topic, talker.token, { stance: 'neutral', body: `第 ${i + 1} 条意见` })
    const refused = await post(topic, talker.token, { stance: 'neutral', body: '再说一条' })
    expect(refused.status).toBe(429)
    expect((await errorOf(refused)).code).toBe('RATE_LIMITED')
    // The next hour's window takes her again.
    clock = Math.ceil(clock / HOUR_MS) * HOUR_MS
    await postOk(topic, talker.token, { stance: 'neutral', body: '一小时后再说一条' })
  })

  it('refuses residents of another community, and a NUL in the text with a coded 400', async () => {
    const topic = await topicIn('deliberating')
    const opinion = await postOk(topic, author.token, { stance: 'support', body: '赞成' })
    const foreign = await post(topic, outsider.token, { stance: 'support', body: '我也赞成' })
    expect(foreign.status).toBe(403)
    expect((await errorOf(foreign)).message).toBe('只有本社区居民可以参与协商')
    expect((await like(opinion.id, outsider.token)).status).toBe(403)
    expect((await report(opinion.id, outsider.token)).status).toBe(403)

    const nul = await post(topic, neighbour.token, { stance: 'support', body: '赞成\u0000' })
    expect(nul.status).toBe(400)
    const error = await errorOf(nul)
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(JSON.stringify(error)).toContain('意见内容含有无法保存的字符')
  })
})
