import type { TopicState } from '@linli/shared'
import { closeVotes } from '../../bff/src/consultation/vote-jobs'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'
import { sessionFor } from '../support/factories'

const ctx = useTestContext()
const NOW = new Date('2026-12-01T02:00:00Z')

interface Topic {
  id: string
  title: string
  state: TopicState
  supportCount: number
  threshold: number
}
interface Vote {
  phase: string
  rule: string
  options: { id: string; label: string }[]
  participation: { quorumMet: boolean; headcount: { counted: number; total: number; required: number } }
  canVote: boolean
  result: null | { outcome: string; adoptedOptionId: string | null; tally: { optionId: string; votes: number }[] }
}
interface OpinionPage {
  items: { stance: string | null; authorName: string; likeCount: number; replies: { authorName: string }[] }[]
  counts: { support: number; oppose: number; neutral: number }
}

async function rowCounts() {
  const count = async (table: 'consultation_topic' | 'consultation_opinion' | 'consultation_opinion_like' | 'consultation_ballot' | 'consultation_vote' | 'app_user') =>
    Number((await ctx.db.selectFrom(table).select(ctx.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
  return {
    topics: await count('consultation_topic'),
    opinions: await count('consultation_opinion'),
    likes: await count('consultation_opinion_like'),
    votes: await count('consultation_vote'),
    ballots: await count('consultation_ballot'),
    users: await count('app_user'),
  }
}

describe('社区协商演示数据', () => {
  let topics: Topic[] = []
  let elderToken = ''

  beforeAll(async () => {
    ctx.setNow(NOW)
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoConsultation(ctx.db, ctx.deps.cipher, NOW)
    const elder = await ctx.db.selectFrom('app_user').select(['id', 'community_id']).where('demo_persona', '=', 'elder').executeTakeFirstOrThrow()
    elderToken = await sessionFor(ctx.db, elder.id)
    const res = await ctx.request(`/api/v1/communities/${elder.community_id}/topics?limit=50`)
    expect(res.status).toBe(200)
    topics = ((await res.json()) as { items: Topic[] }).items
  })
  afterAll(() => ctx.setNow(null))

  const inState = (state: TopicState) => topics.filter((t) => t.state === state)
  const voteOf = async (topic: Topic, token?: string) => {
    const res = await ctx.request(`/api/v1/consultation/topics/${topic.id}/vote`, { token })
    expect(res.status).toBe(200)
    return (await res.json()) as Vote
  }

  it('gives 桂花社区 a topic in every state, and 征集中 both below and at the threshold', () => {
    const states = new Set(topics.map((t) => t.state))
    for (const s of ['collecting', 'accepted', 'declined', 'deliberating', 'voting', 'resolved', 'implementing', 'implemented', 'terminated'] as const) {
      expect([s, states.has(s)]).toEqual([s, true])
    }
    // Every topic that went on the agenda reached its threshold while it collected.
    for (const t of topics.filter((x) => !['collecting', 'declined', 'terminated'].includes(x.state))) expect([t.title, t.supportCount >= t.threshold]).toEqual([t.title, true])
    const collecting = inState('collecting')
    expect(collecting.some((t) => t.supportCount < t.threshold)).toBe(true)
    expect(collecting.some((t) => t.supportCount >= t.threshold)).toBe(true)
  })

  it('协商中 shows opinions of every stance, with replies, likes and masked names', async () => {
    const [topic] = inState('deliberating')
    if (!topic) throw new Error('no deliberating topic')
    const res = await ctx.request(`/api/v1/consultation/topics/${topic.id}/opinions?limit=20`)
    expect(res.status).toBe(200)
    const page = (await res.json()) as OpinionPage
    expect(page.counts.support).toBeGreaterThan(0)
    expect(page.counts.oppose).toBeGreaterThan(0)
    expect(page.counts.neutral).toBeGreaterThan(0)
    expect(page.items.length).toBe(page.counts.support + page.counts.oppose + page.counts.neutral)
    expect(page.items.some((o) => o.replies.length > 0)).toBe(true)
    expect(page.items.some((o) => o.likeCount > 0)).toBe(true)
    // 陈凤兰 → 陈*兰: nobody's full name is on the page.
    for (const o of [...page.items, ...page.items.flatMap((i) => i.replies)]) expect(o.authorName).toMatch(/\*/)
  })

  it('表决中 has an open 居民会议 vote with some ballots, which a persona can still join', async () => {
    const [topic] = inState('voting')
    if (!topic) throw new Error('no voting topic')
    const vote = await voteOf(topic, elderToken)
    expect(vote.rule).toBe('resident_meeting')
    expect(vote.phase).toBe('open')
    expect(vote.result).toBeNull()
    expect(vote.participation.headcount.counted).toBeGreaterThan(0)
    expect(vote.participation.quorumMet).toBe(false)
    expect(vote.canVote).toBe(true)
    const option = vote.options[0]
    if (!option) throw new Error('vote without options')
    const cast = await ctx.request(`/api/v1/consultation/topics/${topic.id}/vote/ballots`, { method: 'POST', token: elderToken, json: { optionId: option.id } })
    expect(cast.status).toBe(200)
    expect((await voteOf(topic)).participation.headcount.counted).toBe(vote.participation.headcount.counted + 1)
  })

  it('已形成结果 and 已落实 show a closed vote that met its quorum and passed, with its tally', async () => {
    for (const topic of [...inState('resolved'), ...inState('implemented')]) {
      const vote = await voteOf(topic)
      expect(vote.phase).toBe('closed')
      expect(vote.participation.quorumMet).toBe(true)
      expect(vote.result?.outcome).toBe('passed')
      const counted = (vote.result?.tally ?? []).reduce((sum, t) => sum + t.votes, 0)
      expect(counted).toBe(vote.participation.headcount.counted)
      expect(vote.result?.adoptedOptionId).toBe(vote.options[0]?.id)
    }
    expect(inState('resolved').length + inState('implemented').length).toBeGreaterThanOrEqual(2)
    // Closed with their result already: the close job has nothing to close, move or tell.
    expect(await closeVotes(ctx.db, NOW)).toBe(0)
    const closed = await ctx.db.selectFrom('consultation_vote').select(['outcome', 'closed_at']).where('closed_at', 'is not', null).execute()
    expect(closed.map((v) => v.outcome)).toEqual(['passed', 'passed'])
  })

  it('runs once: seeding again writes nothing', async () => {
    const before = await rowCounts()
    expect(before.opinions).toBeGreaterThan(10)
    expect(before.votes).toBe(3)
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoConsultation(ctx.db, ctx.deps.cipher, NOW)
    expect(await rowCounts()).toEqual(before)
  })
})
