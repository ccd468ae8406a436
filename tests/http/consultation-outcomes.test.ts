import { sql } from 'kysely'
import { noticeOverdue } from '../../bff/src/consultation/outcomes'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const HOUR_MS = 60 * 60 * 1000
// Tuesday 1 December 2026, 10:00 in Shanghai: no holiday within the next 5 working days (ends Tue 8 Dec).
const NOW = new Date('2026-12-01T02:00:00Z')
const AFTER_PUBLICITY = new Date('2026-12-08T16:30:00Z')

interface Person {
  id: string
  token: string
}
interface OutcomeView {
  state: string
  result: null | { adopted: boolean; reason: string | null; publicity: { startsOn: string; endsOn: string; endsAt: string; open: boolean; workingDays: number }; objectionsOpen: number; objectionCount: number }
  implementation: null | { responsibleUnit: string; dueOn: string; progress: number; milestones: { title: string; done: boolean }[]; overdue: boolean }
  updates: { progress: number; reason: string | null; statusText: string }[]
  ratings: { total: number; levels: { level: number; count: number }[] }
  me: { following: boolean; canObject: boolean; canRate: boolean; ratedLevel: number | null; objected: boolean }
  staff: { canPublish: boolean; canStart: boolean; startBlockedBy: string | null; canComplete: boolean }
}

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function person(communityId: string, name: string, grant?: { role: 'staff'; communityId: string } | { role: 'street_admin'; streetId: string }): Promise<Person> {
  const user = await createUser(ctx.db, { name, communityId, ...(grant ? { grant } : {}) })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/**
 * A community with staff, a topic in 协商中 raised by `proposer`, and residents who took part in
 * other ways (a support, an opinion), one who follows by choice and one who never took part.
 */
async function community(state: 'deliberating' | 'collecting' | 'resolved' = 'deliberating') {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await person(communityId, '张丽', { role: 'staff', communityId })
  const proposer = await person(communityId, '王秀兰')
  const supporter = await person(communityId, '李敏')
  const opiner = await person(communityId, '赵强')
  const follower = await person(communityId, '孙芳')
  const bystander = await person(communityId, '周杰')
  const category = await ctx.db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
  const topic = await ctx.db
    .insertInto('consultation_topic')
    .values({
      community_id: communityId,
      category_id: category.id,
      proposer_user_id: proposer.id,
      title: '小区东门加装无障碍坡道',
      description: '东门台阶较高，轮椅和婴儿车进出困难。',
      links: [],
      state,
      state_reason: null,
      threshold: 1,
      expires_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db.insertInto('consultation_support').values({ topic_id: topic.id, user_id: supporter.id }).execute()
  await ctx.db.insertInto('consultation_opinion').values({ topic_id: topic.id, parent_id: null, author_user_id: opiner.id, stance: 'support', body: '赞成，早该修了', hidden_reason: null }).execute()
  return { communityId, staff, proposer, supporter, opiner, follower, bystander, topicId: topic.id }
}
type Community = Awaited<ReturnType<typeof community>>

const RESULT = { summary: '在东门台阶西侧加装不锈钢扶手的无障碍坡道，由物业在一个月内完成。', adopted: true }

function publish(c: Community, token: string, body: Record<string, unknown> = RESULT) {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/outcome`, { method: 'POST', token, json: body })
}

async function view(c: Community, token?: string): Promise<OutcomeView> {
  const res = await ctx.request(`/api/v1/consultation/topics/${c.topicId}/outcome`, token ? { token } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as OutcomeView
}

function object(c: Community, token: string, body = '坡道太陡，老人推轮椅上不去，请放缓坡度。', key?: string) {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/objections`, { method: 'POST', token, json: { body }, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
}

function start(c: Community, token: string, dueOn = '2026-12-31') {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/implementation`, {
    method: 'POST',
    token,
    json: { responsibleUnit: '桂花物业', dueOn, milestones: [{ title: '施工图确认', done: false }, { title: '坡道完工', done: false }] },
  })
}

function update(c: Community, token: string, body: Record<string, unknown>) {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/implementation/updates`, { method: 'POST', token, json: body })
}

function complete(c: Community, token: string) {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/implementation/done`, { method: 'POST', token })
}

function rate(c: Community, token: string, level = 5) {
  return ctx.request(`/api/v1/consultation/topics/${c.topicId}/ratings`, { method: 'POST', token, json: { level, comment: '坡道很好用' } })
}

/** Who the outbox holds a message of this kind for, about this topic. */
async function recipients(c: Community, kind: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('notification_outbox').select(['user_id', 'payload']).where('kind', '=', kind).execute()
  return rows
    .filter((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload).topicId === c.topicId)
    .map((r) => r.user_id)
    .sort()
}

async function answerAll(c: Community) {
  const page = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}/objections`)).json()) as { items: { id: string; answer: string | null }[] }
  for (const o of page.items.filter((i) => i.answer === null)) {
    const res = await ctx.request(`/api/v1/staff/consultation/objections/${o.id}/answer`, { method: 'POST', token: c.staff.token, json: { answer: '已请设计单位把坡度放缓到 1:12。' } })
    expect(res.status).toBe(200)
  }
}

