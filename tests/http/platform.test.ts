import { createApp } from '../../bff/src/app'
import { sealPerson } from '../../bff/src/auth/sealed'
import { createDb } from '../../bff/src/db/database'
import { pruneExpired } from '../../bff/src/platform/prune'
import { useTestContext } from '../support/context'

const ctx = useTestContext()

describe('platform', () => {
  it('reports health after checking the database', async () => {
    const res = await ctx.request('/api/v1/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' })
    expect(res.headers.get('x-request-id')).toEqual(expect.any(String))
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('answers 503 SERVICE_UNAVAILABLE when the database cannot be reached, with no internals', async () => {
    const db = createDb('postgres://nobody:nothing@127.0.0.1:1/none', 1)
    const app = createApp({ ...ctx.deps, db })
    for (const path of ['/api/v1/health', '/api/v1/categories']) {
      const res = await app.request(path)
      expect(res.status).toBe(503)
      const text = await res.text()
      // /health adds its report (database: 'down') beside the error.
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后再试' } })
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /)
    }
    await db.destroy()
  })

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await ctx.request('/api/v1/auth/sms/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone": ',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: '请求格式不正确' } })
  })

  it('answers a missing or non-JSON body with VALIDATION_FAILED', async () => {
    const none = await ctx.request('/api/v1/auth/sms/send', { method: 'POST' })
    expect(none.status).toBe(400)
    expect((await none.json()).error.code).toBe('VALIDATION_FAILED')
    const wrongType = await ctx.request('/api/v1/auth/sms/send', { method: 'POST', json: { phone: 13912345678 } })
    expect((await wrongType.json()).error.fields[0].path).toBe('phone')
  })

  it('answers oversized bodies with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await ctx.request('/api/v1/auth/sms/send', { method: 'POST', json: { phone: 'x'.repeat(100_000) } })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大' } })
  })

  it('answers unknown API paths with NOT_FOUND JSON', async () => {
    const res = await ctx.request('/api/v1/no-such-thing')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('NOT_FOUND')
    expect((await ctx.request('/api/v2/health')).status).toBe(404)
  })

  it('publishes an OpenAPI 3.1 document built from the shared schemas, and a docs page', async () => {
    const doc = await (await ctx.request('/api/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    const list = doc.paths['/api/v1/communities/{communityId}/services'].get
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['communityId', 'category', 'q', 'eligible', 'cursor', 'limit']))
    const sms = doc.paths['/api/v1/auth/sms/send'].post
    expect(sms.requestBody.content['application/json'].schema.properties.phone.pattern).toBe('^1[3-9]\\d{9}$')
    const docs = await ctx.request('/api/docs')
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('swagger-ui-bundle.js')
    expect((await ctx.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200)
  })

  it('keeps the audit log append-only in the database itself', async () => {
    await ctx.db
      .insertInto('audit_log')
      .values({ actor_user_id: null, community_id: null, action: 'test', target_type: 't', target_id: '1', detail: '{}', request_id: null })
      .execute()
    await expect(ctx.db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/)
    await expect(ctx.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
  })
})

describe('housekeeping', () => {
  it('prunes old rate-limit windows and expired idempotency records, keeping current ones', async () => {
    const now = new Date('2026-11-23T00:00:00Z')
    await ctx.db
      .insertInto('rate_limit')
      .values([
        { bucket: 'old', window_start: new Date('2026-11-21T00:00:00Z'), hits: 3 },
        { bucket: 'new', window_start: new Date('2026-11-22T23:00:00Z'), hits: 1 },
      ])
      .execute()
    const user = await ctx.db.insertInto('app_user').values({ ...sealPerson(ctx.deps.cipher, { name: 'x', birthDate: null }), wx_openid: null, phone_hash: null, phone_enc: null, community_id: null, demo_persona: null }).returning('id').executeTakeFirstOrThrow()
    await ctx.db
      .insertInto('idempotency_record')
      .values([
        { user_id: user.id, key: 'old', fingerprint: 'f', response_status: 201, response_body: '{}', expires_at: new Date('2026-11-22T00:00:00Z') },
        { user_id: user.id, key: 'new', fingerprint: 'f', response_status: 201, response_body: '{}', expires_at: new Date('2026-11-24T00:00:00Z') },
      ])
      .execute()
    expect(await pruneExpired(ctx.db, now)).toEqual({ rateLimits: 1, idempotency: 1 })
    expect((await ctx.db.selectFrom('rate_limit').select('bucket').execute()).map((r) => r.bucket)).toContain('new')
    expect((await ctx.db.selectFrom('idempotency_record').select('key').execute()).map((r) => r.key)).toEqual(['new'])
  })
})
