import { type CompiledQuery, type KyselyPlugin, PostgresQueryCompiler } from 'kysely'
import { castBallot } from '../../bff/src/consultation/votes'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/**
 * Issue 11 Speed: what one ballot sends to PostgreSQL (bench/consultation.ts times it against a
 * raw-SQL ballot of three statements in a transaction). Every rule still holds (the votes tests);
 * here, how few statements it takes, and that the one write refuses whole.
 */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
const NOW = new Date('2026-12-01T02:00:00Z')

/** The statements sent while `on`, as PostgreSQL got them. */
function capturing(): { plugin: KyselyPlugin; sent: CompiledQuery[]; on: (value: boolean) => void } {
  const compiler = new PostgresQueryCompiler()
  const sent: CompiledQuery[] = []
  let on = false
  return {
    sent,
    on: (value) => {
      on = value
    },
    plugin: {
      transformQuery: ({ node, queryId }) => {
        if (on) sent.push(compiler.compileQuery(node, queryId))
        return node
      },
      transformResult: async ({ result }) => result,
    },
  }
}

let topicId: string
let communityId: string
let options: { id: string }[]
let voters: { id: string; token: string }[]
let voteId: string

beforeAll(async () => {
  ctx.setNow(NOW)
  const streetId = (await createStreet(ctx.db)).id
  communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  voters = []
  for (let i = 0; i < 3; i++) {
    const user = await createUser(ctx.db, { communityId })
    voters.push({ id: user.id, token: await sessionFor(ctx.db, user.id, FAR) })
  }
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({ community_id: communityId, category_id: category.id, proposer_user_id: voters[0]?.id ?? '', title: '小区东门加装无障碍坡道', description: '东门台阶较高，轮椅和婴儿车进出困难。', links: [], state: 'deliberating', state_reason: null, threshold: 1, expires_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow()
  topicId = topic.id
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, {
    method: 'POST',
    token: staff,
    json: { rule: 'resident_meeting', options: [{ label: '同意', adopts: true }, { label: '反对', adopts: false }], opensAt: NOW.toISOString(), closesAt: new Date(NOW.getTime() + 48 * HOUR_MS).toISOString() },
  })
  expect(res.status).toBe(201)
  const vote = (await res.json()) as { id: string; options: { id: string }[] }
  voteId = vote.id
  options = vote.options
})

describe('one ballot', () => {
  it('reads topic and vote in one query and writes ballot, turnout and option in one statement: 4 statements under 居民会议', async () => {
    const capture = capturing()
    const deps = { ...ctx.deps, db: ctx.db.withPlugin(capture.plugin) }
    const voter = voters[0]
    if (!voter) throw new Error('voter')
    capture.on(true)
    const receipt = await castBallot(deps, { userId: voter.id, communityId }, topicId, { optionId: options[0]?.id ?? '' })
    capture.on(false)
    expect(receipt.participation.headcount.counted).toBe(1)
    const sent = capture.sent.map((q) => q.sql.replace(/\s+/g, ' '))
    // topic+vote, her pending move with her birth date (居民会议 is 18+), her community — side by side — and the write.
    expect(sent).toHaveLength(4)
    expect(sent.filter((q) => /from "?app_user"?/.test(q))).toHaveLength(1)
    expect(sent.filter((q) => /from "?consultation_topic"? (as )?"?t"? left join "?consultation_vote"?/.test(q))).toHaveLength(1)
    expect(sent.filter((q) => /consultation_topic"? where|from "consultation_vote" where/.test(q))).toHaveLength(0)
    expect(sent.filter((q) => /^(insert|update|delete)|with b as/i.test(q.trim()))).toHaveLength(1)
    expect(sent.some((q) => /^begin/i.test(q))).toBe(false)
  })

  it('refuses a second ballot and a ballot for no option of the vote, with their codes, writing nothing', async () => {
    const [first, second] = voters
    if (!first || !second) throw new Error('voters')
    const before = await ctx.db.selectFrom('consultation_vote').select(['turnout']).where('id', '=', voteId).executeTakeFirstOrThrow()
    const sums = async () => (await ctx.db.selectFrom('consultation_vote_option').select('votes').where('vote_id', '=', voteId).orderBy('sort_order').execute()).map((o) => o.votes)
    const votesBefore = await sums()
    const again = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, { method: 'POST', token: first.token, json: { optionId: options[1]?.id } })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ALREADY_VOTED')
    // An option of no vote (a fresh id): the ballot row is not written either.
    const stray = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, { method: 'POST', token: second.token, json: { optionId: '00000000-0000-4000-8000-000000000000' } })
    expect(((await stray.json()) as { error: { code: string } }).error.code).toBe('VOTE_OPTION_NOT_FOUND')
    const ballots = await ctx.db.selectFrom('consultation_ballot').select('user_id').where('vote_id', '=', voteId).execute()
    expect(ballots.map((b) => b.user_id)).toEqual([first.id])
    expect((await ctx.db.selectFrom('consultation_vote').select(['turnout']).where('id', '=', voteId).executeTakeFirstOrThrow()).turnout).toBe(before.turnout)
    expect(await sums()).toEqual(votesBefore)
    // The window closed: VOTE_NOT_OPEN, nothing recorded.
    await ctx.withNow(new Date(NOW.getTime() + 49 * HOUR_MS), async () => {
      const late = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, { method: 'POST', token: second.token, json: { optionId: options[0]?.id } })
      expect(((await late.json()) as { error: { code: string } }).error.code).toBe('VOTE_NOT_OPEN')
    })
    expect(await ctx.db.selectFrom('consultation_ballot').select('user_id').where('vote_id', '=', voteId).execute()).toHaveLength(1)
    expect(await sums()).toEqual(votesBefore)
  })
})
