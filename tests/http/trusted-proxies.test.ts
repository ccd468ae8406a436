import { type ServerType, serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../bff/src/config'
import { forwardedClient } from '../../bff/src/http/client-ip'
import { type TestContext, useTestContext } from '../support/context'

// auth/service.ts: at most 20 login codes an hour from one client address.
const SMS_PER_ADDRESS_HOUR = 20

/** Serves the test app on 127.0.0.1, so every request's socket peer is 127.0.0.1. */
function useServer(ctx: TestContext) {
  const state: { server?: ServerType; base?: string } = {}
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      state.server = serve({ fetch: ctx.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        state.base = `http://127.0.0.1:${info.port}`
        resolve()
      })
    })
  })
  afterAll(() => new Promise<void>((resolve) => (state.server ? state.server.close(() => resolve()) : resolve())))
  let phones = 0
  // Each request a new number, so only the per-address bucket can refuse it.
  return (forwardedFor: string) =>
    fetch(`${state.base}/api/v1/auth/sms/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ phone: `1370000${String(++phones).padStart(4, '0')}` }),
    }).then((res) => res.status)
}

async function sendTimes(times: number, send: () => Promise<number>): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < times; i++) statuses.push(await send())
  return statuses
}

describe('behind a trusted proxy (TRUSTED_PROXIES=127.0.0.1)', () => {
  const ctx = useTestContext({ config: { trustedProxies: loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: '127.0.0.1' }).trustedProxies } })
  const send = useServer(ctx)

  it('gives two residents separate SMS buckets, and a resident cannot escape hers by writing her own header', async () => {
    expect(await sendTimes(SMS_PER_ADDRESS_HOUR, () => send('203.0.113.7'))).toEqual(Array(SMS_PER_ADDRESS_HOUR).fill(200))
    expect(await send('203.0.113.7')).toBe(429)
    // What she wrote comes first; the proxy appends the address it saw.
    expect(await send('198.51.100.1, 203.0.113.7')).toBe(429)
    expect(await send('203.0.113.8')).toBe(200)
    const buckets = await ctx.db.selectFrom('rate_limit').select('bucket').where('bucket', 'like', 'sms:ip-hour:%').execute()
    expect(buckets.map((b) => b.bucket).sort()).toEqual(['sms:ip-hour:203.0.113.7', 'sms:ip-hour:203.0.113.8'])
  })
})

describe('a forged X-Forwarded-For from an untrusted peer (TRUSTED_PROXIES unset)', () => {
  const ctx = useTestContext()
  const send = useServer(ctx)

  it('is ignored: every request counts against the socket address', async () => {
    let forged = 0
    const statuses = await sendTimes(SMS_PER_ADDRESS_HOUR + 1, () => send(`198.51.100.${++forged}`))
    expect(statuses).toEqual([...Array(SMS_PER_ADDRESS_HOUR).fill(200), 429])
    const buckets = await ctx.db.selectFrom('rate_limit').select('bucket').where('bucket', 'like', 'sms:ip-hour:%').execute()
    expect(buckets.map((b) => b.bucket)).toEqual(['sms:ip-hour:127.0.0.1'])
  })
})

describe('forwardedClient', () => {
  const trusted = loadConfig({ NODE_ENV: 'test', TRUSTED_PROXIES: '10.0.0.0/8, ::1' }).trustedProxies

  it.each([
    ['an untrusted peer, whatever its header says', '203.0.113.9', '10.0.0.5, 1.2.3.4', '203.0.113.9'],
    ['a trusted peer without a header', '10.0.0.1', undefined, '10.0.0.1'],
    ['the right-most untrusted address through two proxies', '10.0.0.1', '198.51.100.1, 203.0.113.7, 10.0.0.2', '203.0.113.7'],
    ['an IPv4 peer seen through a dual-stack socket', '::ffff:10.0.0.1', '203.0.113.7', '203.0.113.7'],
    ['a trusted IPv6 peer', '::1', '2001:db8::7', '2001:db8::7'],
    ['the last hop that can vouch when an entry is not an address', '10.0.0.1', '203.0.113.7, garbage, 10.0.0.2', '10.0.0.2'],
    ['the left-most address when every hop is trusted', '10.0.0.1', '10.0.0.3, 10.0.0.2', '10.0.0.3'],
  ])('takes %s', (_case, peer, header, expected) => {
    expect(forwardedClient(peer, header, trusted)).toBe(expected)
  })
})
