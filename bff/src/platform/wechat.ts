import { AppError } from '../http/errors'

export interface WechatSession {
  openid: string
  sessionKey: string
  unionid: string | null
}

/** The WeChat login code exchange, behind an interface so tests and local runs can use a fake server. */
export interface WechatAuthClient {
  code2Session(code: string): Promise<WechatSession>
}

interface Code2SessionResponse {
  openid?: string
  session_key?: string
  unionid?: string
  errcode?: number
  errmsg?: string
}

/**
 * `GET /sns/jscode2session` (developers.weixin.qq.com, 小程序登录). The secret goes only to
 * WeChat; session_key is returned to our server and must never reach the client.
 */
export function createWechatAuthClient(options: {
  apiBase: string
  appid: string
  secret: string
  timeoutMs?: number
}): WechatAuthClient {
  return {
    async code2Session(code) {
      const url = new URL('/sns/jscode2session', options.apiBase)
      url.searchParams.set('appid', options.appid)
      url.searchParams.set('secret', options.secret)
      url.searchParams.set('js_code', code)
      url.searchParams.set('grant_type', 'authorization_code')
      let body: Code2SessionResponse
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) })
        if (!res.ok) throw new Error(`code2session HTTP ${res.status}`)
        body = (await res.json()) as Code2SessionResponse
      } catch (cause) {
        throw new AppError('WECHAT_LOGIN_FAILED', { cause })
      }
      if (body.errcode) {
        // 40029: invalid code (used or expired); 45011: too frequent; 40226: blocked user.
        if (body.errcode === 40029 || body.errcode === 40163) {
          throw new AppError('WECHAT_LOGIN_FAILED', { message: '微信登录凭证已失效，请重新登录' })
        }
        if (body.errcode === 45011) throw new AppError('RATE_LIMITED')
        throw new AppError('WECHAT_LOGIN_FAILED')
      }
      if (!body.openid || !body.session_key) throw new AppError('WECHAT_LOGIN_FAILED')
      return { openid: body.openid, sessionKey: body.session_key, unionid: body.unionid ?? null }
    },
  }
}
