import type { Db } from '../db/database'

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
