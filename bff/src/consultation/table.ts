import type { ColumnType, Generated, Selectable } from 'kysely'
import type { TopicState, VoteOutcome, VoteRule } from '@linli/shared'

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
  /** 民法典 art. 278: the registry's floor area at open, and the area of those who took part (0.01 m²). */
  eligible_area_centi: Area
  turnout_area_centi: Area
  opened_by: string
  created_at: Generated<Date>
  /** Set once by the close job, with the outcome, so two runs close a vote once. */
  closed_at: Date | null
  outcome: VoteOutcome | null
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
  area_centi: Area
}

/** int8 arrives as a string (db/database.ts); written as a number, defaulting to 0. */
type Area = ColumnType<string, number | string | undefined, number | string>

/**
 * THAT she voted, never what (secret ballot). For the household and owners' rules the ballot is
 * also her household's: one per household (a partial unique index). `assisted_by` is the helper of
 * a 代办 ballot.
 */
export interface ConsultationBallotTable {
  vote_id: string
  user_id: string
  household_id: string | null
  assisted_by: string | null
}

/** The registry's totals, replaced with its households in one transaction at each import. */
export interface ConsultationRegistryTable {
  community_id: string
  households: number
  owners: number
  area_centi: Area
  imported_by: string
  imported_at: Date
}

/** One 专有部分 of the registry: its code, owner (sealed) and floor area. */
export interface ConsultationRegistryHouseholdTable {
  id: Generated<string>
  community_id: string
  household_code: string
  household_key: string
  owner_name_enc: string
  owner_name_hash: string
  area_centi: Area
}
export type RegistryHouseholdRow = Selectable<ConsultationRegistryHouseholdTable>

/** A resident's household; `is_owner` when her name is the registry's owner name. */
export interface ConsultationRegistryLinkTable {
  user_id: string
  household_id: string
  is_owner: boolean
  created_at: Generated<Date>
}

/** ★ The summary of minority views and staff's answer, required before a vote opens (item 2). */
export interface ConsultationMinoritySummaryTable {
  topic_id: string
  summary: string
  answer: string
  written_by: string
  written_at: Date
}

/** The vote feature's new tables; db/database.ts's Database should extend this (see vote-repository's `tables`). */
export interface VoteTables {
  consultation_registry: ConsultationRegistryTable
  consultation_registry_household: ConsultationRegistryHouseholdTable
  consultation_registry_link: ConsultationRegistryLinkTable
  consultation_minority_summary: ConsultationMinoritySummaryTable
}
