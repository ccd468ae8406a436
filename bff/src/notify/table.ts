import type { Generated, JSONColumnType } from 'kysely'

export interface InboxMessageTable {
  id: Generated<string>
  community_id: string
  user_id: string
  kind: string
  payload: JSONColumnType<Record<string, string>>
  created_at: Generated<Date>
  read_at: Date | null
}
