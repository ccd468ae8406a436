import { ERRORS, type ErrorBody, type ErrorCode } from '@linli/shared'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'
import type { ZodError } from 'zod'
import { isDatabaseTimeout, isRetryableConflict } from '../db/transaction'

export interface FieldIssue {
  path: string
  message: string
}

/** The one error type of the BFF: a stable code from shared/ and its HTTP status. */
export class AppError extends HTTPException {
  readonly code: ErrorCode
  readonly fields: FieldIssue[] | undefined

  constructor(code: ErrorCode, options: { message?: string; fields?: FieldIssue[]; cause?: unknown } = {}) {
    super(ERRORS[code].status as ContentfulStatusCode, {
      message: options.message ?? ERRORS[code].message,
      cause: options.cause,
    })
    this.code = code
    this.fields = options.fields
  }
}

export function validationError(error: ZodError): AppError {
  return new AppError('VALIDATION_FAILED', {
    fields: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  })
}

// SQLSTATE classes 08 (connection) and 57P (operator intervention), 53300 (too many connections),
// and the node-level errors pg raises when it cannot reach the server at all.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', '53300', '57P01', '57P02', '57P03'])

function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not queryable/.test(err.message)
}

/** Maps anything thrown to `{ error: { code, message } }`; never a stack trace, SQL or internal id. */
export function toErrorResponse(err: unknown, c: Context, logger: Logger): Response {
  let appError: AppError
  if (err instanceof AppError) {
    appError = err
  } else if (err instanceof HTTPException) {
    // Hono's own validators and middleware: malformed JSON, payload too large, etc.
    if (err.status === 400 && /JSON/i.test(err.message)) appError = new AppError('MALFORMED_JSON')
    else if (err.status === 413) appError = new AppError('PAYLOAD_TOO_LARGE')
    else if (err.status === 401) appError = new AppError('UNAUTHENTICATED')
    else if (err.status === 404) appError = new AppError('NOT_FOUND')
    else appError = new AppError('UNPROCESSABLE')
  } else if (isRetryableConflict(err)) {
    // Still conflicting after inTransaction's retries (or outside one): busy, never a 500.
    logger.warn({ err, requestId: c.get('requestId') }, 'transaction conflict after retries')
    appError = new AppError('SERVICE_UNAVAILABLE')
  } else if (isDatabaseTimeout(err)) {
    // A statement, lock or transaction ran past its bound (DB_*_TIMEOUT_MS): busy, never a hang.
    logger.warn({ err, requestId: c.get('requestId') }, 'database wait timed out')
    appError = new AppError('SERVICE_UNAVAILABLE')
  } else if (isDatabaseUnavailable(err)) {
    logger.error({ err, requestId: c.get('requestId') }, 'database unavailable')
    appError = new AppError('SERVICE_UNAVAILABLE')
  } else {
    logger.error({ err, requestId: c.get('requestId') }, 'unhandled error')
    appError = new AppError('INTERNAL')
  }
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.fields ? { fields: appError.fields } : {}),
    },
  }
  return c.json(body, appError.status)
}
