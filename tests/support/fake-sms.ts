import { createHash, createHmac } from 'node:crypto'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeSmsMessage {
  phone: string
  signName: string
  templateCode: string
  /** The template parameters as the gateway received them (Aliyun: an object, Tencent: a list). */
  templateParam: unknown
}

export interface FakeSmsGateway {
  baseUrl: string
  /** Messages accepted (signature verified, Code OK). */
  messages: FakeSmsMessage[]
  /** Gateway codes answered to requests it refused, in order. */
  refusals: string[]
  /** Requests to the hanging number: received, never answered (until close). */
  hung: number
  close(): Promise<void>
}

/** The login code a delivered message carries, in either gateway's shape of template parameters. */
export function deliveredCode(message: FakeSmsMessage | undefined): string {
  const param = message?.templateParam
  const code = Array.isArray(param) ? param[0] : typeof param === 'object' && param !== null && 'code' in param ? param.code : undefined
  if (typeof code !== 'string') throw new Error(`no code in the delivered message ${JSON.stringify(message)}`)
  return code
}

/** Numbers that make a fake misbehave, as the real gateways do for these cases. */
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

interface Received {
  req: IncomingMessage
  raw: string
  /** Answers with this status and JSON; a request never answered is counted as hung. */
  reply(status: number, body: unknown): void
}

/** An HTTP server on 127.0.0.1 that hands each request with its whole body to `handle`. */
async function serveFake(
  handle: (request: Received, state: { messages: FakeSmsMessage[]; refusals: string[]; hang(): void }) => void,
): Promise<FakeSmsGateway> {
  const messages: FakeSmsMessage[] = []
  const refusals: string[] = []
  let hung = 0
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
        res.end(JSON.stringify(body))
      }
      handle({ req, raw, reply }, { messages, refusals, hang: () => void hung++ })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    refusals,
    get hung() {
      return hung
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * A stand-in for dysmsapi.aliyuncs.com on 127.0.0.1 answering `SendSms` as Aliyun documents it:
 * the signature is recomputed and a mismatch is HTTP 400 `SignatureDoesNotMatch`; the numbers in
 * FAKE_SMS_NUMBERS answer a throttle, an account error, or nothing at all.
 */
export function startFakeAliyunSms(accessKeyId: string, accessKeySecret: string): Promise<FakeSmsGateway> {
  const nonces = new Set<string>()
  return serveFake(({ req, raw, reply }, state) => {
    const answer = (status: number, code: string, extra: Record<string, string> = {}) => {
      if (code !== 'OK') state.refusals.push(code)
      reply(status, { Code: code, Message: code === 'OK' ? 'OK' : `fake ${code}`, RequestId: `req-${state.messages.length + state.refusals.length}`, ...extra })
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
    if (phone === FAKE_SMS_NUMBERS.hang) return state.hang()
    state.messages.push({ phone, signName: get('SignName'), templateCode: get('TemplateCode'), templateParam: JSON.parse(get('TemplateParam')) })
    answer(200, 'OK', { BizId: `biz-${state.messages.length}` })
  })
}

// Tencent refuses a request whose X-TC-Timestamp is more than five minutes off.
const TC3_TOLERANCE_SECONDS = 5 * 60
const TC3_AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/

/** The signature v3 steps as the document lists them, written apart from the BFF's signer. */
function expectedTc3Signature(req: IncomingMessage, raw: string, secretKey: string, date: string, signedHeaders: string): string {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
  const hmac = (key: string | Buffer, value: string) => createHmac('sha256', key).update(value).digest()
  const headers = signedHeaders
    .split(';')
    .map((name) => `${name}:${String(req.headers[name] ?? '').trim().toLowerCase()}\n`)
    .join('')
  const canonicalRequest = `POST\n/\n\n${headers}\n${signedHeaders}\n${sha256(raw)}`
  const stringToSign = `TC3-HMAC-SHA256\n${req.headers['x-tc-timestamp']}\n${date}/sms/tc3_request\n${sha256(canonicalRequest)}`
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), 'sms'), 'tc3_request')
  return createHmac('sha256', key).update(stringToSign).digest('hex')
}

/**
 * A stand-in for sms.tencentcloudapi.com on 127.0.0.1 answering `SendSms` (2021-01-11) as Tencent
 * documents it: HTTP 200 throughout, request errors in Response.Error (a wrong signature is
 * AuthFailure.SignatureFailure), each number's result in Response.SendStatusSet.
 */
export function startFakeTencentSms(secretId: string, secretKey: string, sdkAppId: string): Promise<FakeSmsGateway> {
  return serveFake(({ req, raw, reply }, state) => {
    const requestId = `req-${state.messages.length + state.refusals.length}`
    const refuse = (code: string) => {
      state.refusals.push(code)
      reply(200, { Response: { Error: { Code: code, Message: `fake ${code}` }, RequestId: requestId } })
    }
    const status = (code: string) => {
      if (code !== 'Ok') state.refusals.push(code)
      reply(200, { Response: { SendStatusSet: [{ Code: code, Message: code === 'Ok' ? 'send success' : `fake ${code}` }], RequestId: requestId } })
    }
    if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json; charset=utf-8') return refuse('InvalidParameter')
    const auth = TC3_AUTHORIZATION.exec(req.headers.authorization ?? '')
    if (!auth) return refuse('AuthFailure.InvalidAuthorization')
    const [, id, date = '', signedHeaders = '', signature] = auth
    if (id !== secretId) return refuse('AuthFailure.SecretIdNotFound')
    const timestamp = Number(req.headers['x-tc-timestamp'])
    if (Math.abs(timestamp - Date.now() / 1000) > TC3_TOLERANCE_SECONDS || new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) {
      return refuse('AuthFailure.SignatureExpire')
    }
    if (!signedHeaders.split(';').includes('host') || !signedHeaders.split(';').includes('content-type')) return refuse('AuthFailure.SignatureFailure')
    if (signature !== expectedTc3Signature(req, raw, secretKey, date, signedHeaders)) return refuse('AuthFailure.SignatureFailure')
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11' || !req.headers['x-tc-region']) {
      return refuse('InvalidAction')
    }
    const body = JSON.parse(raw) as { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] }
    if (body.SmsSdkAppId !== sdkAppId) return refuse('InvalidParameterValue.SdkAppIdNotExist')
    const phone = body.PhoneNumberSet?.[0] ?? ''
    if (phone === `+86${FAKE_SMS_NUMBERS.throttled}`) return status('LimitExceeded.PhoneNumberDailyLimit')
    if (phone === `+86${FAKE_SMS_NUMBERS.outOfCredit}`) return status('FailedOperation.InsufficientBalanceInSmsPackage')
    if (phone === `+86${FAKE_SMS_NUMBERS.hang}`) return state.hang()
    state.messages.push({ phone, signName: body.SignName ?? '', templateCode: body.TemplateId ?? '', templateParam: body.TemplateParamSet })
    status('Ok')
  })
}
