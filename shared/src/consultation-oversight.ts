import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { TopicStateSchema } from './consultation'
import { OpinionStanceSchema, OpinionStatusSchema } from './consultation-opinions'
import { VotePhaseSchema } from './consultation-votes'
import { VoteRuleSchema } from './consultation-rules'

/**
 * 上报街道、工作人员与街道的议题看板、审核队列与统计 (issue 11 items 8 and 9,
 * docs/decisions/026-escalation-and-oversight.md).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment in consultation-oversight-errors.ts into ERRORS.
 */
export { OVERSIGHT_ERRORS } from './consultation-oversight-errors'

export const ESCALATION_REASON_MAX_LENGTH = 500
export const ESCALATION_ANSWER_MAX_LENGTH = 2000

/** Staff send a topic beyond the community's authority to the street: why, and by when (a day on the community's clock). */
export const EscalationInputSchema = z.object({
  reason: text({ label: '上报原因', min: 4, max: ESCALATION_REASON_MAX_LENGTH, multiline: true }),
  dueDate: LocalDateSchema,
})
export type EscalationInput = z.input<typeof EscalationInputSchema>

export const EscalationAnswerSchema = z.object({
  answer: text({ label: '答复内容', min: 4, max: ESCALATION_ANSWER_MAX_LENGTH, multiline: true }),
})
export type EscalationAnswerInput = z.input<typeof EscalationAnswerSchema>

/** 待答复 until its due day passed on the community's clock, then 已逾期; 已答复 once the street answered. */
export const EscalationStatusSchema = z.enum(['waiting', 'overdue', 'answered'])
export type EscalationStatus = z.infer<typeof EscalationStatusSchema>
export const ESCALATION_STATUS_LABELS: Record<EscalationStatus, string> = { waiting: '待街道答复', overdue: '已逾期未答复', answered: '街道已答复' }

/** Published on the topic for everyone (四议两公开): no names of who sent or answered. */
export const EscalationSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  topicTitle: z.string(),
  communityId: IdSchema,
  communityName: z.string(),
  reason: z.string(),
  dueDate: LocalDateSchema,
  status: EscalationStatusSchema,
  sentAt: z.iso.datetime({ offset: true }),
  sentAtLocal: LocalMomentSchema,
  answer: z.string().nullable(),
  answeredAt: z.iso.datetime({ offset: true }).nullable(),
  answeredAtLocal: LocalMomentSchema.nullable(),
})
export type Escalation = z.infer<typeof EscalationSchema>

export const TopicEscalationsSchema = z.object({
  items: z.array(EscalationSchema),
  /** The caller is staff of the community and the topic may be sent now. */
  canEscalate: z.boolean(),
  /** The caller is the admin of the community's street. */
  canAnswer: z.boolean(),
})
export type TopicEscalations = z.infer<typeof TopicEscalationsSchema>

/** The street's list: open ones by due day (overdue first), or answered ones newest first. */
export const StreetEscalationQuerySchema = PageQuerySchema.extend({ status: z.enum(['open', 'answered']).default('open') })
export const EscalationPageSchema = pageOf(EscalationSchema)

/** A month on the community's clock, `YYYY-MM`. */
export const StatsMonthSchema = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM')
export const OversightQuerySchema = z.object({ month: StatsMonthSchema.optional(), communityId: IdSchema.optional() })

/** One community's topics per state, and its stats for the month. */
export const PipelineCountSchema = z.object({ state: TopicStateSchema, count: z.number().int().min(0) })

/**
 * The month's figures (docs/decisions/026):
 * raised — topics created in the month; adopted — topics put on the agenda (立项) in the month;
 * implemented — topics that became 已落实 in the month; avgDaysToImplement — their mean days from
 * 立项 to 已落实 (null when none); participants — distinct residents who supported a topic or gave
 * an opinion in the month, or voted in a vote that opened in it; participationRate — participants ÷
 * registered residents (null with none registered).
 */
export const CommunityStatsSchema = z.object({
  communityId: IdSchema,
  communityName: z.string(),
  month: StatsMonthSchema,
  raised: z.number().int().min(0),
  adopted: z.number().int().min(0),
  implemented: z.number().int().min(0),
  avgDaysToImplement: z.number().min(0).nullable(),
  participants: z.number().int().min(0),
  residents: z.number().int().min(0),
  participationRate: z.number().min(0).nullable(),
  pipeline: z.array(PipelineCountSchema),
  openEscalations: z.number().int().min(0),
  overdueEscalations: z.number().int().min(0),
})
export type CommunityStats = z.infer<typeof CommunityStatsSchema>

export const OversightSchema = z.object({
  month: StatsMonthSchema,
  /** Every community the caller runs: staff one, a street admin each of the street's. */
  communities: z.array(CommunityStatsSchema),
})
export type Oversight = z.infer<typeof OversightSchema>

/** Staff's moderation queue: opinions three residents reported (待审核) and those staff hid. */
export const ModerationQuerySchema = PageQuerySchema.extend({ communityId: IdSchema })
export const ModerationItemSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  topicTitle: z.string(),
  stance: OpinionStanceSchema.nullable(),
  authorName: z.string(),
  body: z.string(),
  status: OpinionStatusSchema,
  reportCount: z.number().int().min(0),
  hiddenReason: z.string().nullable(),
  createdAtLocal: LocalMomentSchema,
})
export type ModerationItem = z.infer<typeof ModerationItemSchema>
export const ModerationPageSchema = pageOf(ModerationItemSchema)

/** Votes of a community, newest first: participation only, never who voted what. */
export const VoteOverviewQuerySchema = PageQuerySchema.extend({ communityId: IdSchema })
export const VoteOverviewSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  topicTitle: z.string(),
  rule: VoteRuleSchema,
  phase: VotePhaseSchema,
  eligible: z.number().int().min(0),
  turnout: z.number().int().min(0),
  opensAtLocal: LocalMomentSchema,
  closesAtLocal: LocalMomentSchema,
})
export type VoteOverview = z.infer<typeof VoteOverviewSchema>
export const VoteOverviewPageSchema = pageOf(VoteOverviewSchema)
