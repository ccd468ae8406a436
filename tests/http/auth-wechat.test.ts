import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { createWechatAuthClient } from '../../bff/src/platform/wechat'
import { AppError } from '../../bff/src/http/errors'
import { type FakeWechat, startFakeWechat } from '../support/fake-wechat'
import { useTestContext } from '../support/context'

const APPID = 'wx-test-app'
const SECRET = 'test-secret'
let fake: FakeWechat

beforeAll(async () => {
  fake = await startFakeWechat(APPID, SECRET)
})
afterAll(() => fake.close())

describe('code2session client against a fake WeChat server', () => {
  const client = () => createWechatAuthClient({ apiBase: fake.baseUrl, appid: APPID, secret: SECRET, timeoutMs: 1000 })

  it('sends appid, secret, js_code and grant_type, and returns openid and session_key', async () => {
    const session = await client().code2Session('alice:1')
    expect(session.openid).toBe('openid-alice')
    expect(session.sessionKey).toMatch(/^session-key-/)
    const sent = fake.requests[fake.requests.length - 1]
    expect(sent?.searchParams.get('js_code')).toBe('alice:1')
    expect(sent?.searchParams.get('grant_type')).toBe('authorization_code')
  })

  it.each([
    ['used-1', 'WECHAT_LOGIN_FAILED'],
    ['busy', 'WECHAT_LOGIN_FAILED'],
    ['broken', 'WECHAT_LOGIN_FAILED'],
    ['slow', 'WECHAT_LOGIN_FAILED'],
  ])('turns %s into %s', async (code, expected) => {
    await expect(client().code2Session(code)).rejects.toMatchObject({ code: expected })
  })

  it('fails cleanly with a wrong secret', async () => {
    const wrong = createWechatAuthClient({ apiBase: fake.baseUrl, appid: APPID, secret: 'nope' })
    await expect(wrong.code2Session('alice:1')).rejects.toBeInstanceOf(AppError)
  })
})

describe('POST /auth/wechat', () => {
  const ctx = useTestContext({
    wechat: {
      code2Session: (code) =>
        createWechatAuthClient({ apiBase: fake.baseUrl, appid: APPID, secret: SECRET, timeoutMs: 1000 }).code2Session(code),
    },
  })

  it('creates the user on first login, finds them again later, and never returns session_key', async () => {
    const first = await ctx.request('/api/v1/auth/wechat', { method: 'POST', json: { code: 'bob:1', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
    expect(first.status).toBe(200)
    const firstBody = await first.json()
    expect(JSON.stringify(firstBody)).not.toContain('session-key')
    expect(firstBody.token).toEqual(expect.any(String))
    const second = await (await ctx.request('/api/v1/auth/wechat', { method: 'POST', json: { code: 'bob:2', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })).json()
    expect(second.me.id).toBe(firstBody.me.id)
    expect(second.token).not.toBe(firstBody.token)

    const stored = await ctx.db.selectFrom('session').select(['token_hash', 'wx_session_key_enc']).where('user_id', '=', firstBody.me.id).execute()
    expect(stored).toHaveLength(2)
    for (const row of stored) {
      expect(row.token_hash).not.toBe(firstBody.token)
      expect(row.wx_session_key_enc).not.toContain('session-key')
      expect(ctx.deps.cipher.decrypt(row.wx_session_key_enc ?? '')).toMatch(/^session-key-/)
    }
  })

  it('answers an invalid code with WECHAT_LOGIN_FAILED and a Chinese message', async () => {
    const res = await ctx.request('/api/v1/auth/wechat', { method: 'POST', json: { code: 'used-9', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
    expect(res.status).toBe(502)
    const body = await res.json()
    expect(body.error.code).toBe('WECHAT_LOGIN_FAILED')
    expect(body.error.message).toMatch(/微信/)
  })

  it('rejects an empty code', async () => {
    const res = await ctx.request('/api/v1/auth/wechat', { method: 'POST', json: { code: '' } })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('VALIDATION_FAILED')
  })
})
