import type { ColumnType, Generated, Selectable } from 'kysely'

/** A milestone of the implementation (里程碑), done or not; kept as jsonb on the result and on each update. */
export interface MilestoneRecord {
  title: string
  done: boolean
}
/** jsonb: written as JSON text (pg would send a JS array as a PostgreSQL array), read back parsed. */
type Milestones = ColumnType<MilestoneRecord[], string, string>

/** 协商结果 of a topic, its 公示 and, once started, the current state of its implementation. */
export interface ConsultationOutcomeTable {
  topic_id: string
  community_id: string
  summary: string
  adopted: boolean
  /** Why not adopted (不采纳); optional words for an adopted one. */
  reason: string | null
  publicity_working_days: number
  published_at: Date
  /** End of the last working day of the 公示 on the community's clock. */
  publicity_ends_at: Date
  published_by: string
  /** Objections not answered yet, kept in the objection's and the answer's transactions. */
  objections_open: Generated<number>
  responsible_unit: string | null
  due_on: string | null
  due_at: Date | null
  progress: Generated<number>
  status_text: string | null
  milestones: ColumnType<MilestoneRecord[], string | undefined, string>
  started_at: Date | null
  done_at: Date | null
  /** When the overdue job noticed it, so it is noticed once. */
  overdue_noticed_at: Date | null
}
export type OutcomeRow = Selectable<ConsultationOutcomeTable>

export interface ConsultationObjectionTable {
  id: Generated<string>
  topic_id: string
  author_user_id: string
  body: string
  answer: string | null
  answered_by: string | null
  answered_at: Date | null
  created_at: Generated<Date>
}
export type ObjectionRow = Selectable<ConsultationObjectionTable>

export interface ConsultationImplementationUpdateTable {
  id: Generated<string>
  topic_id: string
  status_text: string
  progress: number
  milestones: Milestones
  responsible_unit: string
  due_on: string
  /** Why progress went down, when it did. */
  reason: string | null
  actor_user_id: string
  at: Date
}

/** A resident's own 关注 / 取消关注; without a row, having taken part follows the topic. */
export interface ConsultationFollowerTable {
  topic_id: string
  user_id: string
  following: boolean
  updated_at: Generated<Date>
}

export interface ConsultationOutcomeRatingTable {
  topic_id: string
  user_id: string
  level: number
  comment: string
  created_at: Generated<Date>
}

/**
 * Tables of 协商结果 (issue 11 item 6): the result and its 公示, objections, implementation updates, followers, 评议.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 */
export interface OutcomeTables {
  consultation_outcome: ConsultationOutcomeTable
  consultation_objection: ConsultationObjectionTable
  consultation_implementation_update: ConsultationImplementationUpdateTable
  consultation_follower: ConsultationFollowerTable
  consultation_outcome_rating: ConsultationOutcomeRatingTable
}
