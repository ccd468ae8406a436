import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { TopicStateSchema } from './consultation'
import { RATING_COMMENT_MAX_LENGTH, RatingLevelSchema } from './rating'

/**
 * 协商结果、公示（工作日）、异议、落实进展、评议与公示打印页 (issue 11 item 6,
 * docs/decisions/024-outcomes-and-publicity.md). Schemas shared by the BFF and the mini-program.
 * Never import './errors' here: errors.ts spreads the fragment in consultation-outcomes-errors.ts
 * into ERRORS.
 */

export const OUTCOME_SUMMARY_MIN_LENGTH = 10
export const OUTCOME_SUMMARY_MAX_LENGTH = 2000
export const OUTCOME_REASON_MAX_LENGTH = 300
/** 公示 in working days: 5 unless staff choose otherwise (local rules use 5 to 7). */
export const PUBLICITY_WORKING_DAYS_DEFAULT = 5
export const PUBLICITY_WORKING_DAYS_MIN = 1
export const PUBLICITY_WORKING_DAYS_MAX = 30
export const OBJECTION_MIN_LENGTH = 5
export const OBJECTION_MAX_LENGTH = 500
export const OBJECTION_ANSWER_MAX_LENGTH = 1000
export const RESPONSIBLE_UNIT_MAX_LENGTH = 60
export const STATUS_TEXT_MAX_LENGTH = 500
export const MILESTONES_MAX = 10
export const MILESTONE_TITLE_MAX_LENGTH = 40

export const OutcomePublishSchema = z
  .object({
    summary: text({ label: '协商结果', min: OUTCOME_SUMMARY_MIN_LENGTH, max: OUTCOME_SUMMARY_MAX_LENGTH, multiline: true }),
    /** 采纳 or 不采纳; 不采纳 needs the reason residents read. */
    adopted: z.boolean(),
    reason: text({ label: '原因', max: OUTCOME_REASON_MAX_LENGTH }).optional(),
    publicityWorkingDays: z
      .number()
      .int()
      .min(PUBLICITY_WORKING_DAYS_MIN, `公示期至少 ${PUBLICITY_WORKING_DAYS_MIN} 个工作日`)
      .max(PUBLICITY_WORKING_DAYS_MAX, `公示期最多 ${PUBLICITY_WORKING_DAYS_MAX} 个工作日`)
      .default(PUBLICITY_WORKING_DAYS_DEFAULT),
  })
  .refine((v) => v.adopted || (v.reason ?? '') !== '', { path: ['reason'], message: '不采纳时请填写原因' })
export type OutcomePublishInput = z.input<typeof OutcomePublishSchema>

export const MilestoneSchema = z.object({ title: text({ label: '里程碑', min: 1, max: MILESTONE_TITLE_MAX_LENGTH }), done: z.boolean() })
export type Milestone = z.infer<typeof MilestoneSchema>
const MilestonesSchema = z.array(MilestoneSchema).max(MILESTONES_MAX, `里程碑最多 ${MILESTONES_MAX} 个`)

export const ImplementationStartSchema = z.object({
  responsibleUnit: text({ label: '责任单位', min: 1, max: RESPONSIBLE_UNIT_MAX_LENGTH }),
  dueOn: LocalDateSchema,
  milestones: MilestonesSchema.default([]),
})
export type ImplementationStartInput = z.input<typeof ImplementationStartSchema>

/** A 落实进展: the whole current picture, so each update stands on its own in the history. */
export const ImplementationUpdateSchema = z.object({
  statusText: text({ label: '进展情况', min: 1, max: STATUS_TEXT_MAX_LENGTH, multiline: true }),
  progress: z.number().int().min(0, '进度在 0 到 100 之间').max(100, '进度在 0 到 100 之间'),
  milestones: MilestonesSchema.optional(),
  responsibleUnit: text({ label: '责任单位', min: 1, max: RESPONSIBLE_UNIT_MAX_LENGTH }).optional(),
  dueOn: LocalDateSchema.optional(),
  /** Needed when progress is lower than the last update's (a step undone is said, never hidden). */
  reason: text({ label: '原因', max: OUTCOME_REASON_MAX_LENGTH }).optional(),
})
export type ImplementationUpdateInput = z.input<typeof ImplementationUpdateSchema>

export const ObjectionInputSchema = z.object({ body: text({ label: '异议内容', min: OBJECTION_MIN_LENGTH, max: OBJECTION_MAX_LENGTH, multiline: true }) })
export const ObjectionAnswerSchema = z.object({ answer: text({ label: '答复', min: 1, max: OBJECTION_ANSWER_MAX_LENGTH, multiline: true }) })

