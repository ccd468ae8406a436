import type { Selectable } from 'kysely'

/**
 * The 差评 evidence a draft topic was raised from (issue 11 item 7, decision 025); `evidence_key`
 * (`case:<id>`, `service:<id>:<YYYY-MM>`) is unique, so the same evidence raises one topic.
 */
export interface ConsultationTopicEvidenceTable {
  topic_id: string
  evidence_key: string
  kind: 'overdue_case' | 'poor_share'
  service_id: string
  case_id: string | null
  month: string
  ratings: number
  poor: number
  deadline: Date | null
  replied_at: Date | null
}
export type TopicEvidenceRow = Selectable<ConsultationTopicEvidenceTable>

export interface EvidenceTables {
  consultation_topic_evidence: ConsultationTopicEvidenceTable
}