/** A topic through 公示 with no objection to 落实中. */
async function implementing() {
  const c = await community()
  expect((await publish(c, c.staff.token)).status).toBe(201)
  ctx.setNow(AFTER_PUBLICITY)
  expect((await start(c, c.staff.token)).status).toBe(200)
  return c
}

beforeAll(async () => {
  streetId = (await createStreet(ctx.db, '桂花街道')).id
})

beforeEach(() => ctx.setNow(NOW))
afterAll(() => ctx.setNow(null))

describe('publishing the 协商结果', () => {
  it('is for the community’s staff, from 协商中 (moving it to 已形成结果), once', async () => {
    const c = await community()
    const other = await community()
    expect((await publish(c, c.proposer.token)).status).toBe(403)
    expect(await errorCode(await publish(c, other.staff.token))).toBe('FORBIDDEN')
    const res = await publish(c, c.staff.token)
    expect(res.status).toBe(201)
    const shown = (await res.json()) as OutcomeView
    expect(shown.state).toBe('resolved')
    expect(shown.result).toMatchObject({ adopted: true, publicity: { workingDays: 5, startsOn: '2026-12-01', endsOn: '2026-12-08', open: true } })
    const topic = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}`)).json()) as { state: string; history: { from: string; to: string; by: string }[] }
    expect(topic.history.at(-1)).toMatchObject({ from: 'deliberating', to: 'resolved', by: 'staff' })
    const again = await publish(c, c.staff.token)
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('OUTCOME_EXISTS')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', c.topicId).execute()
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['topic.resolved', 'outcome.published']))
  })

  it('publishes on a topic a vote already made 已形成结果 without moving it again', async () => {
    const c = await community('resolved')
    const res = await publish(c, c.staff.token)
    expect(res.status).toBe(201)
    expect(((await res.json()) as OutcomeView).state).toBe('resolved')
    const moves = await ctx.db.selectFrom('consultation_topic_move').select('to_state').where('topic_id', '=', c.topicId).execute()
    expect(moves).toEqual([])
  })

  it('refuses a topic still collecting, and 不采纳 without a reason, recording nothing', async () => {
    const collecting = await community('collecting')
    const res = await publish(collecting, collecting.staff.token)
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('OUTCOME_NOT_PUBLISHABLE')
    const c = await community()
    const declined = await publish(c, c.staff.token, { summary: RESULT.summary, adopted: false })
    expect(declined.status).toBe(400)
    expect(await errorCode(declined)).toBe('VALIDATION_FAILED')
    expect(await ctx.db.selectFrom('consultation_outcome').select('topic_id').where('topic_id', 'in', [c.topicId, collecting.topicId]).execute()).toEqual([])
    const ok = await publish(c, c.staff.token, { summary: RESULT.summary, adopted: false, reason: '该处为消防通道，不能加装坡道' })
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as OutcomeView).result).toMatchObject({ adopted: false, reason: '该处为消防通道，不能加装坡道' })
  })

  it('tells every follower once: who proposed, supported, opined or voted, who chose 关注, not who chose 取消关注 or never took part', async () => {
    const c = await community()
    expect((await ctx.request(`/api/v1/consultation/topics/${c.topicId}/follow`, { method: 'PUT', token: c.follower.token })).status).toBe(200)
    expect(((await ctx.request(`/api/v1/consultation/topics/${c.topicId}/follow`, { method: 'DELETE', token: c.opiner.token })).status)).toBe(200)
    expect((await view(c, c.supporter.token)).me.following).toBe(true)
    expect((await view(c, c.opiner.token)).me.following).toBe(false)
    expect((await view(c, c.bystander.token)).me.following).toBe(false)
    // A voter follows too (that she voted, never what: the ballot row has no choice).
    const voter = await person(c.communityId, '吴静')
    await sql`insert into consultation_vote (topic_id, rule, opens_at, closes_at, eligible, opened_by)
      values (${c.topicId}, 'opinion_poll', ${NOW}, ${new Date(NOW.getTime() + HOUR_MS)}, 10, ${c.staff.id})`.execute(ctx.db)
    await sql`insert into consultation_ballot (vote_id, user_id) select id, ${voter.id} from consultation_vote where topic_id = ${c.topicId}`.execute(ctx.db)
    expect((await view(c, voter.token)).me.following).toBe(true)
    expect((await publish(c, c.staff.token)).status).toBe(201)
    expect(await recipients(c, 'result_published')).toEqual([c.proposer.id, c.supporter.id, c.follower.id, voter.id].sort())
    const inbox = await ctx.db.selectFrom('inbox_message').select('user_id').where('kind', '=', 'result_published').where('user_id', '=', c.proposer.id).execute()
    expect(inbox).toHaveLength(1)
  })
})

describe('the 公示 period in working days', () => {
  it('published the day before 国庆 2026, it ends on the 5th working day after the holiday and the make-up Saturday', async () => {
    // Wed 30 Sep 10:00 in Shanghai. 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休 班), Mon 12, Tue 13 Oct.
    ctx.setNow(new Date('2026-09-30T02:00:00Z'))
    const c = await community()
    const res = await publish(c, c.staff.token)
    expect(res.status).toBe(201)
    const publicity = ((await res.json()) as OutcomeView).result?.publicity
    expect(publicity).toMatchObject({ startsOn: '2026-09-30', endsOn: '2026-10-13', endsAt: '2026-10-13T16:00:00.000Z', open: true })

    // An objection in the last minutes of 13 Oct counts; one just after midnight is refused.
    ctx.setNow(new Date('2026-10-13T15:50:00Z'))
    expect((await object(c, c.supporter.token)).status).toBe(201)
    ctx.setNow(new Date('2026-10-13T16:10:00Z'))
    const late = await object(c, c.proposer.token)
    expect(late.status).toBe(409)
    expect(await errorCode(late)).toBe('PUBLICITY_CLOSED')
    expect((await view(c)).result).toMatchObject({ objectionCount: 1, objectionsOpen: 1, publicity: { open: false } })
  })

  it('takes the number of working days staff choose', async () => {
    const c = await community()
    const res = await publish(c, c.staff.token, { ...RESULT, publicityWorkingDays: 7 })
    // Tue 1 Dec + 7 working days: 2, 3, 4, 7, 8, 9, 10 Dec.
    expect(((await res.json()) as OutcomeView).result?.publicity).toMatchObject({ workingDays: 7, endsOn: '2026-12-10' })
  })
})

describe('异议', () => {
  it('by residents of the community, once each, only inside the 公示; nothing recorded when refused', async () => {
    const c = await community()
    const other = await community()
    expect(await errorCode(await object(c, c.proposer.token))).toBe('OUTCOME_NOT_FOUND')
    expect((await publish(c, c.staff.token)).status).toBe(201)
    expect(await errorCode(await object(c, other.proposer.token))).toBe('FORBIDDEN')
    expect(await errorCode(await object(c, c.proposer.token, '太陡'))).toBe('VALIDATION_FAILED')
    expect(await errorCode(await object(c, c.proposer.token, '坡道\u0000太陡了请放缓'))).toBe('VALIDATION_FAILED')
    const first = await object(c, c.proposer.token, undefined, 'objection-1')
    expect(first.status).toBe(201)
    const shown = (await first.json()) as { authorName: string; mine: boolean; answer: null }
    expect(shown).toMatchObject({ authorName: '王*兰', mine: true, answer: null })
    // The same tap again answers the same; a new one is refused.
    expect((await object(c, c.proposer.token, undefined, 'objection-1')).status).toBe(201)
    const second = await object(c, c.proposer.token, '我再补充一点：扶手要做两侧的。')
    expect(second.status).toBe(409)
    expect(await errorCode(second)).toBe('ALREADY_OBJECTED')
    expect((await view(c)).result).toMatchObject({ objectionCount: 1, objectionsOpen: 1 })
    expect((await view(c, c.proposer.token)).me).toMatchObject({ objected: true, canObject: false })
  })

  it('ten residents objecting at once are all counted open', async () => {
    const c = await community()
    expect((await publish(c, c.staff.token)).status).toBe(201)
    const neighbours = await Promise.all(Array.from({ length: 10 }, (_, i) => person(c.communityId, `邻居${i}`)))
    const answers = await Promise.all(neighbours.map((n) => object(c, n.token)))
    expect(answers.map((r) => r.status)).toEqual(neighbours.map(() => 201))
    expect((await view(c)).result).toMatchObject({ objectionCount: 10, objectionsOpen: 10 })
  })

  it('must each be answered before implementation starts; the answer is public and the objector told', async () => {
    const c = await community()
    expect((await publish(c, c.staff.token)).status).toBe(201)
    expect((await object(c, c.proposer.token)).status).toBe(201)
    const early = await start(c, c.staff.token)
    expect(early.status).toBe(409)
    expect(await errorCode(early)).toBe('PUBLICITY_NOT_ENDED')
    ctx.setNow(AFTER_PUBLICITY)
    const unanswered = await start(c, c.staff.token)
    expect(await errorCode(unanswered)).toBe('OBJECTIONS_UNANSWERED')
    expect((await view(c, c.staff.token)).staff).toMatchObject({ canStart: false, startBlockedBy: '还有 1 条异议未答复' })
    expect((await view(c)).state).toBe('resolved')

    const page = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}/objections`)).json()) as { items: { id: string }[] }
    const id = page.items[0]?.id ?? ''
    const byResident = await ctx.request(`/api/v1/staff/consultation/objections/${id}/answer`, { method: 'POST', token: c.proposer.token, json: { answer: '好' } })
    expect(byResident.status).toBe(403)
    await answerAll(c)
    const twice = await ctx.request(`/api/v1/staff/consultation/objections/${id}/answer`, { method: 'POST', token: c.staff.token, json: { answer: '再答一次' } })
    expect(await errorCode(twice)).toBe('OBJECTION_ANSWERED')
    const listed = (await (await ctx.request(`/api/v1/consultation/topics/${c.topicId}/objections`)).json()) as { items: { answer: string | null; authorName: string }[] }
    expect(listed.items).toEqual([expect.objectContaining({ authorName: '王*兰', answer: '已请设计单位把坡度放缓到 1:12。' })])
    expect(await recipients(c, 'objection_answered')).toEqual([c.proposer.id])

    const started = await start(c, c.staff.token)
    expect(started.status).toBe(200)
    expect(((await started.json()) as OutcomeView).state).toBe('implementing')
  })

  it('two staff answering the same objection at once: one answer counts, the other is refused', async () => {
    const c = await community()
    const colleague = await person(c.communityId, '陈红', { role: 'staff', communityId: c.communityId })
    expect((await publish(c, c.staff.token)).status).toBe(201)
    const raised = (await (await object(c, c.proposer.token)).json()) as { id: string }
    const answer = (token: string, text: string) => ctx.request(`/api/v1/staff/consultation/objections/${raised.id}/answer`, { method: 'POST', token, json: { answer: text } })
    const answers = await Promise.all([answer(c.staff.token, '答复一'), answer(colleague.token, '答复二')])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
    expect((await view(c)).result).toMatchObject({ objectionCount: 1, objectionsOpen: 0 })
    expect(await recipients(c, 'objection_answered')).toEqual([c.proposer.id])
  })

  it('a result not adopted is not implemented', async () => {
    const c = await community()
    expect((await publish(c, c.staff.token, { ...RESULT, adopted: false, reason: '预算不足，明年再议' })).status).toBe(201)
    ctx.setNow(AFTER_PUBLICITY)
    expect(await errorCode(await start(c, c.staff.token))).toBe('OUTCOME_NOT_ADOPTED')
  })
})

