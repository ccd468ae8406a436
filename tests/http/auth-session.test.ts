import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { useTestContext } from '../support/context'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'

const ctx = useTestContext()
const minutes = (n: number) => n * 60_000

async function sendCode(phone: string) {
  return ctx.request('/api/v1/auth/sms/send', { method: 'POST', json: { phone } })
}
async function verify(phone: string, code: string, consent: { privacyPolicyVersion?: string } = { privacyPolicyVersion: PRIVACY_POLICY_VERSION }) {
  return ctx.request('/api/v1/auth/sms/verify', { method: 'POST', json: { phone, code, ...consent } })
}

afterEach(() => ctx.setNow(null))

describe('H5 login with a one-time SMS code', () => {
  it('sends a 6-digit code and logs in with it once; the user is created with the phone encrypted', async () => {
    const phone = '13912345678'
    const sent = await sendCode(phone)
    expect(sent.status).toBe(200)
    expect(await sent.json()).toEqual({ expiresInSeconds: 300 })
    const code = ctx.sms.lastCodeFor(phone)
    expect(code).toMatch(/^\d{6}$/)

    const res = await verify(phone, code)
    expect(res.status).toBe(200)
    const session = await res.json()
    expect(session.me.phoneMasked).toBe('139****5678')
    expect(session.me.displayName).toBe('居民5678')

    const user = await ctx.db.selectFrom('app_user').selectAll().where('id', '=', session.me.id).executeTakeFirstOrThrow()
    expect(user.phone_enc).not.toContain(phone)
    expect(user.phone_hash).not.toContain(phone)

    // The code is spent.
    const again = await verify(phone, code)
    expect((await again.json()).error.code).toBe('LOGIN_CODE_INVALID')
  })

  it('refuses a wrong code, and an expired one after 5 minutes', async () => {
    const phone = '13912340001'
    await sendCode(phone)
    const code = ctx.sms.lastCodeFor(phone)
    const wrong = await verify(phone, code === '000000' ? '111111' : '000000')
    expect(wrong.status).toBe(400)
    expect((await wrong.json()).error).toEqual({ code: 'LOGIN_CODE_INVALID', message: '验证码不正确' })

    ctx.setNow(new Date(Date.now() + minutes(5) + 1000))
    const late = await verify(phone, code)
    expect((await late.json()).error.code).toBe('LOGIN_CODE_EXPIRED')
  })

  it('allows 5 tries per code, then asks for a new one', async () => {
    const phone = '13912340002'
    await sendCode(phone)
    const code = ctx.sms.lastCodeFor(phone)
    const wrongCode = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) expect((await (await verify(phone, wrongCode)).json()).error.code).toBe('LOGIN_CODE_INVALID')
    const sixth = await verify(phone, code)
    expect(sixth.status).toBe(429)
    expect((await sixth.json()).error.code).toBe('RATE_LIMITED')
  })

  it('sends at most one code a minute and five an hour to a phone', async () => {
    const phone = '13912340003'
    const hourStart = new Date('2031-03-01T08:00:00Z').getTime()
    ctx.setNow(new Date(hourStart + 30_000))
    expect((await sendCode(phone)).status).toBe(200)
    const tooSoon = await sendCode(phone)
    expect(tooSoon.status).toBe(429)
    expect((await tooSoon.json()).error.code).toBe('RATE_LIMITED')
    // Four more, each in a later minute, then the hourly limit.
    for (let i = 1; i <= 4; i++) {
      ctx.setNow(new Date(hourStart + minutes(i * 2) + 1000))
      expect((await sendCode(phone)).status).toBe(200)
    }
    ctx.setNow(new Date(hourStart + minutes(12)))
    expect((await sendCode(phone)).status).toBe(429)
  })

  it('limits sends per IP whatever the phone', async () => {
    ctx.setNow(new Date('2030-01-01T00:00:00Z'))
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) statuses.push((await sendCode(`1370000${String(i).padStart(4, '0')}`)).status)
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it('validates the phone and code format in Chinese', async () => {
    const bad = await sendCode('12345')
    expect(bad.status).toBe(400)
    const body = await bad.json()
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.fields).toEqual([{ path: 'phone', message: '请输入11位手机号' }])
    const badCode = await verify('13912345678', '12ab')
    expect((await badCode.json()).error.fields[0]).toEqual({ path: 'code', message: '请输入6位验证码' })
  })
})

