import type { Generated, JSONColumnType } from 'kysely'

export interface AuditLogTable {
  id: Generated<string>
  at: Generated<Date>
  actor_user_id: string | null
  community_id: string | null
  action: string
  target_type: string
  target_id: string
  detail: JSONColumnType<Record<string, unknown>>
  request_id: string | null
}

export interface RateLimitTable {
  bucket: string
  window_start: Date
  hits: number
}
