import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeWechat {
  baseUrl: string
  requests: URL[]
  /** Bodies received by the subscribe-message send API. */
  messages: Record<string, unknown>[]
  /** Sends to `openid-hang`: received, never answered (until close). */
  hung: Record<string, unknown>[]
  /** Make the next send answer 40001 (token expired) once. */
  expireTokenOnce(): void
  close(): Promise<void>
}

/**
 * A stand-in for api.weixin.qq.com on 127.0.0.1, answering code2session as WeChat documents it:
 * known codes give an openid and session_key, `used-*` codes errcode 40029, `busy` errcode -1,
 * `slow` answers after 3 s, `broken` answers 500 with HTML.
 */
export async function startFakeWechat(appid: string, secret: string): Promise<FakeWechat> {
  const requests: URL[] = []
  const messages: Record<string, unknown>[] = []
  const hung: Record<string, unknown>[] = []
  let tokens = 0
  let expireNext = false
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url)
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== appid || url.searchParams.get('secret') !== secret) return send(200, { errcode: 40125, errmsg: 'invalid appsecret' })
      tokens++
      return send(200, { access_token: `token-${tokens}`, expires_in: 7200 })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      let raw = ''
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
      req.on('end', () => {
        const body = JSON.parse(raw) as { touser?: string }
        if (!url.searchParams.get('access_token')?.startsWith('token-')) return send(200, { errcode: 40001, errmsg: 'invalid credential' })
        if (expireNext) {
          expireNext = false
          return send(200, { errcode: 42001, errmsg: 'access_token expired' })
        }
        if (body.touser === 'openid-refused') return send(200, { errcode: 43101, errmsg: 'user refuse to accept the msg' })
        if (body.touser === 'openid-broken') return send(200, { errcode: 47003, errmsg: 'argument invalid' })
        if (body.touser === 'openid-hang') return void hung.push(body)
        messages.push(body)
        send(200, { errcode: 0, errmsg: 'ok' })
      })
      return
    }
    if (url.pathname !== '/sns/jscode2session') return send(404, { errcode: 404 })
    if (url.searchParams.get('appid') !== appid || url.searchParams.get('secret') !== secret) {
      return send(200, { errcode: 40125, errmsg: 'invalid appsecret' })
    }
    if (url.searchParams.get('grant_type') !== 'authorization_code') return send(200, { errcode: 40002, errmsg: 'invalid grant_type' })
    const code = url.searchParams.get('js_code') ?? ''
    if (code.startsWith('used-')) return send(200, { errcode: 40029, errmsg: 'invalid code' })
    if (code === 'busy') return send(200, { errcode: -1, errmsg: 'system error' })
    if (code === 'slow') {
      setTimeout(() => send(200, { openid: 'late', session_key: 'late' }), 3000).unref()
      return
    }
    if (code === 'broken') {
      res.writeHead(500, { 'content-type': 'text/html' })
      res.end('<html>bad gateway</html>')
      return
    }
    // The same person always gets the same openid; the session key changes on every login.
    send(200, { openid: `openid-${code.split(':')[0]}`, session_key: `session-key-${Math.random()}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    messages,
    hung,
    expireTokenOnce: () => {
      expireNext = true
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