describe('privacy consent comes before login', () => {
  it('refuses a login without the current policy version, leaving the code unspent and no user behind', async () => {
    const phone = '13912340010'
    await sendCode(phone)
    const code = ctx.sms.lastCodeFor(phone)

    const without = await verify(phone, code, {})
    expect(without.status).toBe(400)
    expect((await without.json()).error).toEqual({ code: 'PRIVACY_CONSENT_REQUIRED', message: '请先阅读并同意《隐私政策》再登录' })
    const outdated = await verify(phone, code, { privacyPolicyVersion: '2020-01' })
    expect((await outdated.json()).error).toEqual({ code: 'PRIVACY_CONSENT_REQUIRED', message: '隐私政策已更新，请阅读并同意新版后再登录' })
    const users = await ctx.db.selectFrom('app_user').select('id').where('phone_hash', '=', ctx.deps.cipher.lookupHash(phone)).execute()
    expect(users).toHaveLength(0)

    const agreed = await verify(phone, code)
    expect(agreed.status).toBe(200)
    expect((await agreed.json()).me.privacyAccepted).toBe(true)
  })

  it('stores the consent with the first session, once however often the person logs in', async () => {
    const phone = '13912340011'
    let userId = ''
    for (let i = 0; i < 2; i++) {
      ctx.setNow(new Date(Date.now() + i * minutes(2)))
      await sendCode(phone)
      const session = await (await verify(phone, ctx.sms.lastCodeFor(phone))).json()
      userId = session.me.id
    }
    const consents = await ctx.db.selectFrom('consent').select(['kind', 'version', 'withdrawn_at']).where('user_id', '=', userId).execute()
    expect(consents).toEqual([{ kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION, withdrawn_at: null }])
    expect(await ctx.db.selectFrom('session').select('id').where('user_id', '=', userId).execute()).toHaveLength(2)
  })

  it('refuses the demo login without consent too', async () => {
    const res = await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona: 'elder' } })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('PRIVACY_CONSENT_REQUIRED')
  })
})

describe('sessions', () => {
  let token: string
  let communityId: string

  beforeAll(async () => {
    const street = await createStreet(ctx.db)
    communityId = (await createCommunity(ctx.db, { streetId: street.id, name: '荷塘社区' })).id
    const user = await createUser(ctx.db, { name: '周阿姨', birthDate: '1950-02-02' })
    token = await sessionFor(ctx.db, user.id)
  })

  it('reads me, switches community, saves 长辈模式 and records agreement to a new policy version', async () => {
    const me = await (await ctx.request('/api/v1/me', { token })).json()
    expect(me).toMatchObject({ displayName: '周阿姨', community: null, elderMode: false, privacyAccepted: false })
    expect(me.roles).toEqual([expect.objectContaining({ role: 'resident' })])

    const switched = await (await ctx.request('/api/v1/me/community', { method: 'PUT', token, json: { communityId } })).json()
    expect(switched.community).toEqual({ id: communityId, name: '荷塘社区' })

    const elder = await (await ctx.request('/api/v1/me/preferences', { method: 'PUT', token, json: { elderMode: true } })).json()
    expect(elder.elderMode).toBe(true)
    expect((await (await ctx.request('/api/v1/me', { token })).json()).elderMode).toBe(true)

    const consented = await ctx.request('/api/v1/me/consents', { method: 'POST', token, json: { kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION } })
    expect((await consented.json()).privacyAccepted).toBe(true)
    const old = await ctx.request('/api/v1/me/consents', { method: 'POST', token, json: { kind: 'privacy_policy', version: '2020-01' } })
    expect(old.status).toBe(400)
  })

  it('refuses to switch to an unknown community', async () => {
    const res = await ctx.request('/api/v1/me/community', { method: 'PUT', token, json: { communityId: '00000000-0000-4000-8000-000000000000' } })
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('COMMUNITY_NOT_FOUND')
  })

  it('needs a token, refuses forged and expired ones, and logout revokes', async () => {
    expect((await (await ctx.request('/api/v1/me')).json()).error.code).toBe('UNAUTHENTICATED')
    const forged = await ctx.request('/api/v1/me', { token: 'x'.repeat(43) })
    expect(forged.status).toBe(401)
    expect((await forged.json()).error.code).toBe('UNAUTHENTICATED')
    const malformed = await ctx.request('/api/v1/me', { headers: { authorization: 'Basic abc' } })
    expect(malformed.status).toBe(401)

    const user = await createUser(ctx.db)
    const expired = await sessionFor(ctx.db, user.id, new Date(Date.now() - 1000))
    const res = await ctx.request('/api/v1/me', { token: expired })
    expect(res.status).toBe(401)
    expect((await res.json()).error).toEqual({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })

    // A stale token does not stop public browsing.
    expect((await ctx.request('/api/v1/categories', { token: expired })).status).toBe(200)

    const live = await sessionFor(ctx.db, user.id)
    expect((await ctx.request('/api/v1/auth/logout', { method: 'POST', token: live })).status).toBe(204)
    expect((await ctx.request('/api/v1/me', { token: live })).status).toBe(401)
  })
})

describe('demo login', () => {
  it('is refused when the personas were not seeded', async () => {
    const res = await ctx.request('/api/v1/auth/demo', { method: 'POST', json: { persona: 'elder', privacyPolicyVersion: PRIVACY_POLICY_VERSION } })
    expect(res.status).toBe(404)
  })
})