describe('落实', () => {
  it('staff report progress; going back needs a reason; each update reaches the followers; 100 % makes it 已落实', async () => {
    const c = await implementing()
    expect(await recipients(c, 'implementation_updated')).toEqual([c.proposer.id, c.opiner.id, c.supporter.id].sort())
    expect((await update(c, c.proposer.token, { statusText: '开工', progress: 10 })).status).toBe(403)
    expect(await errorCode(await start(c, c.staff.token))).toBe('TOPIC_MOVE_NOT_ALLOWED')

    const first = await update(c, c.staff.token, { statusText: '施工图已确认，材料进场', progress: 40, milestones: [{ title: '施工图确认', done: true }, { title: '坡道完工', done: false }] })
    expect(first.status).toBe(201)
    expect(((await first.json()) as OutcomeView).implementation).toMatchObject({ progress: 40, responsibleUnit: '桂花物业', dueOn: '2026-12-31' })

    const backwards = await update(c, c.staff.token, { statusText: '返工', progress: 30 })
    expect(backwards.status).toBe(400)
    const fields = ((await backwards.json()) as { error: { fields: { path: string }[] } }).error.fields
    expect(fields.map((f) => f.path)).toEqual(['reason'])
    expect((await view(c)).updates).toHaveLength(2)

    const explained = await update(c, c.staff.token, { statusText: '扶手返工', progress: 30, reason: '扶手高度不符合规范，拆除重装' })
    expect(explained.status).toBe(201)
    expect(((await explained.json()) as OutcomeView).updates[0]).toMatchObject({ progress: 30, reason: '扶手高度不符合规范，拆除重装' })

    const notYet = await complete(c, c.staff.token)
    expect(notYet.status).toBe(409)
    expect(await errorCode(notYet)).toBe('IMPLEMENTATION_INCOMPLETE')
    expect(await errorCode(await update(c, c.staff.token, { statusText: '延期', progress: 50, dueOn: '2026-11-30' }))).toBe('VALIDATION_FAILED')
    expect((await update(c, c.staff.token, { statusText: '坡道完工验收', progress: 100, milestones: [{ title: '施工图确认', done: true }, { title: '坡道完工', done: true }] })).status).toBe(201)
    expect((await view(c, c.staff.token)).staff.canComplete).toBe(true)
    expect(await recipients(c, 'implementation_updated')).toHaveLength(3 * 4)

    const done = await complete(c, c.staff.token)
    expect(done.status).toBe(200)
    expect(((await done.json()) as OutcomeView).state).toBe('implemented')
    expect(await recipients(c, 'implementation_done')).toEqual([c.proposer.id, c.opiner.id, c.supporter.id].sort())
    expect(await errorCode(await update(c, c.staff.token, { statusText: '再更新', progress: 100 }))).toBe('NOT_IMPLEMENTING')
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', c.topicId).execute()
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['topic.implementing', 'implementation.updated', 'topic.implemented']))
  })
})

