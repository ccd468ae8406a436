import { createHmac } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeSmsMessage {
  phone: string
  signName: string
  templateCode: string
  templateParam: Record<string, unknown>
}

export interface FakeAliyunSms {
  baseUrl: string
  /** Messages accepted (signature verified, Code OK). */
  messages: FakeSmsMessage[]
  /** Gateway codes answered to requests it refused, in order. */
  refusals: string[]
  /** Requests to the hanging number: received, never answered (until close). */
  hung: number
  close(): Promise<void>
}

/** Numbers that make the fake misbehave, as the real gateway does for these cases. */
export const FAKE_SMS_NUMBERS = {
  throttled: '13900000001',
  outOfCredit: '13900000002',
  hang: '13900000003',
} as const

/**
 * The documented recipe, kept apart from the BFF's own encoder so the fake checks the client
 * rather than agreeing with it: form-encode (as Java's URLEncoder), then + → %20, * → %2A, %7E → ~.
 */
function documentedPercentEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~')
}

function expectedSignature(params: URLSearchParams, secret: string): string {
  const canonical = [...params.entries()]
    .filter(([name]) => name !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${documentedPercentEncode(name)}=${documentedPercentEncode(value)}`)
    .join('&')
  const stringToSign = `POST&${documentedPercentEncode('/')}&${documentedPercentEncode(canonical)}`
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64')
}

// Aliyun refuses a request whose Timestamp is more than 15 minutes off, and a reused nonce.
const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000

/**
 * A stand-in for dysmsapi.aliyuncs.com on 127.0.0.1 answering `SendSms` as Aliyun documents it:
 * the signature is recomputed and a mismatch is HTTP 400 `SignatureDoesNotMatch`; the numbers in
 * FAKE_SMS_NUMBERS answer a throttle, an account error, or nothing at all.
 */
export async function startFakeAliyunSms(accessKeyId: string, accessKeySecret: string): Promise<FakeAliyunSms> {
  const messages: FakeSmsMessage[] = []
  const refusals: string[] = []
  const nonces = new Set<string>()
  const state = { hung: 0 }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const answer = (status: number, code: string, extra: Record<string, string> = {}) => {
        if (code !== 'OK') refusals.push(code)
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
        res.end(JSON.stringify({ Code: code, Message: code === 'OK' ? 'OK' : `fake ${code}`, RequestId: `req-${messages.length + refusals.length}`, ...extra }))
      }
      if (req.method !== 'POST' || !req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return answer(400, 'InvalidParameter')
      }
      const params = new URLSearchParams(raw)
      const get = (name: string) => params.get(name) ?? ''
      if (get('AccessKeyId') !== accessKeyId) return answer(404, 'InvalidAccessKeyId.NotFound')
      if (get('Signature') !== expectedSignature(params, accessKeySecret)) return answer(400, 'SignatureDoesNotMatch')
      if (get('SignatureMethod') !== 'HMAC-SHA1' || get('SignatureVersion') !== '1.0') return answer(400, 'InvalidParameter')
      if (Math.abs(Date.parse(get('Timestamp')) - Date.now()) > TIMESTAMP_TOLERANCE_MS || !/Z$/.test(get('Timestamp'))) {
        return answer(400, 'InvalidTimeStamp.Expired')
      }
      if (!get('SignatureNonce') || nonces.has(get('SignatureNonce'))) return answer(400, 'SignatureNonceUsed')
      nonces.add(get('SignatureNonce'))
      if (get('Action') !== 'SendSms' || get('Version') !== '2017-05-25' || get('Format') !== 'JSON') return answer(400, 'InvalidParameter')
      const phone = get('PhoneNumbers')
      if (phone === FAKE_SMS_NUMBERS.throttled) return answer(200, 'isv.BUSINESS_LIMIT_CONTROL')
      if (phone === FAKE_SMS_NUMBERS.outOfCredit) return answer(200, 'isv.AMOUNT_NOT_ENOUGH')
      if (phone === FAKE_SMS_NUMBERS.hang) return void state.hung++
      messages.push({
        phone,
        signName: get('SignName'),
        templateCode: get('TemplateCode'),
        templateParam: JSON.parse(get('TemplateParam')) as Record<string, unknown>,
      })
      answer(200, 'OK', { BizId: `biz-${messages.length}` })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    refusals,
    get hung() {
      return state.hung
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
