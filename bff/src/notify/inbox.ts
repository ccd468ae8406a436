import type { InboxMessage, UnreadCount } from '@linli/shared'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { decodeCursor, pageFrom } from '../http/cursor'
import { AppError } from '../http/errors'
import { localMoment } from '../calendar/local-time'
import { communityZones } from '../calendar/service'
import { registeredKind, renderMessage } from './messages'
import * as repo from './repository'

/**
 * Row → API shape: the texts of its kind (the ones WeChat and the console send), read from its
 * payload; `tz` is the zone of the community it is about.
 */
function toMessage(row: repo.InboxRow, tz: string): InboxMessage {
  const { kind, title, service, date, time, place, previous, note, target } = renderMessage(registeredKind(row.kind), row.payload)
  const createdAt = row.created_at
  return { id: row.id, kind, title, service, date, time, place, previous, note, target, createdAt: createdAt.toISOString(), createdAtLocal: localMoment(createdAt, tz), read: row.read_at !== null }
}

async function toMessages(deps: Deps, rows: readonly repo.InboxRow[]): Promise<InboxMessage[]> {
  const zoneOf = await communityZones(deps.db, rows.map((r) => r.community_id))
  return rows.map((r) => toMessage(r, zoneOf(r.community_id)))
}

/** 我的消息: only the caller's own, newest first, cursor-paginated. */
export async function listMessages(deps: Deps, auth: Auth, query: { cursor?: string; limit: number }) {
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listInbox(deps.db, auth.userId, {
    after: after && { createdAt: after.key, id: after.id },
    limit: query.limit,
  })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  return { items: await toMessages(deps, page.rows), nextCursor: page.nextCursor }
}

/** The badge on 我的. */
export async function unreadCount(deps: Deps, auth: Auth): Promise<UnreadCount> {
  return { unread: await repo.countUnread(deps.db, auth.userId) }
}

/** Opening a message reads it; someone else's message is not found (its existence is not told). */
export async function readMessage(deps: Deps, auth: Auth, messageId: string): Promise<InboxMessage> {
  const row = await repo.markRead(deps.db, auth.userId, messageId, deps.now())
  if (!row) throw new AppError('MESSAGE_NOT_FOUND')
  const zoneOf = await communityZones(deps.db, [row.community_id])
  return toMessage(row, zoneOf(row.community_id))
}

export async function readAllMessages(deps: Deps, auth: Auth): Promise<UnreadCount> {
  await repo.markAllRead(deps.db, auth.userId, deps.now())
  return { unread: 0 }
}

/** A deleted account's messages go with it, in the caller's transaction; nothing more is sent to it. */
export function forgetRecipient(db: Db, userId: string): Promise<void> {
  return repo.deleteMessagesOf(db, userId)
}
