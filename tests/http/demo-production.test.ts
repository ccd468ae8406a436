import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { useTestContext } from '../support/context'
import { seedDemo } from '../../bff/src/demo/seed'

describe('demo login in production', () => {
  const ctx = useTestContext({ config: { env: 'production', demoLogin: false } })

  beforeAll(async () => {
    // Even with persona rows present, production must not hand out their sessions.
    await seedDemo(ctx.db, ctx.deps.cipher)
  })

  it('refuses the demo login and hides the personas with DEMO_DISABLED', async () => {
    const login = await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona: 'elder' } })
    expect(login.status).toBe(403)
    expect((await login.json()).error).toEqual({ code: 'DEMO_DISABLED', message: '演示登录在正式环境不可用' })
    const personas = await ctx.request('/api/v1/auth/demo-personas')
    expect(personas.status).toBe(403)
  })
})

describe('demo login in development', () => {
  const ctx = useTestContext()

  beforeAll(async () => {
    await seedDemo(ctx.db, ctx.deps.cipher)
  })

  it('logs in as each persona with the role it stands for', async () => {
    const roles: Record<string, string[]> = {}
    for (const persona of ['elder', 'parent', 'staff', 'lawyer', 'volunteer', 'street_admin']) {
      const res = await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona, privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
      expect(res.status).toBe(200)
      roles[persona] = (await res.json()).me.roles.map((r: { role: string }) => r.role)
    }
    expect(roles).toEqual({
      elder: ['resident'],
      parent: ['resident'],
      staff: ['resident', 'staff'],
      lawyer: ['resident', 'provider'],
      volunteer: ['resident', 'volunteer'],
      street_admin: ['resident', 'street_admin'],
    })
  })
})
