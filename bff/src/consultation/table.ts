import type { Generated, Selectable } from 'kysely'
import type { TopicState, VoteRule } from '@linli/shared'

/** A community's own thresholds and 征集 period; a community without a row has the defaults. */
export interface ConsultationSettingsTable {
  community_id: string
  support_min: number
  /** Share of registered residents, in basis points (100 = 1 %). */
  support_share_bp: number
  collection_days: number
}

/** 协商目录: `community_id` null is the default directory every community has. */
export interface ConsultationCategoryTable {
  id: Generated<string>
  community_id: string | null
  name: string
  sort_order: number
}

export interface ConsultationTopicTable {
  id: Generated<string>
  community_id: string
  category_id: string
  proposer_user_id: string
  title: string
  description: string
  links: string[]
  state: TopicState
  state_reason: string | null
  threshold: number
  support_count: Generated<number>
  expires_at: Date
  created_at: Generated<Date>
}
export type TopicRow = Selectable<ConsultationTopicTable>

export interface ConsultationSupportTable {
  topic_id: string
  user_id: string
  created_at: Generated<Date>
}

export type TopicMover = 'staff' | 'proposer' | 'system'

export interface ConsultationTopicMoveTable {
  id: Generated<string>
  topic_id: string
  from_state: TopicState | null
  to_state: TopicState
  reason: string | null
  actor_kind: TopicMover
  actor_user_id: string | null
  at: Generated<Date>
}

export type OpinionStance = 'support' | 'oppose' | 'neutral'
/** 待审核: three residents reported it, hidden until staff restore or confirm. */
export type OpinionStatus = 'visible' | 'pending_review' | 'hidden'

export interface ConsultationOpinionTable {
  id: Generated<string>
  topic_id: string
  parent_id: string | null
  author_user_id: string
  stance: OpinionStance | null
  body: string
  like_count: Generated<number>
  report_count: Generated<number>
  status: Generated<OpinionStatus>
  hidden_reason: string | null
  created_at: Generated<Date>
}
export type OpinionRow = Selectable<ConsultationOpinionTable>

export interface ConsultationOpinionLikeTable {
  opinion_id: string
  user_id: string
  created_at: Generated<Date>
}

export interface ConsultationOpinionReportTable {
  opinion_id: string
  user_id: string
  created_at: Generated<Date>
}

/** A vote on a topic; `eligible` is fixed when opened, `turnout` kept in each ballot's transaction. */
export interface ConsultationVoteTable {
  id: Generated<string>
  topic_id: string
  rule: VoteRule
  opens_at: Date
  closes_at: Date
  eligible: number
  turnout: Generated<number>
  opened_by: string
  created_at: Generated<Date>
}
export type VoteRow = Selectable<ConsultationVoteTable>

/** An option and its count: the only place what was chosen is kept, with no voter beside it. */
export interface ConsultationVoteOptionTable {
  id: Generated<string>
  vote_id: string
  label: string
  adopts: boolean
  sort_order: number
  votes: Generated<number>
}

/** THAT she voted, never what (secret ballot). */
export interface ConsultationBallotTable {
  vote_id: string
  user_id: string
}