export const OutcomeRatingInputSchema = z.object({
  level: RatingLevelSchema,
  comment: text({ label: '评议内容', max: RATING_COMMENT_MAX_LENGTH, multiline: true }).default(''),
})
export type OutcomeRatingInput = z.input<typeof OutcomeRatingInputSchema>

const Instant = z.iso.datetime({ offset: true })

export const PublicitySchema = z.object({
  workingDays: z.number().int().min(1),
  /** The first and the last day of the 公示 on the community's clock. */
  startsOn: LocalDateSchema,
  endsOn: LocalDateSchema,
  endsAt: Instant,
  /** Objections are taken now. */
  open: z.boolean(),
})

export const OutcomeResultSchema = z.object({
  summary: z.string(),
  adopted: z.boolean(),
  reason: z.string().nullable(),
  publishedAt: Instant,
  publishedAtLocal: LocalMomentSchema,
  publicity: PublicitySchema,
  objectionCount: z.number().int().min(0),
  objectionsOpen: z.number().int().min(0),
})

export const ImplementationSchema = z.object({
  responsibleUnit: z.string(),
  dueOn: LocalDateSchema,
  progress: z.number().int().min(0).max(100),
  statusText: z.string().nullable(),
  milestones: z.array(MilestoneSchema),
  startedAtLocal: LocalMomentSchema,
  doneAtLocal: LocalMomentSchema.nullable(),
  overdue: z.boolean(),
})

export const ImplementationUpdateViewSchema = z.object({
  statusText: z.string(),
  progress: z.number().int().min(0).max(100),
  milestones: z.array(MilestoneSchema),
  responsibleUnit: z.string(),
  dueOn: LocalDateSchema,
  reason: z.string().nullable(),
  at: Instant,
  atLocal: LocalMomentSchema,
})

/** 评议 counts per 好差评 level, best first; never who gave which. */
export const OutcomeRatingCountsSchema = z.object({
  total: z.number().int().min(0),
  levels: z.array(z.object({ level: RatingLevelSchema, count: z.number().int().min(0) })),
})

export const OutcomeViewSchema = z.object({
  topicId: IdSchema,
  state: TopicStateSchema,
  result: OutcomeResultSchema.nullable(),
  implementation: ImplementationSchema.nullable(),
  /** Newest first. */
  updates: z.array(ImplementationUpdateViewSchema),
  ratings: OutcomeRatingCountsSchema,
  me: z.object({
    /** She gets the result and every update in 我的消息. */
    following: z.boolean(),
    canFollow: z.boolean(),
    objected: z.boolean(),
    canObject: z.boolean(),
    /** Her own 评议 level, or null. */
    ratedLevel: RatingLevelSchema.nullable(),
    canRate: z.boolean(),
  }),
  staff: z.object({
    canPublish: z.boolean(),
    canStart: z.boolean(),
    /** Why implementation cannot start yet (公示 still running, an objection unanswered), in words. */
    startBlockedBy: z.string().nullable(),
    canUpdate: z.boolean(),
    canComplete: z.boolean(),
    canAnswer: z.boolean(),
  }),
})
export type OutcomeView = z.infer<typeof OutcomeViewSchema>

export const ObjectionSchema = z.object({
  id: IdSchema,
  /** Masked (王*兰). */
  authorName: z.string(),
  body: z.string(),
  mine: z.boolean(),
  createdAtLocal: LocalMomentSchema,
  answer: z.string().nullable(),
  answeredAtLocal: LocalMomentSchema.nullable(),
})
export type Objection = z.infer<typeof ObjectionSchema>
export const ObjectionListQuerySchema = PageQuerySchema
export const ObjectionPageSchema = pageOf(ObjectionSchema)

export const FollowResultSchema = z.object({ following: z.boolean() })

export const OverdueImplementationSchema = z.object({
  topicId: IdSchema,
  communityId: IdSchema,
  communityName: z.string(),
  title: z.string(),
  responsibleUnit: z.string(),
  dueOn: LocalDateSchema,
  progress: z.number().int().min(0).max(100),
})
export const OverdueListQuerySchema = PageQuerySchema
export const OverduePageSchema = pageOf(OverdueImplementationSchema)

/** The A4 公示 for the notice board: what was decided, for how long objections are taken, and a QR code back to the topic. */
export const PublicityNoticeSchema = z.object({
  topicId: IdSchema,
  title: z.string(),
  communityName: z.string(),
  summary: z.string(),
  adopted: z.boolean(),
  reason: z.string().nullable(),
  publishedOn: LocalDateSchema,
  publicity: PublicitySchema,
  /** The topic's page in the H5 app, and its QR code as an SVG data URI for an <Image>. */
  topicUrl: z.string(),
  qrCode: z.string(),
})
export type PublicityNotice = z.infer<typeof PublicityNoticeSchema>

export { OUTCOME_ERRORS } from './consultation-outcomes-errors'
