import type { MiddlewareHandler } from 'hono'
import type { ChangeFeed } from '../cache/changes'
import type { Deps } from '../deps'
import type { Auth, AppEnv } from '../http/env'
import { hashToken } from '../platform/crypto'
import { authenticate } from './service'

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/
/** Sessions kept at most; past it the process starts again from empty (a rare, cheap forgetting). */
const KEPT_SESSIONS = 50_000

/**
 * Resolves `Authorization: Bearer <token>` to `auth`. It never refuses by itself: a public route
 * ignores a stale token, and `authorize` turns `authError` into 401 where a login is needed.
 *
 * A session once resolved is kept in memory by its token's hash, until anything it was read from
 * changes (the `auth` family of the change feed: a logout or revocation, a role granted or taken, a
 * move to another community, a volunteer registration) — in this process at once, in every other
 * when the change commits (docs/decisions/036-read-cache.md). Expiry is checked on every request.
 */
export function sessionMiddleware(deps: Deps, changes: ChangeFeed): MiddlewareHandler<AppEnv> {
  const kept = new Map<string, { auth: Auth; expiresAt: Date }>()
  changes.on('auth', () => kept.clear())

  const resolve = async (token: string): Promise<{ auth: Auth } | { error: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' }> => {
    const tokenHash = hashToken(token)
    const now = deps.now()
    const hit = kept.get(tokenHash)
    if (hit) return hit.expiresAt <= now ? { error: 'SESSION_EXPIRED' } : { auth: hit.auth }
    const generation = changes.generation('auth')
    const result = await authenticate(deps.db, deps.cipher, tokenHash, now)
    // Kept only if nothing it was read from changed while it was read.
    if ('auth' in result && changes.generation('auth') === generation) {
      if (kept.size >= KEPT_SESSIONS) kept.clear()
      kept.set(tokenHash, result)
    }
    return 'auth' in result ? { auth: result.auth } : result
  }

  return async (c, next) => {
    c.set('auth', null)
    c.set('authError', null)
    const header = c.req.header('authorization')
    if (header) {
      const token = BEARER.exec(header)?.[1]
      const result = token ? await resolve(token) : { error: 'UNAUTHENTICATED' as const }
      if ('auth' in result) c.set('auth', result.auth)
      else c.set('authError', result.error)
    }
    await next()
  }
}
