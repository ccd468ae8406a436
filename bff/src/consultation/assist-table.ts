import type { Generated, Selectable } from 'kysely'

/** What a helper acted as when she did an act for a resident (代办). */
export type AssistHelperRole = 'staff' | 'street_admin' | 'grid_worker' | 'family'

/**
 * 代办 (issue 11 item 5): one row per act a helper did for a resident who was present, written in
 * the act's own transaction. It says that the act was done with help, by whom and why; for a
 * ballot never which option (the ballot itself does not know either).
 */
export interface ConsultationAssistTable {
  id: Generated<string>
  topic_id: string
  community_id: string
  kind: 'support' | 'opinion' | 'ballot'
  opinion_id: string | null
  resident_user_id: string
  helper_user_id: string
  helper_role: AssistHelperRole
  reason: string
  created_at: Generated<Date>
}
export type ConsultationAssistRow = Selectable<ConsultationAssistTable>

/**
 * Tables of 代办 (issue 11 item 5): who helped whom with which act, and why.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface AssistTables {
  consultation_assist: ConsultationAssistTable
}
