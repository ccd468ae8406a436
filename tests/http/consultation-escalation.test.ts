import { seedDemoEscalations } from '../../bff/src/demo/consultation-oversight'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
/** 10:00 on 2026-12-01 in Shanghai. */
const NOW = new Date('2026-12-01T02:00:00Z')

let communityId: string
let categoryId: string
let staff: string
let otherStaff: string
let streetAdmin: string
let otherStreetAdmin: string
let proposer: { id: string; token: string }
let supporter: { id: string; token: string }

interface EscalationBody {
  id: string
  topicId: string
  topicTitle: string
  communityName: string
  reason: string
  dueDate: string
  status: 'waiting' | 'overdue' | 'answered'
  answer: string | null
  answeredAtLocal: { date: string; time: string } | null
}

async function resident(name: string) {
  const user = await createUser(ctx.db, { communityId, name })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** A topic raised and supported by a neighbour, then put in `state` directly (the moves that lead there are consultation-topics' tests). */
async function topicIn(state: 'collecting' | 'deliberating' | 'implemented', title = '修缮小区外市政道路') {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token: proposer.token,
    json: { communityId, categoryId, title, description: '小区东侧市政道路坑洼，雨天积水，需要街道协调市政部门修缮。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  expect((await ctx.request(`/api/v1/consultation/topics/${id}/supports`, { method: 'POST', token: supporter.token })).status).toBe(200)
  await ctx.db.updateTable('consultation_topic').set({ state }).where('id', '=', id).execute()
  return id
}

const escalate = (topicId: string, token: string, json: Record<string, unknown>, key?: string) =>
  ctx.request(`/api/v1/staff/consultation/topics/${topicId}/escalations`, { method: 'POST', token, json, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) })
const answer = (id: string, token: string, text: string) => ctx.request(`/api/v1/street/consultation/escalations/${id}/answer`, { method: 'POST', token, json: { answer: text } })
async function streetList(token: string, query = '') {
  const res = await ctx.request(`/api/v1/street/consultation/escalations${query}`, { token })
  expect(res.status).toBe(200)
  return (await res.json()) as { items: EscalationBody[]; nextCursor: string | null }
}
async function onTopic(topicId: string, token?: string) {
  const res = await ctx.request(`/api/v1/consultation/topics/${topicId}/escalations`, token ? { token } : {})
  expect(res.status).toBe(200)
  return (await res.json()) as { items: EscalationBody[]; canEscalate: boolean; canAnswer: boolean }
}
async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}
const escalationsOf = (topicId: string) => ctx.db.selectFrom('consultation_escalation').selectAll().where('topic_id', '=', topicId).execute()

beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db, '桂花街道')
  const otherStreet = await createStreet(ctx.db, '荷花街道')
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  const neighbourCommunity = (await createCommunity(ctx.db, { streetId: street.id, name: '兰花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: neighbourCommunity } })).id, FAR)
  streetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: street.id } })).id, FAR)
  otherStreetAdmin = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'street_admin', streetId: otherStreet.id } })).id, FAR)
  proposer = await resident('王秀兰')
  supporter = await resident('张建国')
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
})

afterEach(() => ctx.setNow(NOW))

