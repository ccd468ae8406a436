import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemoOutcomes } from '../../bff/src/demo/consultation-outcomes'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'
import { sessionFor } from '../support/factories'

const ctx = useTestContext()
const NOW = new Date('2026-12-01T02:00:00Z')

interface Topic {
  id: string
  title: string
  state: string
}
interface OutcomeView {
  result: null | { publicity: { open: boolean }; objectionCount: number; objectionsOpen: number }
  implementation: null | { progress: number; overdue: boolean; doneAtLocal: unknown }
  updates: unknown[]
  ratings: { total: number }
}

describe('协商结果演示数据', () => {
  let topics: Topic[] = []

  beforeAll(async () => {
    ctx.setNow(NOW)
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoConsultation(ctx.db, ctx.deps.cipher, NOW)
    await seedDemoOutcomes(ctx.db, NOW)
    const elder = await ctx.db.selectFrom('app_user').select('community_id').where('demo_persona', '=', 'elder').executeTakeFirstOrThrow()
    topics = ((await (await ctx.request(`/api/v1/communities/${elder.community_id}/topics?limit=50`)).json()) as { items: Topic[] }).items
  })
  afterAll(() => ctx.setNow(null))

  const outcomeOf = async (state: string) => {
    const topic = topics.find((t) => t.state === state)
    if (!topic) throw new Error(`no ${state} topic`)
    const res = await ctx.request(`/api/v1/consultation/topics/${topic.id}/outcome`)
    expect(res.status).toBe(200)
    return (await res.json()) as OutcomeView
  }

  it('gives 已形成结果 a result in 公示 with an answered objection, 落实中 an overdue implementation, 已落实 its 评议', async () => {
    expect((await outcomeOf('resolved')).result).toMatchObject({ publicity: { open: true }, objectionCount: 1, objectionsOpen: 0 })
    const implementing = await outcomeOf('implementing')
    expect(implementing.implementation).toMatchObject({ progress: 60, overdue: true, doneAtLocal: null })
    expect(implementing.updates).toHaveLength(3)
    const implemented = await outcomeOf('implemented')
    expect(implemented.implementation?.progress).toBe(100)
    expect(implemented.ratings.total).toBeGreaterThan(0)
  })

  it('lists the overdue one for the street admin, and a second run writes nothing', async () => {
    const admin = await ctx.db.selectFrom('app_user').select('id').where('demo_persona', '=', 'street_admin').executeTakeFirstOrThrow()
    const res = await ctx.request('/api/v1/staff/consultation/overdue-implementations', { token: await sessionFor(ctx.db, admin.id) })
    expect(((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toContain('助老食堂增加周六午餐')
    const before = await ctx.db.selectFrom('consultation_implementation_update').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    await seedDemoOutcomes(ctx.db, NOW)
    const after = await ctx.db.selectFrom('consultation_implementation_update').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })
})
