import Taro from '@tarojs/taro'
import { ErrorBodySchema } from '@linli/shared'
import { z } from 'zod'
import { STORAGE_KEYS } from './storage-keys'
import { takeEarly } from './early'
import { messageFor } from './errors'

/** An error the mini-program can show as it is: a stable code and a plain-Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message)
  }
}

const TOKEN_KEY = STORAGE_KEYS.token
let token: string | null = Taro.getStorageSync<string>(TOKEN_KEY) || null

export function getToken(): string | null {
  return token
}

export function setToken(value: string | null): void {
  token = value
  if (value) Taro.setStorageSync(TOKEN_KEY, value)
  else Taro.removeStorageSync(TOKEN_KEY)
}

const sessionEndedListeners = new Set<() => void>()

/** Called when the server answers 401 to a signed-in request: the session is over. Returns an unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener)
  return () => sessionEndedListeners.delete(listener)
}

/** Forgets the session on this device and tells the listeners: the server ended it, or the account is gone. */
export function endSession(): void {
  setToken(null)
  for (const listener of sessionEndedListeners) listener()
}

type Query = Record<string, string | number | boolean | undefined>

function queryString(query: Query | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * One call to the BFF through Taro.request (wx.request in WeChat, fetch in H5). The response is
 * checked against the shared zod schema, so a drifted server fails loudly here, not in a page.
 */
export async function call<S extends z.ZodType>(
  schema: S,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown; idempotencyKey?: string } = {},
): Promise<z.output<S>> {
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (token) header.authorization = `Bearer ${token}`
  if (options.idempotencyKey) header['idempotency-key'] = options.idempotencyKey
  const url = `${LINLI_API_BASE}/api/v1${path}${queryString(options.query)}`
  let res: { statusCode: number; data: unknown }
  try {
    // A linked page's first data may already be here: index.html asked it with the app's script (api/early.ts).
    const early = method === 'GET' ? await takeEarly(url, header.authorization ?? null) : undefined
    res = early ?? (await Taro.request({
      url,
      method,
      header,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      dataType: 'json',
      timeout: 15000,
    }))
  } catch {
    throw new ApiError('NETWORK', messageFor('NETWORK'), 0)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    if (res.statusCode === 204) return schema.parse(undefined)
    const parsed = schema.safeParse(res.data)
    if (!parsed.success) throw new ApiError('BAD_RESPONSE', messageFor('BAD_RESPONSE'), res.statusCode)
    return parsed.data
  }
  const error = ErrorBodySchema.safeParse(res.data)
  const code = error.success ? error.data.error.code : 'INTERNAL'
  if (res.statusCode === 401 && token) endSession()
  throw new ApiError(
    code,
    error.success ? error.data.error.message : messageFor(code),
    res.statusCode,
    error.success ? error.data.error.fields : [],
  )
}

/** The answer of a route that returns nothing (204). */
export const NoContent = z.undefined()

/**
 * One key per tap: a retry of the same tap (flaky network) reuses it, so the BFF makes one
 * booking however often the request arrives.
 */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`
}

/** What a request body or query may be, before the shared schema's defaults and transforms. */
export type Input<S extends z.ZodType> = z.input<S>
