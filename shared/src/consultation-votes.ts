import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, text } from './common'
import { WalkInAttendeeSchema } from './consultation-meetings'
import { HOUSEHOLD_CODE_MAX_LENGTH, OWNER_NAME_MAX_LENGTH, OWNER_REGISTRY_ERROR_CODES, VoteOutcomeSchema, VoteRuleSchema } from './consultation-rules'

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
  /** Per option: heads, and for the 民法典 rules the floor area in 0.01 m² (0 otherwise). */
  tally: z.array(z.object({ optionId: IdSchema, votes: z.number().int().min(0), areaCentiM2: z.number().int().min(0) })),
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
  /** For the household and owners' rules: whether the caller's household is linked, and whether she is its owner. */
  myHousehold: z.object({ householdCode: z.string(), isOwner: z.boolean(), voted: z.boolean() }).nullable(),
  /** Why she cannot vote, when she cannot and the vote is open (not linked, not the owner, household voted). */
  ineligibleReason: z.string().nullable(),
  result: VoteResultSchema.nullable(),
})
export type VoteView = z.infer<typeof VoteViewSchema>

export const BallotReceiptSchema = z.object({ votedByMe: z.literal(true), participation: ParticipationSchema })

/** Staff choose 同意/反对/弃权 or their own options (方案一, 方案二…); the form starts from these. */
export const DEFAULT_VOTE_OPTIONS: readonly { label: string; adopts: boolean }[] = [
  { label: '同意', adopts: true },
  { label: '反对', adopts: false },
  { label: '弃权', adopts: false },
]

/**
 * The owners' and households' registry (业主名册) a community's staff import as CSV text. All or
 * nothing: a file with any bad line imports nothing; `dryRun` previews the lines and totals.
 */
export const OWNER_REGISTRY_CSV_MAX_LENGTH = 1_000_000
export const RegistryImportSchema = z.object({
  csv: z.string().min(1, '请粘贴业主名册').max(OWNER_REGISTRY_CSV_MAX_LENGTH, '名册太长，请分社区导入'),
  dryRun: z.boolean().default(false),
})
export const RegistryTotalsSchema = z.object({
  households: z.number().int().min(0),
  owners: z.number().int().min(0),
  areaCentiM2: z.number().int().min(0),
  /** 「12,345.67 平方米」 */
  areaText: z.string(),
})
export const RegistryLineErrorSchema = z.object({ line: z.number().int().min(1), code: z.enum(OWNER_REGISTRY_ERROR_CODES), message: z.string() })
export const RegistryImportResultSchema = z.object({
  imported: z.boolean(),
  errors: z.array(RegistryLineErrorSchema),
  totals: RegistryTotalsSchema,
})
export const RegistryViewSchema = z.object({
  communityId: IdSchema,
  /** Null before the first import. */
  totals: RegistryTotalsSchema.nullable(),
  importedAt: z.iso.datetime({ offset: true }).nullable(),
  importedAtLocal: LocalMomentSchema.nullable(),
  /** Residents who linked their account to a household. */
  linkedResidents: z.number().int().min(0),
})
export type RegistryView = z.infer<typeof RegistryViewSchema>
export type RegistryImportResult = z.infer<typeof RegistryImportResultSchema>

/** A resident links her account to her household: its 户号 and the owner's name as the registry has it. */
export const HouseholdLinkSchema = z.object({
  householdCode: text({ label: '户号', min: 1, max: HOUSEHOLD_CODE_MAX_LENGTH }),
  ownerName: text({ label: '业主姓名', min: 1, max: OWNER_NAME_MAX_LENGTH }),
})
export const HouseholdLinkResultSchema = z.object({ householdCode: z.string(), isOwner: z.boolean() })

export const HOUSEHOLD_UNLINK_REASON_MAX_LENGTH = 200
/**
 * Staff undo a resident's 房屋登记 (a wrong household, a sale): she is found by name and birth date
 * (her phone when namesakes), and the reason is kept in the audit log. She may then link again.
 */
export const HouseholdUnlinkSchema = WalkInAttendeeSchema.extend({
  reason: text({ label: '解除原因', min: 2, max: HOUSEHOLD_UNLINK_REASON_MAX_LENGTH }),
})
/** Her name masked, as people standing by may read the screen, and the household she was linked to. */
export const HouseholdUnlinkResultSchema = z.object({ name: z.string(), householdCode: z.string() })

/** ★ The summary of minority views (all 反对 opinions) and staff's answer, before a vote (item 2). */
export const MINORITY_TEXT_MAX_LENGTH = 2000
export const MinoritySummaryInputSchema = z.object({
  summary: text({ label: '少数意见摘要', min: 10, max: MINORITY_TEXT_MAX_LENGTH, multiline: true }),
  answer: text({ label: '对少数意见的答复', min: 10, max: MINORITY_TEXT_MAX_LENGTH, multiline: true }),
})
export const MinorityViewSchema = z.object({
  topicId: IdSchema,
  /** Visible 反对 opinions (replies included): the minority views staff must answer. */
  opposeCount: z.number().int().min(0),
  /** Whether a vote may be opened: there are no 反对 opinions, or they were answered. */
  answered: z.boolean(),
  summary: z.string().nullable(),
  answer: z.string().nullable(),
  writtenAtLocal: LocalMomentSchema.nullable(),
})
export type MinorityView = z.infer<typeof MinorityViewSchema>

export { VOTE_ERRORS } from './consultation-votes-errors'
