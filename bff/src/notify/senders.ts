import { type NotificationKind, messagePagePath } from '@linli/shared'
import { MESSAGE_KINDS, type StoredPayload, messageTarget } from './kinds'

export interface OutgoingMessage {
  kind: NotificationKind
  payload: StoredPayload
  /** WeChat openid of the recipient; null for residents who only use the H5 app. */
  openid: string | null
}

export type SendResult = 'sent' | 'skipped'

/** Delivers one message; throws to have it retried later. */
export interface NotificationSender {
  send(message: OutgoingMessage): Promise<SendResult>
}

/** The old slot of a reschedule, as the message says it; `day` may shorten the date to fit. */
function previousSlot(p: StoredPayload, day = (date: string) => date): string | null {
  return p.fromDate ? `原定${day(p.fromDate)} ${p.fromTime ?? ''}`.trim() : null
}

/** Development: prints the message on the server console. */
export class ConsoleSender implements NotificationSender {
  async send(message: OutgoingMessage): Promise<SendResult> {
    const p = message.payload
    const spec = MESSAGE_KINDS[message.kind]
    const notes = [previousSlot(p), spec.note(p)].filter(Boolean).join('；')
    process.stdout.write(`[开发通知] ${spec.title}：${p.service} ${p.date} ${p.time} ${p.place}${notes ? `（${notes}）` : ''}\n`)
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
  templates: { result: string; change: string; reminder: string }
  timeoutMs?: number
}

/**
 * Which template each kind uses: outcomes of what she asked for (a booking, a 差评's reply) are
 * results; what staff or a closure changed is a change; reminders are reminders.
 */
const TEMPLATE_OF: Record<NotificationKind, keyof WechatSubscribeOptions['templates']> = {
  booked: 'result',
  waitlisted: 'result',
  confirmed: 'result',
  promoted: 'result',
  case_replied: 'result',
  declined: 'change',
  cancelled_by_staff: 'change',
  cancelled_by_closure: 'change',
  rescheduled: 'change',
  case_escalated: 'change',
  reminder: 'reminder',
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(value: string): { value: string } {
  return { value: [...value].slice(0, 20).join('') }
}


/**
 * 订阅消息 through `POST /cgi-bin/message/subscribe/send`, with an access token from
 * `GET /cgi-bin/token` cached until shortly before it expires. A resident who has not (or no
 * longer) subscribed (errcode 43101) is skipped, not retried; an expired token is renewed once.
 */
export function createWechatSubscribeSender(options: WechatSubscribeOptions): NotificationSender {
  let token: { value: string; expiresAt: number } | null = null
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? 5000)

  async function accessToken(force: boolean): Promise<string> {
    if (!force && token && token.expiresAt > Date.now()) return token.value
    const url = new URL('/cgi-bin/token', options.apiBase)
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', options.appid)
    url.searchParams.set('secret', options.secret)
    const res = await fetch(url, { signal: timeout() })
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
    if (!body.access_token) throw new Error(`access token: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`)
    token = { value: body.access_token, expiresAt: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 }
    return token.value
  }

  async function post(message: OutgoingMessage & { openid: string }, force: boolean): Promise<{ errcode?: number; errmsg?: string }> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.apiBase)
    url.searchParams.set('access_token', await accessToken(force))
    const p = message.payload
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: timeout(),
      body: JSON.stringify({
        touser: message.openid,
        template_id: options.templates[TEMPLATE_OF[message.kind]],
        page: messagePagePath(messageTarget(message.kind, p)),
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        data: {
          thing1: thing(p.service ?? ''),
          date2: { value: p.date ?? '' },
          time3: { value: p.time ?? '' },
          thing4: thing(p.place ?? ''),
          // 说明: a reschedule's old slot as `原定11-24 11:30–12:30` (the new one is in date2/time3), else the note, else the title.
          thing5: thing(previousSlot(p, (date) => date.slice(5)) ?? MESSAGE_KINDS[message.kind].note(p) ?? MESSAGE_KINDS[message.kind].title),
        },
      }),
    })
    return (await res.json()) as { errcode?: number; errmsg?: string }
  }

  return {
    async send(message) {
      if (!message.openid) return 'skipped'
      let body = await post({ ...message, openid: message.openid }, false)
      if (body.errcode === 40001 || body.errcode === 42001) body = await post({ ...message, openid: message.openid }, true)
      if (!body.errcode) return 'sent'
      if (body.errcode === 43101) return 'skipped'
      throw new Error(`subscribe send: ${body.errcode} ${body.errmsg ?? ''}`)
    },
  }
}
