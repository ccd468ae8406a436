import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../http/env'
import type { ChangeFeed, Family } from './changes'

/** Answers kept per route at most; past it the route starts again from empty. */
const KEPT_ANSWERS = 2_000

export interface PublicReadOptions {
  /** The family whose tables the route reads: any change to them forgets every answer kept. */
  family: Family
  /** True when this request's answer depends on who asks (a staff view, "mine" flags): never kept, never served from memory. */
  personal?: (c: Context<AppEnv>) => boolean
  /** Cache-Control for a reader who sent no token; a signed-in reader always gets `private, no-cache`. */
  anonymousCacheControl?: string
}

interface Kept {
  body: string
  etag: string
  contentType: string
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)
}

/**
 * A public read answered from memory (issue 13 item 1, docs/decisions/036-read-cache.md): the
 * first GET of a URL runs the route and keeps its 200 answer with an ETag computed once; later
 * GETs are answered from what was kept (a 304 when the reader already has it) without touching
 * the database, until the change feed says the family's tables changed. An answer read while the
 * family changed is served but not kept.
 */
export function publicRead(changes: ChangeFeed, options: PublicReadOptions): MiddlewareHandler<AppEnv> {
  const kept = new Map<string, Kept>()
  changes.on(options.family, () => kept.clear())
  const anonymous = options.anonymousCacheControl ?? 'public, no-cache'

  const headersFor = (c: Context<AppEnv>, etag: string): Record<string, string> => ({
    ETag: etag,
    Vary: 'Authorization',
    'Cache-Control': c.req.header('authorization') ? 'private, no-cache' : anonymous,
  })

  return async (c, next) => {
    if (c.req.method !== 'GET' || options.personal?.(c)) return next()
    const key = c.req.url
    const hit = kept.get(key)
    if (hit) {
      if (matches(c.req.header('if-none-match'), hit.etag)) return c.body(null, 304, headersFor(c, hit.etag))
      return c.body(hit.body, 200, { ...headersFor(c, hit.etag), 'Content-Type': hit.contentType })
    }
    const generation = changes.generation(options.family)
    await next()
    if (c.res.status !== 200) return
    const body = await c.res.text()
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`
    const contentType = c.res.headers.get('content-type') ?? 'application/json'
    if (changes.generation(options.family) === generation) {
      if (kept.size >= KEPT_ANSWERS) kept.clear()
      kept.set(key, { body, etag, contentType })
    }
    c.res = matches(c.req.header('if-none-match'), etag)
      ? new Response(null, { status: 304, headers: headersFor(c, etag) })
      : new Response(body, { status: 200, headers: { ...headersFor(c, etag), 'Content-Type': contentType } })
  }
}
