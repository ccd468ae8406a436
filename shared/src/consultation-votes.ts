import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, text } from './common'
import { VoteOutcomeSchema, VoteRuleSchema } from './consultation-rules'

/**
 * 表决 on a topic (issue 11 item 3). Secret ballot: no schema here carries a voter next to an
 * option; a resident learns only that she voted, and the counts after the vote closed.
 */
export const VOTE_OPTIONS_MIN = 2
export const VOTE_OPTIONS_MAX = 10
export const VOTE_OPTION_LABEL_MAX_LENGTH = 40

export const VoteOptionInputSchema = z.object({
  label: text({ label: '选项', min: 1, max: VOTE_OPTION_LABEL_MAX_LENGTH }),
  /** 同意 or a 方案 decides the matter; 反对 and 弃权 do not. */
  adopts: z.boolean(),
})

export const VoteOpenSchema = z
  .object({
    rule: VoteRuleSchema,
    options: z.array(VoteOptionInputSchema).min(VOTE_OPTIONS_MIN, `至少 ${VOTE_OPTIONS_MIN} 个选项`).max(VOTE_OPTIONS_MAX, `最多 ${VOTE_OPTIONS_MAX} 个选项`),
    opensAt: z.iso.datetime({ offset: true, message: '请填写表决开始时间' }),
    closesAt: z.iso.datetime({ offset: true, message: '请填写表决结束时间' }),
  })
  .refine((v) => new Set(v.options.map((o) => o.label)).size === v.options.length, { path: ['options'], message: '选项不能重复' })
  .refine((v) => Date.parse(v.closesAt) > Date.parse(v.opensAt), { path: ['closesAt'], message: '结束时间须晚于开始时间' })
export type VoteOpenInput = z.input<typeof VoteOpenSchema>

export const BallotInputSchema = z.object({ optionId: IdSchema })

const MeasureSchema = z.object({ counted: z.number().int().min(0), total: z.number().int().min(0), required: z.number().int().min(0) })
export const ParticipationSchema = z.object({ quorumMet: z.boolean(), headcount: MeasureSchema, area: MeasureSchema.nullable() })

export const VotePhaseSchema = z.enum(['upcoming', 'open', 'closed'])

/** The counts, only once the vote closed: per option, never per voter. */
export const VoteResultSchema = z.object({
  outcome: VoteOutcomeSchema,
  outcomeLabel: z.string(),
  adoptedOptionId: IdSchema.nullable(),
  explanation: z.string(),
  tally: z.array(z.object({ optionId: IdSchema, votes: z.number().int().min(0) })),
})

export const VoteViewSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  rule: VoteRuleSchema,
  ruleLabel: z.string(),
  ruleSummary: z.string(),
  options: z.array(z.object({ id: IdSchema, label: z.string(), adopts: z.boolean() })),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  opensAtLocal: LocalMomentSchema,
  closesAtLocal: LocalMomentSchema,
  phase: VotePhaseSchema,
  participation: ParticipationSchema,
  /** That the caller voted, never what. */
  votedByMe: z.boolean(),
  canVote: z.boolean(),
  result: VoteResultSchema.nullable(),
})
export type VoteView = z.infer<typeof VoteViewSchema>

export const BallotReceiptSchema = z.object({ votedByMe: z.literal(true), participation: ParticipationSchema })

/** Refusals of the vote module beyond the ones in errors.ts (owner registry, household ballots, minority summary). Never import './errors' here. */
export const VOTE_ERRORS = {} as const
