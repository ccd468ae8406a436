import { castBallot } from '../../bff/src/consultation/votes'
import type { AssistedAct } from '../../bff/src/consultation/participant'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
const NOW = new Date('2026-12-01T02:00:00Z')
const OPENS = new Date(NOW.getTime() + HOUR_MS)
const CLOSES = new Date(NOW.getTime() + 48 * HOUR_MS)
const DURING = new Date(NOW.getTime() + 2 * HOUR_MS)
const AFTER = new Date(CLOSES.getTime() + HOUR_MS)

interface Voter {
  id: string
  token: string
}
interface Vote {
  id: string
  phase: string
  options: { id: string; label: string }[]
  participation: { quorumMet: boolean; headcount: { counted: number; total: number; required: number } }
  votedByMe: boolean
  canVote: boolean
  result: null | { outcome: string; adoptedOptionId: string | null; tally: { optionId: string; votes: number }[] }
}

let streetId: string
/** Every voter id the tests made, to look for in every response. */
const everyVoterId: string[] = []

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** Bodies of the vote routes must never name a voter: checked on each one read here. */
async function secretBody<T>(res: Response): Promise<T> {
  const text = await res.text()
  for (const id of everyVoterId) expect(text).not.toContain(id)
  return JSON.parse(text) as T
}

/** A community of `residents` residents with staff and a topic in 协商中. */
async function community(residents: number, kind: 'urban' | 'rural' = 'urban') {
  const communityId = (await createCommunity(ctx.db, { streetId, kind })).id
  const staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  const voters: Voter[] = []
  for (let i = 0; i < residents; i++) {
    const user = await createUser(ctx.db, { communityId })
    everyVoterId.push(user.id)
    voters.push({ id: user.id, token: await sessionFor(ctx.db, user.id, FAR) })
  }
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const first = voters[0]
  if (!first) throw new Error('a community needs a resident to raise its topic')
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: communityId,
      category_id: category.id,
      proposer_user_id: first.id,
      title: '小区东门加装无障碍坡道',
      description: '东门台阶较高，轮椅和婴儿车进出困难。',
      links: [],
      state: 'deliberating',
      state_reason: null,
      threshold: 1,
      expires_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { communityId, staff, voters, topicId: topic.id }
}

const OPTIONS = [
  { label: '同意', adopts: true },
  { label: '反对', adopts: false },
  { label: '弃权', adopts: false },
]

function open(topicId: string, token: string, extra: Record<string, unknown> = {}) {
  return ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, {
    method: 'POST',
    token,
    json: { rule: 'resident_meeting', options: OPTIONS, opensAt: OPENS.toISOString(), closesAt: CLOSES.toISOString(), ...extra },
  })
}

async function openOk(topicId: string, token: string, extra: Record<string, unknown> = {}) {
  const res = await open(topicId, token, extra)
  expect(res.status).toBe(201)
  return secretBody<Vote>(res)
}

function ballot(topicId: string, token: string, optionId: string, key?: string) {
  return ctx.request(`/api/v1/consultation/topics/${topicId}/vote/ballots`, {
    method: 'POST',
    token,
    json: { optionId },
    ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
  })
}

async function read(topicId: string, token?: string) {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/vote`, token ? { token } : {})
  expect(res.status).toBe(200)
  return secretBody<Vote>(res)
}

async function ballotsOf(voteId: string) {
  const row = await ctx.db.selectFrom('consultation_ballot').select((eb) => eb.fn.countAll<string>().as('n')).where('vote_id', '=', voteId).executeTakeFirstOrThrow()
  return Number(row.n)
}

function optionId(vote: Vote, label: string): string {
  const option = vote.options.find((o) => o.label === label)
  if (!option) throw new Error(`no option ${label}`)
  return option.id
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

beforeEach(() => ctx.setNow(NOW))

describe('opening a vote', () => {
  it('moves a 协商中 topic to 表决中, once, by its own staff only', async () => {
    const c = await community(3)
    const other = await community(1)
    expect(await errorCode(await open(c.topicId, other.staff))).toBe('FORBIDDEN')
    const resident = c.voters[1]?.token ?? ''
    expect((await open(c.topicId, resident)).status).toBe(403)
    expect(await errorCode(await open(c.topicId, c.staff, { rule: 'household' }))).toBe('VOTE_RULE_NEEDS_REGISTRY')
    const vote = await openOk(c.topicId, c.staff)
    expect(vote.phase).toBe('upcoming')
    expect(vote.participation.headcount).toEqual({ counted: 0, total: 3, required: 2 })
    const topic = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}`)).json()) as { state: string; history: { to: string }[] }
    expect(topic.state).toBe('voting')
    expect(topic.history.map((h) => h.to)).toContain('voting')
    const again = await open(c.topicId, c.staff)
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('VOTE_EXISTS')
  })

  it('refuses a topic that is not 协商中, and a window that is over, recording nothing', async () => {
    const c = await community(2)
    expect(await errorCode(await open(c.topicId, c.staff, { closesAt: new Date(NOW.getTime() - HOUR_MS).toISOString(), opensAt: new Date(NOW.getTime() - 2 * HOUR_MS).toISOString() }))).toBe('VALIDATION_FAILED')
    await ctx.db.updateTable('consultation_topic').set({ state: 'accepted' }).where('id', '=', c.topicId).execute()
    const res = await open(c.topicId, c.staff)
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('TOPIC_MOVE_NOT_ALLOWED')
    expect((await ctx.request(`/api/v1/consultation/topics/${c.topicId}/vote`)).status).toBe(404)
  })
})

