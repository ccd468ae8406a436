import { createHash, createHmac } from 'node:crypto'
import { z } from 'zod'
import type { SmsSender } from './sms'
import { type SmsGatewayOptions, gatewayRefusal, postToGateway } from './sms-gateway'

export interface TencentSmsOptions extends SmsGatewayOptions {
  secretId: string
  secretKey: string
  /** SmsSdkAppId of the 短信应用 in the console (1400…). */
  sdkAppId: string
}

const CONTENT_TYPE = 'application/json; charset=utf-8'
const SIGNED_HEADERS = 'content-type;host'
// Mainland SendSms answers in any region; the SDK's examples use this one.
const REGION = 'ap-guangzhou'

const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex')
const hmac = (key: string | Buffer, value: string) => createHmac('sha256', key).update(value, 'utf8').digest()

/**
 * TC3-HMAC-SHA256 (TencentCloud API 签名方法 v3, e.g. tencentcloud.com/document/api/1150/49447) for a JSON POST:
 * CanonicalRequest = POST \n / \n (empty query) \n content-type and host lines \n signed headers
 * \n sha256(payload); StringToSign = algorithm \n timestamp \n date/service/tc3_request \n
 * sha256(CanonicalRequest); the key is derived as HMAC("TC3"+key, date) → service → "tc3_request".
 * The date is the UTC date of the timestamp.
 */
export function signTc3(request: { secretKey: string; service: string; host: string; timestamp: number; payload: string }): string {
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10)
  const canonicalRequest = ['POST', '/', '', `content-type:${CONTENT_TYPE}\nhost:${request.host}\n`, SIGNED_HEADERS, sha256Hex(request.payload)].join('\n')
  const stringToSign = ['TC3-HMAC-SHA256', String(request.timestamp), `${date}/${request.service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n')
  const signingKey = hmac(hmac(hmac(`TC3${request.secretKey}`, date), request.service), 'tc3_request')
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
}

// Errors of the whole request come in Response.Error; each number's result in SendStatusSet.
const SendSmsAnswer = z.object({
  Response: z.object({
    Error: z.object({ Code: z.string() }).optional(),
    SendStatusSet: z.array(z.object({ Code: z.string() })).optional(),
    RequestId: z.string().optional(),
  }),
})

/**
 * Tencent Cloud SMS `SendSms` (API 2021-01-11; tencentcloud.com/document/api/382/40536), one
 * mainland number in E.164. Success is the number's `Code: "Ok"`; the per-number limits
 * (LimitExceeded.PhoneNumber…) are RATE_LIMITED, anything else SMS_SEND_FAILED.
 */
export function createTencentSmsSender(options: TencentSmsOptions): SmsSender {
  return {
    async sendLoginCode(phone, code) {
      const url = new URL('/', options.apiBase)
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: options.templateId,
        TemplateParamSet: [code],
      })
      const timestamp = Math.floor(Date.now() / 1000)
      const date = new Date(timestamp * 1000).toISOString().slice(0, 10)
      const signature = signTc3({ secretKey: options.secretKey, service: 'sms', host: url.host, timestamp, payload })
      const { status, body } = await postToGateway(
        'tencent',
        url,
        {
          headers: {
            authorization: `TC3-HMAC-SHA256 Credential=${options.secretId}/${date}/sms/tc3_request, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
            'content-type': CONTENT_TYPE,
            'x-tc-action': 'SendSms',
            'x-tc-version': '2021-01-11',
            'x-tc-timestamp': String(timestamp),
            'x-tc-region': REGION,
          },
          body: payload,
          timeoutMs: options.timeoutMs,
        },
        SendSmsAnswer,
        options.logger,
      )
      const answer = body.Response
      const gatewayCode = answer.Error?.Code ?? answer.SendStatusSet?.[0]?.Code
      if (gatewayCode === 'Ok' && !answer.Error) return
      throw gatewayRefusal(options.logger, {
        gateway: 'tencent',
        status,
        gatewayCode,
        requestId: answer.RequestId,
        throttled: gatewayCode?.startsWith('LimitExceeded.PhoneNumber') ?? false,
      })
    },
  }
}
