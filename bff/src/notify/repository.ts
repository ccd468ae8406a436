import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import { preparedRead } from '../db/prepared'
import type { InboxMessageTable, NotificationOutboxTable } from './table'

export interface InboxCursor {
  createdAt: Date
  id: string
}

/** One page of a resident's messages, newest first; one row more than asked says there is a next page. */
export function listInbox(db: Db, userId: string, page: { after?: InboxCursor; limit: number }) {
  let q = db
    .selectFrom('inbox_message')
    .select(['id', 'community_id', 'kind', 'payload', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
  if (page.after) {
    const { createdAt, id } = page.after
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]))
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute()
}

export type InboxRow = Awaited<ReturnType<typeof listInbox>>[number]

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('inbox_message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Marks one of her messages read (the first time only, so `read_at` says when she first saw it). */
export function markRead(db: Db, userId: string, messageId: string, now: Date) {
  return db
    .updateTable('inbox_message')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('user_id', '=', userId)
    .where('id', '=', messageId)
    .returning(['id', 'community_id', 'kind', 'payload', 'created_at', 'read_at'])
    .executeTakeFirst()
}

export function markAllRead(db: Db, userId: string, now: Date) {
  return db.updateTable('inbox_message').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute()
}

/** A deleted account's messages: its inbox and whatever the outbox has not sent it yet. */
export async function deleteMessagesOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('inbox_message').where('user_id', '=', userId).execute()
  await db.deleteFrom('notification_outbox').where('user_id', '=', userId).where('sent_at', 'is', null).execute()
}

export function insertOutbox(db: Db, row: Insertable<NotificationOutboxTable>) {
  return db.insertInto('notification_outbox').values(row).execute()
}

export function insertInbox(db: Db, row: Insertable<InboxMessageTable>) {
  return db.insertInto('inbox_message').values(row).execute()
}

/**
 * Claims up to `limit` due rows in one statement (its own short transaction): each counts an
 * attempt and is claimed until `claimedUntil`. SKIP LOCKED keeps two workers off the same rows;
 * the row locks end when the statement commits, before anything is sent. Oldest first.
 */
export function claimDue(db: Db, claim: { now: Date; claimedUntil: Date; limit: number; maxAttempts: number }) {
  const due = db
    .selectFrom('notification_outbox')
    .select('id')
    .where('sent_at', 'is', null)
    .where('attempts', '<', claim.maxAttempts)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', claim.now)]))
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
    .orderBy('id')
    .limit(claim.limit)
    .forUpdate()
    .skipLocked()
  return db
    .with('claimed', (q) =>
      q
        .updateTable('notification_outbox')
        .set((eb) => ({ claimed_until: claim.claimedUntil, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .returning(['id', 'user_id', 'kind', 'payload', 'attempts']),
    )
    .selectFrom('claimed')
    .innerJoin('app_user', 'app_user.id', 'claimed.user_id')
    .select(['claimed.id', 'claimed.kind', 'claimed.payload', 'claimed.attempts', 'app_user.wx_openid'])
    .orderBy('claimed.id')
    .execute()
}

export type ClaimedRow = Awaited<ReturnType<typeof claimDue>>[number]

/**
 * Records how a claimed send ended, if the claim is still this worker's: a worker whose claim ran
 * out and was taken by another leaves the row to the one that holds it now.
 */
export function finishClaim(
  db: Db,
  id: string,
  claimedUntil: Date,
  outcome: { sent_at: Date | null; last_error: string | null; next_attempt_at: Date | null },
) {
  return db
    .updateTable('notification_outbox')
    .set({ ...outcome, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_until', '=', claimedUntil)
    .executeTakeFirst()
}

/** /health asks it on every call (a load balancer's probe): compiled once (decision 043). */
const backlogRow = preparedRead((db, v: { maxAttempts: number }) =>
  db
    .selectFrom('notification_outbox')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('sent_at', 'is', null)
    .where('attempts', '<', v.maxAttempts),
)

/** What is still to send: rows neither sent nor given up on, and when the oldest was written. */
export async function backlog(db: Db, maxAttempts: number): Promise<{ pending: number; oldest: Date | null }> {
  // An aggregate without GROUP BY always answers one row.
  const [row] = await backlogRow(db, { maxAttempts })
  return { pending: Number(row?.n ?? 0), oldest: row?.oldest ?? null }
}
