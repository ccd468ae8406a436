import { createHash } from 'node:crypto'
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@linli/shared'
import type { MiddlewareHandler } from 'hono'
import { sql } from 'kysely'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Deps } from '../deps'
import type { AppEnv } from '../http/env'
import { AppError } from '../http/errors'
import type { Db } from '../db/database'
import { statementsTogether } from './together'

const TTL_HOURS = 24
/**
 * How long a claim holds without news from its request. The request renews it every third of
 * that while it runs, so only a request that died (a crash, a kill -9) lets it lapse; a retry then
 * takes the key over instead of answering 409 for a day.
 */
export const IDEMPOTENCY_LEASE_MS = 15_000
const LEASE_RENEW_MS = IDEMPOTENCY_LEASE_MS / 3

/**
 * `Idempotency-Key` for POSTs a double tap could duplicate (IETF draft-ietf-httpapi-idempotency-key-header):
 * 1. The same key and body again → the first response again (`Idempotent-Replayed: true`).
 * 2. The same key with another body → 422 IDEMPOTENCY_KEY_REUSED.
 * 3. The first request still running → 409 IDEMPOTENCY_IN_PROGRESS.
 * 4. A 5xx is not kept, so a retry after a failure runs again. Keys last 24 hours, per user.
 * 5. A claim whose request died lapses after IDEMPOTENCY_LEASE_MS: the retry runs again (decision 017).
 * The record is claimed with one insert, so two concurrent requests cannot both run. While the
 * request runs, `expires_at` is its lease; once answered, the 24 hours.
 */
export function idempotency(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    const auth = c.get('auth')
    if (!key || !auth) return next()
    if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'Idempotency-Key', message: '幂等键过长' }] })
    }
    const body = await c.req.text()
    const fingerprint = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('base64url')
    const now = deps.now()
    // One statement claims her key, with the keys of the keyed POSTs that arrive meanwhile (`claims`).
    const claimed = await claims(deps.db, `${auth.userId}\n${key}`, { userId: auth.userId, key, fingerprint, now, lease: leaseFrom(now) })
    if (!claimed) {
      const existing = await deps.db
        .selectFrom('idempotency_record')
        .select(['fingerprint', 'response_status', 'response_body'])
        .where('user_id', '=', auth.userId)
        .where('key', '=', key)
        .executeTakeFirst()
      // 2.
      if (!existing || existing.fingerprint !== fingerprint) throw new AppError('IDEMPOTENCY_KEY_REUSED')
      // 3.
      if (existing.response_status === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS')
      // 1.
      c.header('Idempotent-Replayed', 'true')
      return c.json(existing.response_body, existing.response_status as ContentfulStatusCode)
    }

    const renewal = setInterval(() => void renewLease(deps, auth.userId, key), LEASE_RENEW_MS)
    try {
      await next()
    } catch (err) {
      await release(deps, auth.userId, key)
      throw err
    } finally {
      clearInterval(renewal)
    }
    // 4.
    if (c.res.status >= 500) {
      await release(deps, auth.userId, key)
      return
    }
    // The body as the client gets it: JSON text, stored as jsonb without parsing it here first.
    const text = c.res.status === 204 ? '' : await c.res.clone().text()
    const responseBody = text === '' ? null : text
    await answers(deps.db, `${auth.userId}\n${key}`, {
      userId: auth.userId,
      key,
      status: c.res.status,
      body: responseBody,
      expiresAt: new Date(deps.now().getTime() + TTL_HOURS * 3600_000),
    })
  }
}

/**
 * Keyed POSTs that arrive together claim their keys in one statement, and save their answers in
 * one (platform/together, docs/decisions/048): 500 volunteers signing up at once cost a handful of
 * claims, not 500. One user's key never appears twice in a statement. Fixed texts, whatever the
 * batch's size (docs/decisions/027-request-cost.md).
 */
interface Claim {
  userId: string
  key: string
  fingerprint: string
  now: Date
  lease: Date
}

const claims = statementsTogether(async (db: Db, batch: readonly Claim[]) => {
  const column = <V>(of: (c: Claim) => V) => batch.map(of)
  // 5. An expired key and a lapsed claim go alike: the same statement claims the key anew.
  const claimed = await sql<{ user_id: string; key: string }>`insert into idempotency_record (user_id, key, fingerprint, response_status, response_body, created_at, expires_at)
    select u.user_id, u.key, u.fingerprint, null, null, u.created_at, u.expires_at
    from unnest(${column((c) => c.userId)}::uuid[], ${column((c) => c.key)}::text[], ${column((c) => c.fingerprint)}::text[], ${column((c) => c.now)}::timestamptz[], ${column((c) => c.lease)}::timestamptz[])
      as u(user_id, key, fingerprint, created_at, expires_at)
    on conflict (user_id, key) do update set fingerprint = excluded.fingerprint, response_status = null, response_body = null, created_at = excluded.created_at, expires_at = excluded.expires_at
      where idempotency_record.expires_at <= excluded.created_at
    returning user_id, key`.execute(db)
  const won = new Set(claimed.rows.map((r) => `${r.user_id}\n${r.key}`))
  return batch.map((c) => won.has(`${c.userId}\n${c.key}`))
})

interface Answer {
  userId: string
  key: string
  status: number
  /** JSON text, stored as jsonb without parsing it here first. */
  body: string | null
  expiresAt: Date
}

const answers = statementsTogether(async (db: Db, batch: readonly Answer[]) => {
  const column = <V>(of: (a: Answer) => V) => batch.map(of)
  await sql`update idempotency_record r set response_status = u.status, response_body = u.body::jsonb, expires_at = u.expires_at
    from unnest(${column((a) => a.userId)}::uuid[], ${column((a) => a.key)}::text[], ${column((a) => a.status)}::int[], ${column((a) => a.body)}::text[], ${column((a) => a.expiresAt)}::timestamptz[])
      as u(user_id, key, status, body, expires_at)
    where r.user_id = u.user_id and r.key = u.key`.execute(db)
  return batch.map(() => undefined)
})

function leaseFrom(now: Date): Date {
  return new Date(now.getTime() + IDEMPOTENCY_LEASE_MS)
}

/** Best effort: a renewal lost to a database hiccup only shortens the lease, and the next one may land. */
async function renewLease(deps: Deps, userId: string, key: string): Promise<void> {
  try {
    await deps.db
      .updateTable('idempotency_record')
      .set({ expires_at: leaseFrom(deps.now()) })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('response_status', 'is', null)
      .execute()
  } catch (err) {
    deps.logger.warn({ err, key }, 'idempotency lease not renewed')
  }
}

async function release(deps: Deps, userId: string, key: string): Promise<void> {
  await deps.db.deleteFrom('idempotency_record').where('user_id', '=', userId).where('key', '=', key).execute()
}