describe('评议', () => {
  it('by those who took part, once each, only when 已落实; the counts show on the topic', async () => {
    const c = await implementing()
    const early = await rate(c, c.proposer.token)
    expect(early.status).toBe(409)
    expect(await errorCode(early)).toBe('NOT_IMPLEMENTED')
    expect((await update(c, c.staff.token, { statusText: '完工', progress: 100, milestones: [{ title: '施工图确认', done: true }, { title: '坡道完工', done: true }] })).status).toBe(201)
    expect((await complete(c, c.staff.token)).status).toBe(200)

    const stranger = await rate(c, c.bystander.token)
    expect(stranger.status).toBe(403)
    expect(await errorCode(stranger)).toBe('NOT_A_PARTICIPANT')
    const other = await community()
    expect(await errorCode(await rate(c, other.proposer.token))).toBe('NOT_A_PARTICIPANT')
    expect((await view(c, c.bystander.token)).me.canRate).toBe(false)
    expect((await view(c, c.proposer.token)).me.canRate).toBe(true)

    expect((await rate(c, c.proposer.token, 5)).status).toBe(201)
    expect((await rate(c, c.supporter.token, 2)).status).toBe(201)
    const again = await rate(c, c.proposer.token, 1)
    expect(again.status).toBe(409)
    expect(await errorCode(again)).toBe('ALREADY_EVALUATED')
    const shown = await view(c, c.proposer.token)
    expect(shown.ratings.total).toBe(2)
    expect(shown.ratings.levels).toEqual([
      { level: 5, count: 1 },
      { level: 4, count: 0 },
      { level: 3, count: 0 },
      { level: 2, count: 1 },
      { level: 1, count: 0 },
    ])
    expect(shown.me).toMatchObject({ ratedLevel: 5, canRate: false })
  })
})

