import { bodyLimit } from 'hono/body-limit'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './env'
import { AppError } from './errors'

/** Past this much of a refused body, or this long, reading it is not worth it: the socket closes. */
export const REFUSED_BODY_DRAIN_MAX_BYTES = 64 * 1024 * 1024
export const REFUSED_BODY_DRAIN_MS = 10_000

/**
 * Reads and throws away a body the app will not use, up to the limits above. A client that sends
 * its whole body before it reads the answer (most HTTP libraries) loses the answer when the server
 * closes the socket under it: the peer's TCP reset discards what it had not read yet. Measured
 * here: a 10 MB upload to a server that stopped reading ended in EPIPE with no 413 at all.
 */
async function drain(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader()
  const timer = setTimeout(() => void reader.cancel().catch(() => undefined), REFUSED_BODY_DRAIN_MS)
  try {
    let bytes = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      bytes += value.length
      if (bytes > REFUSED_BODY_DRAIN_MAX_BYTES) {
        await reader.cancel()
        return
      }
    }
  } catch {
    // The client went away or the timer cancelled the read: there is nobody left to answer.
  } finally {
    clearTimeout(timer)
  }
}

/**
 * 413 PAYLOAD_TOO_LARGE for a body over `maxSize`, as JSON the client actually receives. A declared
 * Content-Length over the limit is refused before any parsing, after its body has been drained; a
 * chunked body is counted as it streams by Hono's bodyLimit.
 */
export function requestBodyLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  // Either way the connection is not reused: what is left of a chunked body is still on the wire.
  const refuse = (c: Context<AppEnv>): never => {
    c.header('Connection', 'close')
    throw new AppError('PAYLOAD_TOO_LARGE')
  }
  const streamed = bodyLimit({ maxSize, onError: refuse })
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0)
    const body = c.req.raw.body
    if (body && !c.req.header('transfer-encoding') && declared > maxSize) {
      await drain(body)
      refuse(c)
    }
    return streamed(c, next)
  }
}
