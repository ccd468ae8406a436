import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')
let communityId: string
let staff: string
let otherStaff: string

beforeAll(async () => {
  ctx.setNow(new Date('2026-11-23T00:00:00Z'))
  const street = await createStreet(ctx.db)
  communityId = (await createCommunity(ctx.db, { streetId: street.id })).id
  const other = await createCommunity(ctx.db, { streetId: street.id })
  staff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId } })).id, FAR)
  otherStaff = await sessionFor(ctx.db, (await createUser(ctx.db, { grant: { role: 'staff', communityId: other.id } })).id, FAR)
})

const SURVEY = {
  title: '2026年社区服务满意度调查',
  questions: [
    { id: 'meal', kind: 'scale', label: '您对老年助餐的满意程度' },
    { id: 'legal', kind: 'scale', label: '您对法律咨询的满意程度' },
    { id: 'advice', kind: 'text', label: '您对社区服务的建议' },
  ],
  opensOn: '2026-11-20',
  closesOn: '2026-11-30',
}

describe('满意度调查', () => {
  it('is published by staff, answered once per resident while open, and aggregated per question', async () => {
    expect((await ctx.request('/api/v1/staff/surveys', { method: 'POST', token: otherStaff, json: { ...SURVEY, communityId } })).status).toBe(403)
    const bad = await ctx.request('/api/v1/staff/surveys', { method: 'POST', token: staff, json: { ...SURVEY, communityId, closesOn: '2026-11-01' } })
    expect((await bad.json()).error.fields[0].path).toBe('closesOn')
    const created = await ctx.request('/api/v1/staff/surveys', { method: 'POST', token: staff, json: { ...SURVEY, communityId } })
    expect(created.status).toBe(201)
    const survey = await created.json()
    expect(survey).toMatchObject({ open: true, responses: 0 })

    const answers = [
      { meal: 5, legal: 4, advice: '希望增加晚餐' },
      { meal: 4, legal: 2 },
      { meal: 3, legal: 4, advice: '律师坐班时间太少' },
    ]
    for (const [i, a] of answers.entries()) {
      const user = await createUser(ctx.db, { communityId, name: `居民${i}` })
      const token = await sessionFor(ctx.db, user.id, FAR)
      const res = await ctx.request(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', token, json: { answers: a } })
      expect(res.status).toBe(201)
      expect((await res.json()).answered).toBe(true)
      // Each resident answers once: a second try is refused.
      const twice = await ctx.request(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', token, json: { answers: a } })
      expect((await twice.json()).error.code).toBe('ALREADY_ANSWERED')
    }
    const user = await createUser(ctx.db, { communityId })
    const token = await sessionFor(ctx.db, user.id, FAR)
    const missing = await ctx.request(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', token, json: { answers: { meal: 5 } } })
    expect((await missing.json()).error.fields).toEqual([{ path: 'answers.legal', message: '请为「您对法律咨询的满意程度」打分' }])
    const outOfRange = await ctx.request(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', token, json: { answers: { meal: 9, legal: 1 } } })
    expect(outOfRange.status).toBe(400)

    const results = await (await ctx.request(`/api/v1/surveys/${survey.id}/results`)).json()
    expect(results.responses).toBe(3)
    const [meal, legal, advice] = results.questions
    expect(meal).toMatchObject({ average: 4, distribution: [0, 0, 1, 1, 1] })
    expect(legal.average).toBeCloseTo(10 / 3, 10)
    expect(advice.texts.sort()).toEqual(['希望增加晚餐', '律师坐班时间太少'].sort())

    ctx.setNow(new Date('2026-12-01T00:00:00Z'))
    const closed = await ctx.request(`/api/v1/surveys/${survey.id}/responses`, { method: 'POST', token, json: { answers: { meal: 5, legal: 5 } } })
    expect((await closed.json()).error.code).toBe('SURVEY_CLOSED')
    const list = await (await ctx.request(`/api/v1/communities/${communityId}/surveys`)).json()
    expect(list.items[0]).toMatchObject({ id: survey.id, open: false, responses: 3 })
  })
})