describe('overdue implementation', () => {
  it('is listed for the street admin of its street, not another street’s, and noticed once by the job', async () => {
    const c = await implementing()
    const admin = await person(c.communityId, '街道刘', { role: 'street_admin', streetId })
    const elsewhere = await person(c.communityId, '别的街道', { role: 'street_admin', streetId: (await createStreet(ctx.db, '荷花街道')).id })
    const list = async (token: string) => {
      const res = await ctx.request('/api/v1/staff/consultation/overdue-implementations', { token })
      expect(res.status).toBe(200)
      return ((await res.json()) as { items: { topicId: string; dueOn: string; responsibleUnit: string }[] }).items.filter((i) => i.topicId === c.topicId)
    }
    expect(await list(admin.token)).toEqual([])
    // Due Thu 31 Dec: overdue from midnight in Shanghai, 1 Jan 2027.
    ctx.setNow(new Date('2026-12-31T15:59:00Z'))
    expect(await list(admin.token)).toEqual([])
    const after = new Date('2026-12-31T16:01:00Z')
    ctx.setNow(after)
    expect(await list(admin.token)).toEqual([expect.objectContaining({ dueOn: '2026-12-31', responsibleUnit: '桂花物业' })])
    expect(await list(c.staff.token)).toHaveLength(1)
    expect(await list(elsewhere.token)).toEqual([])
    expect((await ctx.request('/api/v1/staff/consultation/overdue-implementations', { token: c.proposer.token })).status).toBe(403)
    expect((await view(c)).implementation?.overdue).toBe(true)

    expect(await noticeOverdue(ctx.db, after)).toBeGreaterThanOrEqual(1)
    expect(await noticeOverdue(ctx.db, new Date(after.getTime() + HOUR_MS))).toBe(0)
    const noticed = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', c.topicId).where('action', '=', 'implementation.overdue').execute()
    expect(noticed).toHaveLength(1)
  })
})

describe('the printable 公示', () => {
  it('carries the result, the period and a QR code of the topic’s H5 page', async () => {
    const c = await community()
    expect((await ctx.request(`/api/v1/consultation/topics/${c.topicId}/publicity-notice`)).status).toBe(404)
    expect((await publish(c, c.staff.token)).status).toBe(201)
    const res = await ctx.request(`/api/v1/consultation/topics/${c.topicId}/publicity-notice`)
    expect(res.status).toBe(200)
    const notice = (await res.json()) as { topicUrl: string; qrCode: string; publicity: { endsOn: string }; summary: string; publishedOn: string }
    expect(notice).toMatchObject({ summary: RESULT.summary, publishedOn: '2026-12-01', publicity: { endsOn: '2026-12-08' } })
    expect(notice.topicUrl).toBe(`http://localhost/#/packages/consultation/pages/topic/index?id=${c.topicId}`)
    expect(notice.qrCode.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(notice.qrCode.split(',')[1] ?? '', 'base64').toString()).toContain('<svg')
  })
})