describe('上报街道 (escalation)', () => {
  it('staff send a topic to the street; the street admin answers; the answer is on the topic and its followers are told', async () => {
    const topicId = await topicIn('deliberating')
    expect((await onTopic(topicId, staff)).canEscalate).toBe(true)
    expect((await onTopic(topicId, proposer.token)).canEscalate).toBe(false)

    const sent = await escalate(topicId, staff, { reason: '道路属市政管理，超出社区权限', dueDate: '2026-12-10' }, 'esc-1')
    expect(sent.status).toBe(201)
    const escalation = (await sent.json()) as EscalationBody
    expect(escalation).toMatchObject({ topicId, status: 'waiting', dueDate: '2026-12-10', communityName: '桂花社区', answer: null })
    // A retry of the same tap answers the same and records nothing more.
    const replay = await escalate(topicId, staff, { reason: '道路属市政管理，超出社区权限', dueDate: '2026-12-10' }, 'esc-1')
    expect(replay.status).toBe(201)
    expect(((await replay.json()) as EscalationBody).id).toBe(escalation.id)
    expect(await escalationsOf(topicId)).toHaveLength(1)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', escalation.id).execute()
    expect(audit.map((a) => a.action)).toEqual(['topic.escalated'])

    // The street's list has it; another street's does not; only its street may answer.
    expect((await streetList(streetAdmin)).items.map((e) => e.id)).toContain(escalation.id)
    expect((await streetList(otherStreetAdmin)).items).toEqual([])
    const wrongStreet = await answer(escalation.id, otherStreetAdmin, '请按程序办理')
    expect(wrongStreet.status).toBe(403)
    expect((await errorOf(wrongStreet)).code).toBe('ESCALATION_OTHER_STREET')
    expect((await answer(escalation.id, staff, '社区自己答复')).status).toBe(403)
    expect((await onTopic(topicId, streetAdmin)).canAnswer).toBe(true)

    const answered = await answer(escalation.id, streetAdmin, '已协调区市政所，12月20日前完成修补。')
    expect(answered.status).toBe(200)
    expect((await answered.json()) as EscalationBody).toMatchObject({ status: 'answered', answer: '已协调区市政所，12月20日前完成修补。', answeredAtLocal: { date: '2026-12-01', time: '10:00' } })
    const again = await answer(escalation.id, streetAdmin, '再答复一次')
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('ESCALATION_ANSWERED')

    // Published for everyone, signed in or not.
    const published = await onTopic(topicId)
    expect(published.items).toHaveLength(1)
    expect(published.items[0]).toMatchObject({ status: 'answered', answer: '已协调区市政所，12月20日前完成修补。', reason: '道路属市政管理，超出社区权限' })
    // The proposer and the neighbour who supported it are told, once each.
    const inbox = await ctx.db.selectFrom('inbox_message').select(['user_id', 'payload']).where('kind', '=', 'escalation_answered').execute()
    expect(inbox.map((m) => m.user_id).sort()).toEqual([proposer.id, supporter.id].sort())
    expect(JSON.stringify(inbox[0]?.payload)).toContain(topicId)
    const answerAudit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', escalation.id).orderBy('id').execute()
    expect(answerAudit.map((a) => a.action)).toEqual(['topic.escalated', 'topic.escalation_answered'])
    // Answered, it may be sent again (a new question to the street).
    expect((await onTopic(topicId, staff)).canEscalate).toBe(true)
  })

  it('refuses, with nothing recorded: not staff of the community, a state outside 已立项–落实中, a due day in the past, a second while one waits', async () => {
    const topicId = await topicIn('deliberating', '协调小区外公交站点设置')
    const body = { reason: '公交线路由区交通局决定', dueDate: '2026-12-15' }
    expect((await escalate(topicId, proposer.token, body)).status).toBe(403)
    const other = await escalate(topicId, otherStaff, body)
    expect(other.status).toBe(403)
    expect((await errorOf(other)).code).toBe('FORBIDDEN')

    const past = await escalate(topicId, staff, { ...body, dueDate: '2026-11-30' })
    expect(past.status).toBe(400)
    expect((await errorOf(past)).code).toBe('ESCALATION_DUE_PAST')
    expect((await escalate(topicId, staff, { ...body, reason: '短' })).status).toBe(400)
    expect((await escalate(topicId, staff, { ...body, dueDate: '2026-13-01' })).status).toBe(400)

    const collecting = await topicIn('collecting', '征集中的议题不能上报')
    const early = await escalate(collecting, staff, body)
    expect(early.status).toBe(409)
    expect((await errorOf(early)).code).toBe('ESCALATION_STATE')
    const done = await topicIn('implemented', '已落实的议题不能上报')
    expect((await errorOf(await escalate(done, staff, body))).code).toBe('ESCALATION_STATE')
    expect(await escalationsOf(topicId)).toEqual([])
    expect(await escalationsOf(collecting)).toEqual([])

    // Today is accepted; then a second one while it waits is refused.
    expect((await escalate(topicId, staff, { ...body, dueDate: '2026-12-01' })).status).toBe(201)
    const twice = await escalate(topicId, staff, body)
    expect(twice.status).toBe(409)
    expect((await errorOf(twice)).code).toBe('ESCALATION_OPEN')
    expect(await escalationsOf(topicId)).toHaveLength(1)
  })

  it('of two sendings at once, one is recorded', async () => {
    const topicId = await topicIn('deliberating', '两位工作人员同时上报')
    const both = await Promise.all([
      escalate(topicId, staff, { reason: '超出社区权限，请街道协调', dueDate: '2026-12-20' }),
      escalate(topicId, staff, { reason: '超出社区权限，请街道统筹', dueDate: '2026-12-21' }),
    ])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await escalationsOf(topicId)).toHaveLength(1)
  })

  it("the street's list puts the overdue first, pages by cursor, and shows answered ones apart", async () => {
    const late = await topicIn('deliberating', '早到期的上报事项')
    const soon = await topicIn('deliberating', '晚到期的上报事项')
    expect((await escalate(soon, staff, { reason: '需要街道统筹解决', dueDate: '2026-12-25' })).status).toBe(201)
    expect((await escalate(late, staff, { reason: '需要街道统筹解决', dueDate: '2026-12-03' })).status).toBe(201)
    // Two days after its due day, on the community's clock.
    ctx.setNow(new Date('2026-12-05T02:00:00Z'))
    const all = await streetList(streetAdmin, '?limit=50')
    const dues = all.items.map((e) => e.dueDate)
    expect(dues).toEqual([...dues].sort())
    const first = all.items.find((e) => e.topicId === late)
    expect(first?.status).toBe('overdue')
    expect(all.items.find((e) => e.topicId === soon)?.status).toBe('waiting')
    expect(all.items.every((e) => e.status !== 'answered')).toBe(true)

    const page1 = await streetList(streetAdmin, '?limit=1')
    expect(page1.items).toHaveLength(1)
    expect(page1.nextCursor).not.toBeNull()
    const page2 = await streetList(streetAdmin, `?limit=50&cursor=${page1.nextCursor}`)
    expect([...page1.items, ...page2.items].map((e) => e.id)).toEqual(all.items.map((e) => e.id))

    const answered = await streetList(streetAdmin, '?status=answered')
    expect(answered.items.length).toBeGreaterThan(0)
    expect(answered.items.every((e) => e.status === 'answered')).toBe(true)
    expect((await ctx.request('/api/v1/street/consultation/escalations', { token: staff })).status).toBe(403)
  })

  it('the demo seed sends two open topics once: one answered, one overdue', async () => {
    const demo = await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db, '演示街道')).id, name: '演示社区' })
    const elder = await createUser(ctx.db, { communityId: demo.id, name: '王秀兰' })
    const desk = await createUser(ctx.db, { grant: { role: 'staff', communityId: demo.id } })
    const admin = await createUser(ctx.db, { grant: { role: 'street_admin', streetId: (await ctx.db.selectFrom('community').select('street_id').where('id', '=', demo.id).executeTakeFirstOrThrow()).street_id } })
    for (const [id, persona] of [[elder.id, 'elder'], [desk.id, 'staff'], [admin.id, 'street_admin']] as const) {
      await ctx.db.updateTable('app_user').set({ demo_persona: persona }).where('id', '=', id).execute()
    }
    for (const title of ['演示议题一：市政道路', '演示议题二：街道经费']) {
      await ctx.db
        .insertInto('consultation_topic')
        .values({ community_id: demo.id, category_id: categoryId, proposer_user_id: elder.id, title, description: '演示数据', links: [], state: 'deliberating', state_reason: null, threshold: 20, expires_at: FAR })
        .execute()
    }
    await seedDemoEscalations(ctx.db, NOW)
    await seedDemoEscalations(ctx.db, NOW)
    const rows = await ctx.db.selectFrom('consultation_escalation').select(['answer', 'due_date']).where('community_id', '=', demo.id).execute()
    expect(rows).toHaveLength(2)
    expect(rows.filter((r) => r.answer !== null)).toHaveLength(1)
    expect(rows.every((r) => r.due_date < '2026-12-01')).toBe(true)
  })
})
