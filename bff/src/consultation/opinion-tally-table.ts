/**
 * The visible opinions (not replies) of a topic per stance, and when the latest visible 反对 was
 * posted: kept by a trigger on consultation_opinion in the transaction of each post, report that
 * sends one to review, and staff's hide or restore (migration 2026_12_01_2000), so the opinions
 * page and the minority check read one row instead of counting (issue 11 Speed). Read only by
 * opinion-repository.ts; nothing writes it but the trigger. A topic without opinions has no row.
 */
export interface ConsultationOpinionTallyTable {
  topic_id: string
  support: number
  oppose: number
  neutral: number
  oppose_latest_at: Date | null
}

/**
 * Tables of the opinion counters. db/database.ts: `Database` extends this interface; until it does,
 * opinion-repository.ts reads them through `withTables<OpinionTallyTables>()`.
 */
export interface OpinionTallyTables {
  consultation_opinion_tally: ConsultationOpinionTallyTable
}
