import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import { statementsTogether } from './together'

export interface AuditEntry {
  actorUserId: string | null
  communityId: string | null
  action: string
  targetType: string
  targetId: string
  detail?: Record<string, unknown>
  requestId?: string | null
}

/** Appends to the audit log (the table refuses updates and deletes); call it inside the change's transaction. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      community_id: entry.communityId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      detail: JSON.stringify(entry.detail ?? {}),
      request_id: entry.requestId ?? null,
    })
    .execute()
}

/**
 * The same entry as a statement to run inside another one (seats.takeSeatAndHold's `also`), so a
 * change and its audit entry are one round trip, as they are one transaction.
 */
export function auditStatement(entry: AuditEntry): RawBuilder<unknown> {
  return sql`insert into audit_log (actor_user_id, community_id, action, target_type, target_id, detail, request_id)
    values (${entry.actorUserId}::uuid, ${entry.communityId}::uuid, ${entry.action}::text, ${entry.targetType}::text, ${entry.targetId}::text, ${JSON.stringify(entry.detail ?? {})}::jsonb, ${entry.requestId ?? null}::text)`
}

/**
 * `auditStatement` for many entries in one statement, the same text however many there are (a
 * group commit, seats.takeSeatsTogether): entry i (from 1) is written when `written`, a select of
 * positions `n`, has i; every entry when there is no `written` (`auditLook`).
 */
export function auditEach(entries: readonly AuditEntry[], written?: RawBuilder<unknown>): RawBuilder<unknown> {
  const column = <V>(of: (e: AuditEntry) => V) => entries.map(of)
  return sql`insert into audit_log (actor_user_id, community_id, action, target_type, target_id, detail, request_id)
    select a.actor_user_id, a.community_id, a.action, a.target_type, a.target_id, a.detail, a.request_id
    from unnest(${column((e) => e.actorUserId)}::uuid[], ${column((e) => e.communityId)}::uuid[], ${column((e) => e.action)}::text[], ${column((e) => e.targetType)}::text[],
      ${column((e) => e.targetId)}::text[], ${column((e) => JSON.stringify(e.detail ?? {}))}::jsonb[], ${column((e) => e.requestId ?? null)}::text[])
      with ordinality as a(actor_user_id, community_id, action, target_type, target_id, detail, request_id, n)
    ${written === undefined ? sql`` : sql`where a.n in (${written})`}`
}

/** Looks written together (docs/decisions/047). */
const looks = statementsTogether(async (db: Db, batch: readonly AuditEntry[]) => {
  await auditEach(batch).execute(db)
  return batch.map(() => undefined)
})
let lookNo = 0

/**
 * Records that someone looked at personal information (the staff board, a booking's detail),
 * outside any transaction, and resolves once it is written: the answer waits for its entry, as with
 * `writeAudit`, but the looks that arrive while one statement is writing share the next one, so
 * twenty staff refreshing their boards cost two statements, not twenty commits.
 */
export function auditLook(db: Db, entry: AuditEntry): Promise<void> {
  return looks(db, String(++lookNo), entry)
}

/**
 * Audit entries of some communities, newest first (time, then id), a page: `after` is the last
 * entry of the page before. The `(community_id, at)` index serves it.
 */
export function listAudit(db: Db, filter: { communityIds: readonly string[]; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_user_id', 'community_id', 'action', 'target_type', 'target_id', 'detail'])
    .where('community_id', 'in', filter.communityIds)
  if (filter.after) q = q.where(afterPosition('audit_log.at', 'audit_log.id', filter.after, 'desc'))
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute()
}