describe('ballots', () => {
  it('counts 100 concurrent ballots exactly and shows counts only after the close', async () => {
    const c = await community(120)
    const vote = await openOk(c.topicId, c.staff)
    const yes = optionId(vote, '同意')
    const no = optionId(vote, '反对')
    ctx.setNow(DURING)
    const voting = c.voters.slice(0, 100)
    const answers = await Promise.all(voting.map((v, i) => ballot(c.topicId, v.token, i < 60 ? yes : no)))
    expect(answers.map((r) => r.status)).toEqual(voting.map(() => 200))
    const receipts = await Promise.all(answers.map((r) => secretBody<{ votedByMe: boolean }>(r)))
    expect(receipts.every((r) => r.votedByMe)).toBe(true)
    const live = await read(c.topicId, voting[0]?.token)
    expect(live.participation).toMatchObject({ quorumMet: true, headcount: { counted: 100, total: 120, required: 61 } })
    expect(live.votedByMe).toBe(true)
    expect(live.canVote).toBe(false)
    expect(live.result).toBeNull()
    expect(await ballotsOf(vote.id)).toBe(100)
    ctx.setNow(AFTER)
    const closed = await read(c.topicId)
    expect(closed.phase).toBe('closed')
    expect(closed.result?.outcome).toBe('passed')
    expect(closed.result?.adoptedOptionId).toBe(yes)
    expect(closed.result?.tally).toEqual([
      { optionId: yes, votes: 60, areaCentiM2: 0 },
      { optionId: no, votes: 40, areaCentiM2: 0 },
      { optionId: optionId(vote, '弃权'), votes: 0, areaCentiM2: 0 },
    ])
  })

  it('refuses a second ballot, and replays the first for the same Idempotency-Key', async () => {
    const c = await community(3)
    const vote = await openOk(c.topicId, c.staff)
    ctx.setNow(DURING)
    const voter = c.voters[0]?.token ?? ''
    const first = await ballot(c.topicId, voter, optionId(vote, '同意'), 'vote-key-1')
    expect(first.status).toBe(200)
    const replay = await ballot(c.topicId, voter, optionId(vote, '同意'), 'vote-key-1')
    expect(replay.status).toBe(200)
    const twice = await ballot(c.topicId, voter, optionId(vote, '反对'))
    expect(twice.status).toBe(409)
    expect(await errorCode(twice)).toBe('ALREADY_VOTED')
    expect((await read(c.topicId)).participation.headcount.counted).toBe(1)
    ctx.setNow(AFTER)
    expect((await read(c.topicId)).result?.tally.map((t) => t.votes)).toEqual([1, 0, 0])
  })

  it('refuses ballots outside the window, from another community, from a resident whose community move is pending, and for no option: nothing recorded', async () => {
    const c = await community(3)
    const other = await community(1)
    const vote = await openOk(c.topicId, c.staff)
    const yes = optionId(vote, '同意')
    const [a, b] = c.voters
    if (!a || !b) throw new Error('two voters expected')
    const before = await ballot(c.topicId, a.token, yes)
    expect(before.status).toBe(409)
    expect(await errorCode(before)).toBe('VOTE_NOT_OPEN')
    ctx.setNow(DURING)
    const outsider = await ballot(c.topicId, other.voters[0]?.token ?? '', yes)
    expect(outsider.status).toBe(403)
    expect(await errorCode(outsider)).toBe('FORBIDDEN')
    await ctx.db.updateTable('app_user').set({ pending_community_id: other.communityId, pending_since: DURING }).where('id', '=', b.id).execute()
    const movePending = await ballot(c.topicId, b.token, yes)
    expect(movePending.status).toBe(403)
    expect(await errorCode(movePending)).toBe('VOTER_MOVE_PENDING')
    const wrong = await ballot(c.topicId, a.token, optionId(await openOk(other.topicId, other.staff), '同意'))
    expect(wrong.status).toBe(400)
    expect(await errorCode(wrong)).toBe('VOTE_OPTION_NOT_FOUND')
    ctx.setNow(AFTER)
    const late = await ballot(c.topicId, a.token, yes)
    expect(late.status).toBe(409)
    expect(await errorCode(late)).toBe('VOTE_NOT_OPEN')
    expect(await ballotsOf(vote.id)).toBe(0)
    const closed = await read(c.topicId)
    expect(closed.participation.headcount.counted).toBe(0)
    expect(closed.result?.tally.map((t) => t.votes)).toEqual([0, 0, 0])
  })
})

