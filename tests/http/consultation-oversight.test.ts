import { TopicStateSchema } from '@linli/shared'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOW = new Date('2026-12-01T02:00:00Z')

let communityId: string
let otherCommunityId: string
let categoryId: string
let staff: string
let otherStaff: string
let streetAdmin: string
let residents: { id: string; token: string }[]
const topics: Record<string, string> = {}

interface StatsBody {
  communityId: string
  communityName: string
  month: string
  raised: number
  adopted: number
  implemented: number
  avgDaysToImplement: number | null
  participants: number
  residents: number
  participationRate: number | null
  pipeline: { state: string; count: number }[]
  openEscalations: number
  overdueEscalations: number
}

async function topic(key: string, values: { title: string; state: 'collecting' | 'deliberating' | 'implemented'; createdAt: string; community?: string }) {
  const row = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: values.community ?? communityId,
      category_id: categoryId,
      proposer_user_id: residents[0]?.id ?? '',
      title: values.title,
      description: '议题内容，用于统计测试的已知数据。',
      links: [],
      state: values.state,
      state_reason: null,
      threshold: 20,
      expires_at: FAR,
      created_at: new Date(values.createdAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  topics[key] = row.id
  return row.id
}

async function move(topicId: string, to: 'accepted' | 'deliberating' | 'implemented', at: string) {
  await ctx.db.insertInto('consultation_topic_move').values({ topic_id: topicId, from_state: null, to_state: to, reason: null, actor_kind: 'staff', actor_user_id: null, at: new Date(at) }).execute()
}

async function oversight(token: string, query = '?month=2026-11') {
  const res = await ctx.request(`/api/v1/staff/consultation/oversight${query}`, { token })
  expect(res.status).toBe(200)
  return (await res.json()) as { month: string; communities: StatsBody[] }
}

/**
 * A known month (2026-11 in Shanghai) in 桂花社区:
 * - 已落实 T1 (立项 11-01, 落实 11-11: 10 days) and T2 (立项 11-03, 落实 11-23: 20 days) → mean 15;
 * - T3 立项 11-06, 协商中; T5 征集中 raised 11-10; T4 raised at 01:00 on 12-01 Shanghai (still
 *   11-30 in UTC), so December's; T1 raised in October.
 * - Five residents; in November r2 supported and gave an opinion, r3 gave one, r4 voted in a vote
 *   opened 11-15; r5 supported in October → 3 of 5 took part.
 */
beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db, '桂花街道')
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  otherCommunityId = (await createCommunity(ctx.db, { streetId: street.id, name: '兰花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: otherCommunityId } })).id, FAR)
  streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: street.id } })).id, FAR)
  residents = []
  for (const name of ['王秀兰', '张建国', '李秀英', '赵志远', '陈晓梅']) {
    const user = await createUser(ctx.db, { communityId, name })
    residents.push({ id: user.id, token: await sessionFor(ctx.db, user.id, FAR) })
  }
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
  const [, r2, r3, r4, r5] = residents.map((r) => r.id)

  await topic('t1', { title: '楼道加装声控灯', state: 'implemented', createdAt: '2026-10-20T02:00:00Z' })
  await move(topics.t1 ?? '', 'accepted', '2026-11-01T02:00:00Z')
  await move(topics.t1 ?? '', 'implemented', '2026-11-11T02:00:00Z')
  await topic('t2', { title: '=增设, "快递柜"', state: 'implemented', createdAt: '2026-11-02T02:00:00Z' })
  await move(topics.t2 ?? '', 'accepted', '2026-11-03T02:00:00Z')
  await move(topics.t2 ?? '', 'implemented', '2026-11-23T02:00:00Z')
  await topic('t3', { title: '小区停车位重新划线', state: 'deliberating', createdAt: '2026-11-05T02:00:00Z' })
  await move(topics.t3 ?? '', 'accepted', '2026-11-06T02:00:00Z')
  await topic('t4', { title: '月初零点后提出的议题', state: 'collecting', createdAt: '2026-11-30T17:00:00Z' })
  await topic('t5', { title: '增设儿童游乐设施', state: 'collecting', createdAt: '2026-11-10T02:00:00Z' })
  await topic('other', { title: '兰花社区的议题', state: 'collecting', createdAt: '2026-11-10T02:00:00Z', community: otherCommunityId })

  await ctx.db.insertInto('consultation_support').values({ topic_id: topics.t5 ?? '', user_id: r2 ?? '', created_at: new Date('2026-11-10T03:00:00Z') }).execute()
  await ctx.db.insertInto('consultation_support').values({ topic_id: topics.t1 ?? '', user_id: r5 ?? '', created_at: new Date('2026-10-30T03:00:00Z') }).execute()
  const opinion = (author: string, body: string, status: 'visible' | 'pending_review' | 'hidden', reports = 0) =>
    ctx.db
      .insertInto('consultation_opinion')
      .values({ topic_id: topics.t3 ?? '', parent_id: null, author_user_id: author, stance: 'support', body, status, report_count: reports, hidden_reason: status === 'hidden' ? '含有他人电话号码' : null, created_at: new Date('2026-11-12T03:00:00Z') })
      .execute()
  await opinion(r2 ?? '', '赞成重新划线', 'visible')
  await opinion(r3 ?? '', '被三位居民举报的意见', 'pending_review', 3)
  await opinion(r2 ?? '', '工作人员隐藏的意见', 'hidden')
  const vote = await ctx.db
    .insertInto('consultation_vote')
    .values({ topic_id: topics.t3 ?? '', rule: 'resident_meeting', opens_at: new Date('2026-11-15T02:00:00Z'), closes_at: new Date('2026-11-22T02:00:00Z'), eligible: 5, turnout: 1, opened_by: r2 ?? '' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db.insertInto('consultation_ballot').values({ vote_id: vote.id, user_id: r4 ?? '' }).execute()
})

