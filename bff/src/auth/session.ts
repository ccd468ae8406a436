import type { MiddlewareHandler } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../http/env'
import { authenticate } from './service'

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/

/**
 * Resolves `Authorization: Bearer <token>` to `auth`. It never refuses by itself: a public route
 * ignores a stale token, and `authorize` turns `authError` into 401 where a login is needed.
 */
export function sessionMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('auth', null)
    c.set('authError', null)
    const header = c.req.header('authorization')
    if (header) {
      const token = BEARER.exec(header)?.[1]
      const result = token ? await authenticate(deps.db, deps.cipher, token, deps.now()) : { error: 'UNAUTHENTICATED' as const }
      if ('auth' in result) c.set('auth', result.auth)
      else c.set('authError', result.error)
    }
    await next()
  }
}
