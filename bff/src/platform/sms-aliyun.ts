import { createHmac, randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { SmsSender } from './sms'
import { type SmsGatewayOptions, gatewayRefusal, postToGateway } from './sms-gateway'

export interface AliyunSmsOptions extends SmsGatewayOptions {
  accessKeyId: string
  accessKeySecret: string
}

// The fields read from SendSms's answer (the rest, Message and BizId, are not needed).
const SendSmsAnswer = z.object({ Code: z.string().optional(), RequestId: z.string().optional() })

/**
 * Aliyun's RPC percent-encoding: RFC 3986 unreserved characters stay, everything else is %XY
 * (space is %20, never +). encodeURIComponent leaves !'()* alone, so those are encoded here.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * Signature version 1.0 for RPC-style APIs (help.aliyun.com/document_detail/28839.html, 签名机制):
 * sort the parameters by name, percent-encode names and values, join with & and =, then
 * StringToSign = METHOD & percentEncode("/") & percentEncode(that string), and
 * Signature = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)).
 */
export function signAliyunRpc(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const canonical = canonicalQuery(params)
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64')
}

function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&')
}

// Gateway codes that mean the number or account is being throttled: the resident can retry later.
const THROTTLED_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL'])

/**
 * Alibaba Cloud SMS `SendSms` (dysmsapi 2017-05-25; help.aliyun.com/document_detail/55284.html),
 * POSTed as a form. Success is `Code: "OK"`; anything else becomes SMS_SEND_FAILED (or
 * RATE_LIMITED when the gateway throttles), logged with the gateway's code and RequestId but
 * never the login code or the phone number.
 */
export function createAliyunSmsSender(options: AliyunSmsOptions): SmsSender {
  return {
    async sendLoginCode(phone, code) {
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: phone,
        RegionId: 'cn-hangzhou',
        SignName: options.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: options.templateId,
        TemplateParam: JSON.stringify({ code }),
        // ISO 8601 in UTC without milliseconds, as the signature document asks.
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      }
      const form = `${canonicalQuery(params)}&Signature=${percentEncode(signAliyunRpc('POST', params, options.accessKeySecret))}`
      const { status, body } = await postToGateway(
        'aliyun',
        new URL('/', options.apiBase),
        { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, timeoutMs: options.timeoutMs },
        SendSmsAnswer,
        options.logger,
      )
      if (body.Code === 'OK') return
      throw gatewayRefusal(options.logger, {
        gateway: 'aliyun',
        status,
        gatewayCode: body.Code,
        requestId: body.RequestId,
        throttled: body.Code !== undefined && THROTTLED_CODES.has(body.Code),
      })
    },
  }
}
