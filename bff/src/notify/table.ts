import type { Generated, JSONColumnType } from 'kysely'

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined }

/** What the outbox stores for a message: a plain JSON object whose shape its kind defines. */
export type MessagePayload = { readonly [key: string]: Json | undefined }

/** The delivery queue: one row per message, claimed, sent and marked by the worker. */
export interface NotificationOutboxTable {
  /** Also the message's idempotency key (`outbox-<id>`), passed to every sender. */
  id: Generated<string>
  community_id: string
  user_id: string
  kind: string
  payload: JSONColumnType<MessagePayload>
  created_at: Generated<Date>
  sent_at: Date | null
  attempts: Generated<number>
  last_error: string | null
  /** A worker is sending it until then; past it, the claim is free again (the worker died). */
  claimed_until: Date | null
  /** After a failure, not before then (backoff); null = due now. */
  next_attempt_at: Date | null
}

export interface InboxMessageTable {
  id: Generated<string>
  community_id: string
  user_id: string
  kind: string
  payload: JSONColumnType<MessagePayload>
  created_at: Generated<Date>
  read_at: Date | null
}
