import type { Logger } from 'pino'
import type { z } from 'zod'
import { AppError } from '../http/errors'

export type GatewayName = 'aliyun' | 'tencent'

/** What every gateway's sender is given besides its own credentials. */
export interface SmsGatewayOptions {
  /** 短信签名, approved in the console (e.g. 邻里社区). */
  signName: string
  /** The approved template whose one variable is the code (Aliyun `${code}`, Tencent `{1}`). */
  templateId: string
  apiBase: string
  timeoutMs: number
  logger: Logger
}

/**
 * POSTs to an SMS gateway and reads its JSON answer in the shape `answer` describes, giving up
 * after `timeoutMs`. A gateway that cannot be reached, does not answer in time or answers
 * something else is SMS_SEND_FAILED, logged with the reason's name only (the request holds the code).
 */
export async function postToGateway<T extends z.ZodType>(
  gateway: GatewayName,
  url: URL,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
  answer: T,
  logger: Logger,
): Promise<{ status: number; body: z.infer<T> }> {
  let status: number
  let body: unknown
  try {
    const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(request.timeoutMs) })
    status = res.status
    body = await res.json()
  } catch (err) {
    logger.error({ gateway, reason: err instanceof Error ? err.name : 'unknown' }, 'sms gateway unreachable or unreadable')
    throw new AppError('SMS_SEND_FAILED')
  }
  const parsed = answer.safeParse(body)
  if (!parsed.success) {
    logger.error({ gateway, status, reason: 'unexpected answer' }, 'sms gateway unreachable or unreadable')
    throw new AppError('SMS_SEND_FAILED')
  }
  return { status, body: parsed.data }
}

/**
 * A gateway's refusal as the resident sees it: RATE_LIMITED when it throttles the number,
 * SMS_SEND_FAILED otherwise. The log line names the gateway's code and request id, which the
 * gateway's console can look up, and never its message (it can echo the parameters, code included).
 */
export function gatewayRefusal(
  logger: Logger,
  refusal: { gateway: GatewayName; status: number; gatewayCode: string | undefined; requestId: string | undefined; throttled: boolean },
): AppError {
  const { throttled, ...logged } = refusal
  if (throttled) {
    logger.warn(logged, 'sms gateway throttled the number')
    return new AppError('RATE_LIMITED', { message: '短信发送太频繁，请稍后再试' })
  }
  logger.error(logged, 'sms gateway refused the message')
  return new AppError('SMS_SEND_FAILED')
}
