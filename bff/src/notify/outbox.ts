import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database'
import { type MessageKind, type MessagePayload, registeredKind } from './messages'
import * as repo from './repository'

/** Who a message is for: the user, in the community whose change it reports. */
export interface Recipient {
  userId: string
  communityId: string
}

/**
 * Writes a message to the outbox, and to her 我的消息 when its kind is in-app. Call it inside the
 * transaction of the change it reports, so a rolled-back booking never sends 预约成功 and a
 * committed one always does (the worker delivers). A kind app.ts did not register is refused here,
 * not found undeliverable later.
 */
export async function enqueue<P extends MessagePayload>(
  db: Db,
  message: { kind: MessageKind<P>; recipient: Recipient; payload: NoInfer<P> },
): Promise<void> {
  const kind = registeredKind(message.kind.name, message.kind)
  const row = { community_id: message.recipient.communityId, user_id: message.recipient.userId, kind: kind.name, payload: JSON.stringify(message.payload) }
  await repo.insertOutbox(db, { ...row, sent_at: null, last_error: null, claimed_until: null, next_attempt_at: null })
  if (kind.inApp) await repo.insertInbox(db, { ...row, read_at: null })
}

/**
 * `enqueue` as statements to run inside another one, each writing only when `when` holds: for a
 * caller that puts its message in the very statement that takes a seat (seats.takeSeatAndHold), so
 * nothing is left between that statement and the commit while the seat's row is locked.
 */
export function enqueueWhen<P extends MessagePayload>(
  message: { kind: MessageKind<P>; recipient: Recipient; payload: NoInfer<P> },
  when: RawBuilder<unknown>,
): RawBuilder<unknown>[] {
  const kind = registeredKind(message.kind.name, message.kind)
  const values = sql`${message.recipient.communityId}::uuid, ${message.recipient.userId}::uuid, ${kind.name}::text, ${JSON.stringify(message.payload)}::jsonb`
  const out = [sql`insert into notification_outbox (community_id, user_id, kind, payload) select ${values} where ${when}`]
  if (kind.inApp) out.push(sql`insert into inbox_message (community_id, user_id, kind, payload) select ${values} where ${when}`)
  return out
}

/**
 * `enqueueWhen` for many messages in the same statements however many there are (a group commit,
 * seats.takeSeatsTogether): message i (from 1) is written when `written`, a select of positions
 * `n`, has i.
 */
export function enqueueEach<P extends MessagePayload>(messages: readonly { kind: MessageKind<P>; recipient: Recipient; payload: NoInfer<P> }[], written: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const kinds = messages.map((m) => registeredKind(m.kind.name, m.kind))
  const rows = sql`unnest(${messages.map((m) => m.recipient.communityId)}::uuid[], ${messages.map((m) => m.recipient.userId)}::uuid[], ${kinds.map((k) => k.name)}::text[], ${messages.map((m) => JSON.stringify(m.payload))}::jsonb[], ${kinds.map((k) => k.inApp)}::boolean[]) with ordinality as m(community_id, user_id, kind, payload, in_app, n)`
  const chosen = sql`m.n in (${written})`
  return [
    sql`insert into notification_outbox (community_id, user_id, kind, payload) select m.community_id, m.user_id, m.kind, m.payload from ${rows} where ${chosen}`,
    sql`insert into inbox_message (community_id, user_id, kind, payload) select m.community_id, m.user_id, m.kind, m.payload from ${rows} where ${chosen} and m.in_app`,
  ]
}
