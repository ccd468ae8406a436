import { messagePagePath } from '@linli/shared'
import type { RenderedMessage, WechatTemplate } from './messages'

export interface OutgoingMessage extends RenderedMessage {
  /** The same on every attempt at this message (`outbox-<id>`): a re-send after a crash carries it again. */
  key: string
  /** WeChat openid of the recipient; null for residents who only use the H5 app. */
  openid: string | null
}

export type SendResult = 'sent' | 'skipped'

/** Delivers one message; throws to have it retried later. */
export interface NotificationSender {
  /** Longest a send may take; the delivery aborts `signal` then, and sizes its claims by it. */
  readonly timeoutMs: number
  send(message: OutgoingMessage, signal: AbortSignal): Promise<SendResult>
}

/** The old slot of a reschedule, as the message says it; `day` may shorten the date to fit. */
function previousSlot(m: RenderedMessage, day = (date: string) => date): string | null {
  return m.previous ? `原定${day(m.previous.date)} ${m.previous.time}`.trim() : null
}

/** Development: prints the message, with its idempotency key, on the server console. */
export class ConsoleSender implements NotificationSender {
  readonly timeoutMs = 1000

  async send(message: OutgoingMessage): Promise<SendResult> {
    const notes = [previousSlot(message), message.note].filter(Boolean).join('；')
    const { service, date, time, place } = message
    process.stdout.write(`[开发通知 ${message.key}] ${message.title}：${service} ${date} ${time} ${place}${notes ? `（${notes}）` : ''}\n`)
    return 'sent'
  }
}

export interface WechatSubscribeOptions {
  apiBase: string
  appid: string
  secret: string
  /**
   * Subscribe-message template ids (WECHAT_TEMPLATE_RESULT / CHANGE / REMINDER). All three carry the
   * same keywords: thing1 服务, date2 日期, time3 时间, thing4 地点, thing5 说明.
   */
  templates: Record<WechatTemplate, string>
  /** For the whole message: the token, the send and its one retry. */
  timeoutMs?: number
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(value: string): { value: string } {
  return { value: [...value].slice(0, 20).join('') }
}

/**
 * 订阅消息 through `POST /cgi-bin/message/subscribe/send`, with an access token from
 * `GET /cgi-bin/token` cached until shortly before it expires. A resident who has not (or no
 * longer) subscribed (errcode 43101) is skipped, not retried; an expired token is renewed once.
 * The API takes no idempotency key: a re-send after a crash reaches her twice, and the key in
 * the worker's log is what tells the two apart.
 */
export function createWechatSubscribeSender(options: WechatSubscribeOptions): NotificationSender {
  let token: { value: string; expiresAt: number } | null = null

  async function accessToken(force: boolean, signal: AbortSignal): Promise<string> {
    if (!force && token && token.expiresAt > Date.now()) return token.value
    const url = new URL('/cgi-bin/token', options.apiBase)
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', options.appid)
    url.searchParams.set('secret', options.secret)
    const res = await fetch(url, { signal })
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new Error(`access token: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`)
    token = { value: body.access_token, expiresAt: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }

  async function post(message: OutgoingMessage & { openid: string }, force: boolean, signal: AbortSignal): Promise<{ errcode?: number; errmsg?: string }> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.apiBase)
    url.searchParams.set('access_token', await accessToken(force, signal))
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal,
      body: JSON.stringify({
        touser: message.openid,
        template_id: options.templates[message.template],
        page: messagePagePath(message.target),
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        data: {
          thing1: thing(message.service),
          date2: { value: message.date },
          time3: { value: message.time },
          thing4: thing(message.place),
          // 说明: a reschedule's old slot as `原定11-24 11:30–12:30` (the new one is in date2/time3), else the note, else the title.
          thing5: thing(previousSlot(message, (date) => date.slice(5)) ?? message.note ?? message.title),
        },
      }),
    })
    return (await res.json()) as { errcode?: number; errmsg?: string }
  }

  return {
    timeoutMs: options.timeoutMs ?? 10_000,
    async send(message, signal) {
      if (!message.openid) return 'skipped'
      const to = { ...message, openid: message.openid }
      let body = await post(to, false, signal)
      if (body.errcode === 40001 || body.errcode === 42001) body = await post(to, true, signal)
      if (!body.errcode) return 'sent'
      if (body.errcode === 43101) return 'skipped'
      throw new Error(`subscribe send: ${body.errcode} ${body.errmsg ?? ''}`)
    },
  }
}
