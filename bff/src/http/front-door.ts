import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from './env'

/**
 * What hono's secureHeaders({ crossOriginEmbedderPolicy: false }) sets, in its order: every
 * response, errors and 404s included (tests/http/platform.test.ts checks them).
 */
export const SECURE_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
]

/** A caller's X-Request-Id is kept when it is this (hono's requestId rule); otherwise a new UUID. */
const REQUEST_ID = /^[\w\-=]{1,255}$/

/**
 * The front door every request passes, in one middleware instead of three (hono's requestId,
 * the request log line, hono's secureHeaders), with what each did:
 * - `requestId`: the caller's X-Request-Id when well formed, else a new UUID; echoed in the answer.
 * - one log line per request: requestId, method, path, status, ms (nothing personal, logger.ts).
 * - the security headers above on every answer, X-Powered-By removed.
 * One closure and one pass over the answer's headers (docs/decisions/027-request-cost.md).
 */
export function frontDoor(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    const sent = c.req.header('x-request-id')
    const requestId = sent !== undefined && REQUEST_ID.test(sent) ? sent : randomUUID()
    c.set('requestId', requestId)
    await next()
    const headers = c.res.headers
    headers.set('X-Request-Id', requestId)
    for (const [name, value] of SECURE_HEADERS) headers.set(name, value)
    headers.delete('X-Powered-By')
    if (logger.isLevelEnabled('info')) {
      logger.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request')
    }
  }
}
