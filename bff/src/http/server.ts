import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { ERRORS, type ErrorBody, type ErrorCode } from '@linli/shared'

/** Node's own default, said here: a bearer token and a few cookies need a fraction of it. */
export const HEADER_LIMIT_BYTES = 16 * 1024

/** What Node's HTTP parser reports for a request it could not read, by the code we answer with. */
function codeOf(err: NodeJS.ErrnoException): ErrorCode {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE'
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT'
  return 'MALFORMED_JSON'
}

/**
 * A request Node could not parse never reaches Hono, so Node answers it itself, with an empty body
 * (431 for oversized headers). Answered here instead in the API's one error shape, so a client
 * that reads every error as `{ error: { code, message } }` can say what went wrong.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const code = codeOf(err)
  const body: ErrorBody = { error: { code, message: ERRORS[code].message } }
  const json = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${ERRORS[code].status} ${STATUS_CODES[ERRORS[code].status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  )
}

/** The BFF's HTTP server: main.ts and the tests that need a real socket both start it here. */
export function startHttpServer(
  app: { fetch: Parameters<typeof serve>[0]['fetch'] },
  address: { hostname: string; port: number },
  onListening?: Parameters<typeof serve>[1],
): ServerType {
  const server = serve({ fetch: app.fetch, ...address, serverOptions: { maxHeaderSize: HEADER_LIMIT_BYTES } }, onListening)
  server.on('clientError', answerClientError)
  return server
}
