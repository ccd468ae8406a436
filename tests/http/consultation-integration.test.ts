import { OpinionPageSchema, OpinionSchema } from '@linli/shared'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

/** Where two features of issue 11 meet: 附议 on a 草稿, and the 代办 mark on opinions. */
const ctx = useTestContext()
const FAR = new Date('2030-01-01')
const NOW = new Date('2026-12-01T02:00:00Z')
const REASON = '老人无智能手机，本人到场口述'

let communityId: string
let categoryId: string
let staff: string
let gridWorker: string
let resident: { id: string; token: string }
let proposer: string

async function person(name: string, birthDate: string | null = null) {
  const user = await createUser(ctx.db, { communityId, name, birthDate })
  return { id: user.id, token: await sessionFor(ctx.db, user.id, FAR) }
}

/** A topic proposed by a resident and then put in `state` (the way the other consultation tests do). */
async function topicIn(state: 'draft' | 'deliberating') {
  const res = await ctx.request('/api/v1/consultation/topics', {
    method: 'POST',
    token: proposer,
    json: { communityId, categoryId, title: '小区东门加装无障碍坡道', description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装坡道。' },
  })
  expect(res.status).toBe(201)
  const { id } = (await res.json()) as { id: string }
  await ctx.db.updateTable('consultation_topic').set({ state }).where('id', '=', id).execute()
  return id
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

beforeAll(async () => {
  ctx.setNow(NOW)
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '桂花社区' })).id
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张丽', communityId, grant: { role: 'staff', communityId } })).id, FAR)
  gridWorker = await sessionFor(ctx.db, (await createUser(ctx.db, { name: '张建华', communityId, grant: { role: 'grid_worker', communityId } })).id, FAR)
  resident = await person('李秀英')
  proposer = (await person('陈志明')).token
  const categories = (await (await ctx.request(`/api/v1/communities/${communityId}/consultation-categories`)).json()) as { items: { id: string }[] }
  categoryId = categories.items[0]?.id ?? ''
})

beforeEach(() => ctx.setNow(NOW))

describe('附议 on a 草稿', () => {
  it('answers 404 TOPIC_NOT_FOUND to a resident, to the community staff and to a 网格员 doing 代办, and records nothing', async () => {
    const draftId = await topicIn('draft')
    for (const token of [resident.token, staff]) {
      const res = await ctx.request(`/api/v1/consultation/topics/${draftId}/supports`, { method: 'POST', token })
      expect(res.status).toBe(404)
      expect(await errorOf(res)).toMatchObject({ code: 'TOPIC_NOT_FOUND', message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
    }
    const elder = await person('王秀兰', '1948-03-15')
    const assisted = await ctx.request(`/api/v1/consultation/topics/${draftId}/assisted-acts`, {
      method: 'POST',
      token: gridWorker,
      json: { resident: { name: '王秀兰', birthDate: '1948-03-15' }, act: { kind: 'support' }, reason: REASON },
    })
    expect(assisted.status).toBe(404)
    expect((await errorOf(assisted)).code).toBe('TOPIC_NOT_FOUND')

    // The same answer as a topic that does not exist: the 404 tells nothing about the draft.
    const missing = await ctx.request('/api/v1/consultation/topics/00000000-0000-4000-8000-000000000000/supports', { method: 'POST', token: resident.token })
    expect(missing.status).toBe(404)
    expect((await errorOf(missing)).code).toBe('TOPIC_NOT_FOUND')

    const topic = await ctx.db.selectFrom('consultation_topic').select(['support_count', 'state']).where('id', '=', draftId).executeTakeFirstOrThrow()
    expect(topic).toEqual({ support_count: 0, state: 'draft' })
    expect(await ctx.db.selectFrom('consultation_support').select('user_id').where('topic_id', '=', draftId).execute()).toEqual([])
    expect(await ctx.db.selectFrom('consultation_assist').select('id').where('topic_id', '=', draftId).execute()).toEqual([])
    expect(await ctx.db.selectFrom('consultation_support').select('user_id').where('user_id', '=', elder.id).execute()).toEqual([])
  })
})

describe('the 代办 mark on opinions', () => {
  it('is null on her own opinion and names the helper (masked) on one given by 代办, in the list and the post answer', async () => {
    const topicId = await topicIn('deliberating')
    const own = await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`, { method: 'POST', token: resident.token, json: { stance: 'oppose', body: '坡道会占用人行道，建议改在侧门' } })
    expect(own.status).toBe(201)
    const posted = OpinionSchema.parse(await own.json())
    expect(posted.assisted).toBeNull()

    await person('赵淑芝', '1946-05-20')
    const assisted = await ctx.request(`/api/v1/consultation/topics/${topicId}/assisted-acts`, {
      method: 'POST',
      token: gridWorker,
      json: { resident: { name: '赵淑芝', birthDate: '1946-05-20' }, act: { kind: 'opinion', stance: 'support', body: '赞成加装坡道，我推轮椅出门太难了' }, reason: REASON },
    })
    expect(assisted.status).toBe(201)

    const page = OpinionPageSchema.parse(await (await ctx.request(`/api/v1/consultation/topics/${topicId}/opinions`)).json())
    const byBody = new Map(page.items.map((o) => [o.body, o]))
    expect(byBody.get('坡道会占用人行道，建议改在侧门')).toMatchObject({ authorName: '李*英', assisted: null })
    expect(byBody.get('赞成加装坡道，我推轮椅出门太难了')).toMatchObject({ authorName: '赵*芝', assisted: { helperRole: 'grid_worker', helperName: '张*华' } })
  })
})
