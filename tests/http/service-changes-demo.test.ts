import { seedDemoServiceChanges } from '../../bff/src/demo/consultation-service-changes'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'

const ctx = useTestContext()

describe('演示数据: 因居民协商调整', () => {
  it('gives 老年助餐·午餐 a version from an adopted 桂花社区 topic, once', async () => {
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoConsultation(ctx.db, ctx.deps.cipher, new Date())
    await seedDemoServiceChanges(ctx.deps)
    await seedDemoServiceChanges(ctx.deps)
    const lunch = await ctx.db.selectFrom('service').select('id').where('code', '=', 'guihua-meal-lunch').executeTakeFirstOrThrow()
    const adopted = await ctx.db.selectFrom('consultation_topic').select('id').where('state', 'in', ['resolved', 'implementing', 'implemented']).execute()
    const versions = await ctx.db.selectFrom('service_version').select(['version', 'topic_id']).where('service_id', '=', lunch.id).execute()
    // Until the demo has an adopted topic (the outcome module's), there is nothing to change.
    expect(versions).toHaveLength(adopted.length > 0 ? 1 : 0)
    const res = await ctx.request(`/api/v1/services/${lunch.id}`)
    const detail = (await res.json()) as { adjustedByConsultation: { topicId: string } | null }
    expect(detail.adjustedByConsultation?.topicId ?? null).toBe(versions[0]?.topic_id ?? null)
  })
})
