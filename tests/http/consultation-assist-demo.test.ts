import { seedDemoAssist } from '../../bff/src/demo/consultation-assist'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemo } from '../../bff/src/demo/seed'
import { useTestContext } from '../support/context'

const ctx = useTestContext()
const NOW = new Date('2026-12-01T02:00:00Z')

describe('代办 演示数据', () => {
  it('makes the 网格员 persona a 网格员 of 桂花社区 who can log in and act, with yesterday’s 代办 in the daily list, once', async () => {
    ctx.setNow(NOW)
    await seedDemo(ctx.db, ctx.deps.cipher)
    await seedDemoConsultation(ctx.db, ctx.deps.cipher, NOW)
    await seedDemoAssist(ctx.db, ctx.deps.cipher, NOW)
    await seedDemoAssist(ctx.db, ctx.deps.cipher, NOW)

    const login = await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona: 'grid_worker', privacyPolicyVersion: '2026-11' } })
    expect(login.status).toBe(200)
    const { token, me } = (await login.json()) as { token: string; me: { displayName: string; roles: { role: string; communityName: string | null }[] } }
    expect(me.roles).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'grid_worker', communityName: '桂花社区' })]))
    const personas = (await (await ctx.request('/api/v1/auth/demo-personas')).json()) as { items: { id: string; description: string }[] }
    expect(personas.items.find((p) => p.id === 'grid_worker')?.description).toContain('网格员')

    const rows = await ctx.db.selectFrom('consultation_assist').selectAll().execute()
    expect(rows).toHaveLength(1)
    const staff = (await (await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona: 'staff', privacyPolicyVersion: '2026-11' } })).json()) as { token: string }
    const list = await ctx.request(`/api/v1/staff/consultation/assisted-acts?communityId=${rows[0]?.community_id}&date=2026-11-30`, { token: staff.token })
    const items = ((await list.json()) as { items: { residentName: string; helperName: string; reason: string }[] }).items
    expect(items).toEqual([expect.objectContaining({ residentName: '李*英', helperName: '张建华' })])

    // 赵桂芝 is there to try it on: the 网格员 finds her by name and birth date.
    const collecting = (await (await ctx.request(`/api/v1/communities/${rows[0]?.community_id}/topics?state=collecting`)).json()) as { items: { id: string }[] }
    const found = await ctx.request(`/api/v1/consultation/topics/${collecting.items[0]?.id}/assist/lookup`, { method: 'POST', token, json: { resident: { name: '赵桂芝', birthDate: '1944-11-08' } } })
    expect(await found.json()).toEqual({ residentName: '赵*芝', helperRole: 'grid_worker' })
  })
})
