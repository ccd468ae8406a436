import type { Generated, Selectable } from 'kysely'

/** 上报街道 (issue 11 item 8): one row per sending; at most one unanswered per topic (a partial unique index). */
export interface ConsultationEscalationTable {
  id: Generated<string>
  topic_id: string
  community_id: string
  street_id: string
  reason: string
  /** `YYYY-MM-DD` on the community's clock (pg `date`, read as a string). */
  due_date: string
  sent_by: string
  sent_at: Generated<Date>
  answer: string | null
  answered_by: string | null
  answered_at: Date | null
}
export type EscalationRow = Selectable<ConsultationEscalationTable>

/**
 * Tables of 上报街道 (issue 11 item 8) and what staff and street views keep (item 9: they keep
 * nothing of their own, they read the topics, moves, opinions and votes).
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface OversightTables {
  consultation_escalation: ConsultationEscalationTable
}
