import type { Db } from '../db/database'

export interface InboxCursor {
  createdAt: Date
  id: string
}

/** One page of a resident's messages, newest first; one row more than asked says there is a next page. */
export function listInbox(db: Db, userId: string, page: { after?: InboxCursor; limit: number }) {
  let q = db
    .selectFrom('inbox_message')
    .select(['id', 'kind', 'payload', 'created_at', 'read_at'])
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
    .returning(['id', 'kind', 'payload', 'created_at', 'read_at'])
    .executeTakeFirst()
}

export function markAllRead(db: Db, userId: string, now: Date) {
  return db.updateTable('inbox_message').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).execute()
}
