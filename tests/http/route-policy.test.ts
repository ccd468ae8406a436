import { useTestContext } from '../support/context'

const ctx = useTestContext()

/**
 * Deny by default: every /api/v1 route must declare who may call it (defineRoute publishes it as
 * `x-access`). A route added with plain app.get() has no entry and fails here.
 */
describe('route policy', () => {
  it('every API route declares its access policy', async () => {
    const doc = await (await ctx.request('/api/openapi.json')).json()
    const declared = new Map<string, unknown>()
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-access'?: unknown }>>)) {
      for (const [method, op] of Object.entries(ops)) declared.set(`${method.toUpperCase()} ${path}`, op['x-access'])
    }
    const routes = ctx.app.routes
      .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    expect(routes.length).toBeGreaterThan(10)
    const missing = routes.filter((r) => declared.get(r) === undefined)
    expect(missing).toEqual([])
  })

  it('every non-public route refuses an anonymous caller with 401', async () => {
    const doc = await (await ctx.request('/api/openapi.json')).json()
    const uuid = '00000000-0000-4000-8000-000000000000'
    let checked = 0
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-access'?: unknown }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op['x-access'] === 'public') continue
        const verb = method.toUpperCase()
        const res = await ctx.request(path.replace(/\{\w+\}/g, uuid), verb === 'GET' ? {} : { method: verb, json: {} })
        expect([path, res.status]).toEqual([path, 401])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(3)
  })
})
