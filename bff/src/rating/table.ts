import type { Generated, JSONColumnType } from 'kysely'
import type { CaseStatus, CaseStepKind, SurveyQuestion } from '@linli/shared'

export interface RatingTable {
  id: Generated<string>
  community_id: string
  booking_id: string
  service_id: string
  category_id: string
  provider_id: string | null
  rater_user_id: string
  level: number
  tags: string[]
  comment: string
  month: string
  counted: Generated<boolean>
  created_at: Generated<Date>
}

/** Kept by triggers on `rating` (migration 2026_12_04_0910): never written by the app. */
export interface RatingRollupTable {
  community_id: string
  month: string
  service_id: string
  category_id: string
  provider_id: string | null
  rows: number
  ratings: number
  good: number
  poor: number
}

export interface RectificationCaseTable {
  id: Generated<string>
  community_id: string
  rating_id: string
  service_id: string
  status: CaseStatus
  deadline: Date
  escalated_at: Date | null
  reopened: Generated<boolean>
  resident_satisfied: boolean | null
  replied_at: Date | null
  created_at: Generated<Date>
  closed_at: Date | null
}

export interface CaseStepTable {
  id: Generated<string>
  case_id: string
  kind: CaseStepKind
  note: string
  actor_user_id: string | null
  at: Generated<Date>
}

export interface RatingAppealTable {
  id: Generated<string>
  rating_id: string
  community_id: string
  reason: string
  status: 'pending' | 'upheld' | 'rejected'
  filed_by: string
  decided_by: string | null
  decision_note: string | null
  filed_at: Generated<Date>
  decided_at: Date | null
}

export interface SurveyTable {
  id: Generated<string>
  community_id: string
  title: string
  description: string
  questions: JSONColumnType<SurveyQuestion[]>
  opens_on: string
  closes_on: string
  created_by: string
  created_at: Generated<Date>
}

export interface SurveyResponseTable {
  survey_id: string
  user_id: string
  answers: JSONColumnType<Record<string, number | string>>
  created_at: Generated<Date>
}
