import pino, { type Logger } from 'pino'

/**
 * JSON logs. Request logs carry method, path, status, duration and request id only: no headers,
 * bodies, tokens, phone numbers or codes, so nothing personal reaches the log store.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'linli-bff' },
    redact: { paths: ['*.authorization', '*.token', '*.phone', '*.code', 'headers'], remove: true },
  })
}
