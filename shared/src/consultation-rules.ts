import { z } from 'zod'

/**
 * The rule a consultation vote is decided by, chosen by staff when they open it (issue 11 item 3).
 * The arithmetic lives in bff/src/consultation/vote-rules.ts; the legal sources are cited there and
 * in docs/decisions/021-vote-rules.md.
 */
export const VOTE_RULES = ['resident_meeting', 'household', 'owners_278_ordinary', 'owners_278_major', 'opinion_poll'] as const
export const VoteRuleSchema = z.enum(VOTE_RULES)
export type VoteRule = z.infer<typeof VoteRuleSchema>

export const VOTE_RULE_LABELS: Record<VoteRule, string> = {
  resident_meeting: '居民会议',
  household: '户代表表决',
  owners_278_ordinary: '业主共同决定（一般事项）',
  owners_278_major: '业主共同决定（重大事项）',
  opinion_poll: '意见征询',
}

/** What each rule asks, in the words the vote page shows beside the participation bar. */
export const VOTE_RULE_SUMMARIES: Record<VoteRule, string> = {
  resident_meeting: '过半数居民参加方为有效，经参加人过半数同意通过',
  household: '每户一票；城市社区过半数户参加、农村社区三分之二以上的户参加方为有效，经参加户过半数同意通过',
  owners_278_ordinary: '专有部分面积和人数均占三分之二以上的业主参与表决，经参与表决面积和人数均过半数的业主同意通过',
  owners_278_major: '专有部分面积和人数均占三分之二以上的业主参与表决，经参与表决面积和人数均四分之三以上的业主同意通过',
  opinion_poll: '不设法定人数，结果仅供参考',
}

/** Rules whose electorate is the owners' registry (民法典 art. 278): headcount and floor area. */
export const OWNER_VOTE_RULES = ['owners_278_ordinary', 'owners_278_major'] as const satisfies readonly VoteRule[]
export function isOwnerVoteRule(rule: VoteRule): rule is (typeof OWNER_VOTE_RULES)[number] {
  return (OWNER_VOTE_RULES as readonly VoteRule[]).includes(rule)
}

export const VOTE_OUTCOMES = ['passed', 'failed', 'no_quorum', 'poll'] as const
export const VoteOutcomeSchema = z.enum(VOTE_OUTCOMES)
export type VoteOutcome = z.infer<typeof VoteOutcomeSchema>
export const VOTE_OUTCOME_LABELS: Record<VoteOutcome, string> = {
  passed: '通过',
  failed: '未通过',
  no_quorum: '未达法定人数',
  poll: '意见征询结果',
}

/**
 * Floor area travels as an integer count of 0.01 m² (centi-square-metres), so sums and the
 * two-thirds comparisons are exact; 1,000,000.00 m² for one household is far beyond any 专有部分.
 */
export const AREA_CENTI_PER_SQUARE_METRE = 100
export const HOUSEHOLD_AREA_MAX_CENTI = 1_000_000 * AREA_CENTI_PER_SQUARE_METRE

/** The owners' registry (业主名册) staff import as CSV: one row per 专有部分. */
export const HOUSEHOLD_CODE_MAX_LENGTH = 32
export const OWNER_NAME_MAX_LENGTH = 50
/** A 10,000-household estate is a very large one; a longer file is the wrong file. */
export const OWNER_REGISTRY_MAX_ROWS = 10_000

/** Header names accepted for each column, first the one the template uses. */
export const OWNER_REGISTRY_HEADERS = {
  householdCode: ['户号', '房号', '房屋编号'],
  ownerName: ['业主姓名', '业主', '姓名'],
  area: ['专有部分面积', '建筑面积', '面积'],
} as const

export const OWNER_REGISTRY_ERROR_CODES = [
  'HEADER_MISSING',
  'QUOTE_UNCLOSED',
  'FIELD_MISSING',
  'FIELD_INVALID',
  'AREA_INVALID',
  'HOUSEHOLD_DUPLICATE',
  'TOO_MANY_ROWS',
] as const
export type OwnerRegistryErrorCode = (typeof OWNER_REGISTRY_ERROR_CODES)[number]