describe('results', () => {
  it('is 未达法定人数 when exactly half took part', async () => {
    const c = await community(10)
    const vote = await openOk(c.topicId, c.staff)
    ctx.setNow(DURING)
    for (const v of c.voters.slice(0, 5)) expect((await ballot(c.topicId, v.token, optionId(vote, '同意'))).status).toBe(200)
    ctx.setNow(AFTER)
    const closed = await read(c.topicId)
    expect(closed.participation.quorumMet).toBe(false)
    expect(closed.result).toMatchObject({ outcome: 'no_quorum', adoptedOptionId: null })
  })

  it('passes a 居民会议 with more than half of those taking part, and fails it at exactly half', async () => {
    const passing = await community(10)
    const failing = await community(10)
    for (const [c, yesVotes] of [
      [passing, 4],
      [failing, 3],
    ] as const) {
      ctx.setNow(NOW)
      const vote = await openOk(c.topicId, c.staff)
      ctx.setNow(DURING)
      for (const [i, v] of c.voters.slice(0, 6).entries()) {
        expect((await ballot(c.topicId, v.token, optionId(vote, i < yesVotes ? '同意' : '反对'))).status).toBe(200)
      }
    }
    ctx.setNow(AFTER)
    expect((await read(passing.topicId)).result?.outcome).toBe('passed')
    expect((await read(failing.topicId)).result?.outcome).toBe('failed')
  })
})

/** No response schema of the vote routes has a voter's id beside an option. */
function assertNoVoterInVoteSchemas(doc: { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components?: { schemas?: Record<string, unknown> } }) {
  const VOTER = /user|voter|person|resident/i
  const seen = new Set<unknown>()
  let objects = 0
  const walk = (schema: unknown): void => {
    if (typeof schema !== 'object' || schema === null || seen.has(schema)) return
    seen.add(schema)
    const ref = (schema as { $ref?: string }).$ref
    if (ref) return walk(doc.components?.schemas?.[ref.replace('#/components/schemas/', '')])
    const properties = (schema as { properties?: Record<string, unknown> }).properties
    if (properties) {
      objects++
      expect(Object.keys(properties).filter((k) => VOTER.test(k))).toEqual([])
    }
    Object.values(schema).forEach(walk)
  }
  const votePaths = Object.keys(doc.paths).filter((p) => p.includes('/vote'))
  expect(votePaths.length).toBeGreaterThanOrEqual(2)
  for (const path of votePaths) {
    for (const operation of Object.values(doc.paths[path] ?? {})) {
      for (const response of Object.values(operation.responses ?? {})) walk(response.content?.['application/json']?.schema)
    }
  }
  expect(objects).toBeGreaterThan(0)
}

it('publishes no vote response schema carrying a voter', async () => {
  assertNoVoterInVoteSchemas(await (await ctx.request('/api/openapi.json')).json())
})

describe('代办 contract (castBallot for a participant, with an assisted act)', () => {
  it('checks the participant, stores the helper on the ballot, and records the 代办 row in the ballot transaction only when it counts', async () => {
    const c = await community(3)
    const vote = await openOk(c.topicId, c.staff)
    ctx.setNow(DURING)
    const elder = c.voters[1]
    const helper = c.voters[2]
    if (!elder || !helper) throw new Error('three residents')
    const recorded: { kind: string; topicId: string }[] = []
    const assisted = (reason: string): AssistedAct => ({
      helperUserId: helper.id,
      reason,
      record: async (trx, act) => {
        // Inside the ballot's transaction: the ballot is already there.
        const mine = await trx.selectFrom('consultation_ballot').select('assisted_by').where('vote_id', '=', vote.id).where('user_id', '=', elder.id).executeTakeFirst()
        expect(mine?.assisted_by).toBe(helper.id)
        recorded.push(act)
      },
    })
    const elderOf = { userId: elder.id, communityId: c.communityId }
    await castBallot(ctx.deps, elderOf, c.topicId, { optionId: optionId(vote, '同意') }, assisted('老人不会用手机'))
    expect(recorded).toEqual([{ kind: 'ballot', topicId: c.topicId }])
    // A refused one (she already voted) records no 代办 row.
    await expect(castBallot(ctx.deps, elderOf, c.topicId, { optionId: optionId(vote, '反对') }, assisted('再投一次'))).rejects.toMatchObject({ code: 'ALREADY_VOTED' })
    // The participant's community decides, not the helper's.
    await expect(castBallot(ctx.deps, { userId: elder.id, communityId: null }, c.topicId, { optionId: optionId(vote, '同意') }, assisted('x'))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(recorded).toHaveLength(1)
    const row = await ctx.db.selectFrom('consultation_ballot').selectAll().where('vote_id', '=', vote.id).execute()
    expect(row).toEqual([{ vote_id: vote.id, user_id: elder.id, household_id: null, assisted_by: helper.id }])
    // Her own ballot is not 代办; the helper voting for himself is an ordinary ballot.
    expect((await ballot(c.topicId, helper.token, optionId(vote, '反对'))).status).toBe(200)
    expect(await ctx.db.selectFrom('consultation_ballot').select('assisted_by').where('user_id', '=', helper.id).executeTakeFirstOrThrow()).toEqual({ assisted_by: null })
  })
})