describe('staff and street views of consultation', () => {
  it("counts the month's topics and participation from a known data set", async () => {
    const { month, communities } = await oversight(staff)
    expect(month).toBe('2026-11')
    expect(communities).toHaveLength(1)
    const stats = communities[0]
    expect(stats).toMatchObject({
      communityName: '桂花社区',
      raised: 3,
      adopted: 3,
      implemented: 2,
      avgDaysToImplement: 15,
      participants: 3,
      residents: 5,
      participationRate: 0.6,
      openEscalations: 0,
    })
    const counts = Object.fromEntries(stats?.pipeline.map((p) => [p.state, p.count]) ?? [])
    expect(counts).toMatchObject({ collecting: 2, deliberating: 1, implemented: 2, accepted: 0, terminated: 0 })
    expect(stats?.pipeline.map((p) => p.state)).toEqual(TopicStateSchema.options)

    // December: T4 only (raised at 01:00 on 12-01 on the community's clock), nothing implemented.
    const december = (await oversight(staff, '?month=2026-12')).communities[0]
    expect(december).toMatchObject({ raised: 1, adopted: 0, implemented: 0, avgDaysToImplement: null, participants: 0 })
    // The month defaults to the one it is now on the community's clock.
    expect((await oversight(staff, '')).month).toBe('2026-12')
  })

  it('shows staff their community and a street admin every community of the street; refuses others', async () => {
    expect((await oversight(streetAdmin)).communities.map((c) => c.communityName).sort()).toEqual(['兰花社区', '桂花社区'])
    expect((await oversight(streetAdmin, `?month=2026-11&communityId=${otherCommunityId}`)).communities.map((c) => c.raised)).toEqual([1])
    expect((await ctx.request(`/api/v1/staff/consultation/oversight?communityId=${communityId}`, { token: otherStaff })).status).toBe(403)
    expect((await ctx.request('/api/v1/staff/consultation/oversight', { token: residents[0]?.token })).status).toBe(403)
    expect((await ctx.request('/api/v1/staff/consultation/oversight?month=2026-13', { token: staff })).status).toBe(400)
  })

  it('lists the moderation queue: reported and hidden opinions, names masked, not the visible ones', async () => {
    const res = await ctx.request(`/api/v1/staff/consultation/moderation?communityId=${communityId}`, { token: staff })
    expect(res.status).toBe(200)
    const { items } = (await res.json()) as { items: { body: string; status: string; reportCount: number; authorName: string; hiddenReason: string | null; topicTitle: string }[] }
    expect(items.map((o) => o.body).sort()).toEqual(['工作人员隐藏的意见', '被三位居民举报的意见'])
    expect(items.find((o) => o.status === 'pending_review')).toMatchObject({ reportCount: 3, authorName: '李*英', topicTitle: '小区停车位重新划线' })
    expect(items.find((o) => o.status === 'hidden')?.hiddenReason).toBe('含有他人电话号码')
    const first = (await (await ctx.request(`/api/v1/staff/consultation/moderation?communityId=${communityId}&limit=1`, { token: staff })).json()) as { items: unknown[]; nextCursor: string | null }
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).not.toBeNull()
    expect((await ctx.request(`/api/v1/staff/consultation/moderation?communityId=${communityId}`, { token: otherStaff })).status).toBe(403)
  })

  it('lists the votes with participation and never a voter', async () => {
    const res = await ctx.request(`/api/v1/staff/consultation/votes?communityId=${communityId}`, { token: staff })
    expect(res.status).toBe(200)
    const text = await res.text()
    const { items } = JSON.parse(text) as { items: { topicTitle: string; phase: string; eligible: number; turnout: number }[] }
    expect(items).toEqual([expect.objectContaining({ topicTitle: '小区停车位重新划线', phase: 'closed', eligible: 5, turnout: 1 })])
    for (const r of residents) expect(text).not.toContain(r.id)
  })

  it('exports the stats and the pipeline as CSV with a Chinese header and an ASCII file name', async () => {
    const res = await ctx.request('/api/v1/staff/consultation/oversight/stats.csv?month=2026-11', { token: staff })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="consultation-stats-2026-11.csv"')
    // A BOM first, so Excel reads the UTF-8 right (fetch's text() drops it: look at the bytes).
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, row] = new TextDecoder().decode(bytes).trimEnd().split('\r\n')
    expect(header?.split(',').slice(0, 9)).toEqual(['社区', '月份', '提出议题', '立项', '落实', '立项至落实平均天数', '参与居民', '登记居民', '参与率'])
    expect(row?.split(',').slice(0, 9)).toEqual(['桂花社区', '2026-11', '3', '3', '2', '15', '3', '5', '60.0%'])

    const pipeline = await ctx.request('/api/v1/staff/consultation/oversight/pipeline.csv', { token: staff })
    expect(pipeline.headers.get('content-disposition')).toBe('attachment; filename="consultation-pipeline.csv"')
    const lines = (await pipeline.text()).trimEnd().split('\r\n')
    expect(lines[0]).toBe('社区,议题,状态,附议人数,立项门槛,提出日期')
    expect(lines).toHaveLength(6)
    expect(lines).toContain('桂花社区,楼道加装声控灯,已落实,0,20,2026-10-20')
    // A comma and quotes are quoted; a leading = never runs as a spreadsheet formula.
    expect(lines).toContain(`桂花社区,"'=增设, ""快递柜""",已落实,0,20,2026-11-02`)
    expect(lines).toContain('桂花社区,月初零点后提出的议题,征集中,0,20,2026-12-01')
    expect(lines.join('\n')).not.toContain('兰花社区')
  })
})
