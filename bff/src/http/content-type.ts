import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env'
import { AppError } from './errors'

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// application/json and any +json type (application/merge-patch+json), with or without a charset.
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/**
 * Every body the API takes is JSON: one sent as anything else is 415 UNSUPPORTED_MEDIA_TYPE, said
 * once here, instead of whatever each validator makes of a form or a text body. A request without
 * a body (confirm, logout) needs no content type.
 */
export function requireJsonBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const hasBody = c.req.header('transfer-encoding') !== undefined || Number(c.req.header('content-length') ?? 0) > 0
    if (METHODS_WITH_BODY.has(c.req.method) && hasBody && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE')
    }
    await next()
  }
}
