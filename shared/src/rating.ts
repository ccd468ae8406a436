import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { LocalDateSchema, PageQuerySchema, pageOf, text } from './common'

export const RATING_COMMENT_MAX_LENGTH = 300
/** The longest of GOOD_TAGS and POOR_TAGS is 5 characters; 10 leaves room for new ones. */
export const RATING_TAG_MAX_LENGTH = 10
export const CASE_NOTE_MAX_LENGTH = 500
export const APPEAL_REASON_MAX_LENGTH = 300
/** A service needs at least this many ratings in a month to be ranked (one bad day of two ratings is no ranking). */
export const MIN_RATINGS_TO_RANK = 5

/** 好差评 five levels (国办发〔2019〕51号): 5 非常满意 … 1 非常不满意; 1 and 2 are 差评. */
export const RatingLevelSchema = z.number().int().min(1).max(5)
export const RATING_LEVEL_LABELS: Record<number, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
}
export function isPoor(level: number): boolean {
  return level <= 2
}

export const GOOD_TAGS = ['准时', '态度好', '专业', '耐心细致', '环境整洁', '饭菜可口'] as const
export const POOR_TAGS = ['等待太久', '态度差', '问题没解决', '不专业', '环境不好', '饭菜不合口'] as const
/** Tags that fit a level: praise for 3–5, complaints for 1–3 (基本满意 may carry both). */
export function tagsForLevel(level: number): readonly string[] {
  if (level >= 4) return GOOD_TAGS
  if (level <= 2) return POOR_TAGS
  return [...GOOD_TAGS, ...POOR_TAGS]
}

export const RateRequestSchema = z.object({
  level: RatingLevelSchema,
  tags: z.array(text({ label: '标签', max: RATING_TAG_MAX_LENGTH })).max(6).default([]),
  comment: text({ label: '评价内容', max: RATING_COMMENT_MAX_LENGTH, multiline: true }).default(''),
})
export type RateRequest = z.input<typeof RateRequestSchema>

export const CaseStepKindSchema = z.enum(['verify', 'rectify', 'reply', 'resident_feedback', 'escalated', 'reopened'])
export type CaseStepKind = z.infer<typeof CaseStepKindSchema>
export const CASE_STEP_LABELS: Record<CaseStepKind, string> = {
  verify: '回访核实',
  rectify: '整改',
  reply: '答复',
  resident_feedback: '居民评价整改',
  escalated: '逾期上报街道',
  reopened: '重新整改',
}

export const CaseStatusSchema = z.enum(['open', 'verified', 'rectified', 'replied', 'closed'])
export type CaseStatus = z.infer<typeof CaseStatusSchema>
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  open: '待回访',
  verified: '已核实',
  rectified: '已整改',
  replied: '已答复',
  closed: '已办结',
}

export const CaseStepSchema = z.object({
  kind: CaseStepKindSchema,
  note: z.string(),
  actorName: z.string(),
  at: z.iso.datetime({ offset: true }),
  atLocal: LocalMomentSchema,
})

export const RectificationCaseSchema = z.object({
  id: z.uuid(),
  status: CaseStatusSchema,
  deadline: z.iso.datetime({ offset: true }),
  /** The deadline on the community's clock: midnight, the end of the last working day. */
  deadlineLocal: LocalMomentSchema,
  overdue: z.boolean(),
  escalated: z.boolean(),
  reopened: z.boolean(),
  residentSatisfied: z.boolean().nullable(),
  reply: z.string().nullable(),
  steps: z.array(CaseStepSchema),
})
export type RectificationCase = z.infer<typeof RectificationCaseSchema>

export const RatingSchema = z.object({
  id: z.uuid(),
  bookingId: z.uuid(),
  serviceId: z.uuid(),
  serviceName: z.string(),
  level: RatingLevelSchema,
  levelLabel: z.string(),
  tags: z.array(z.string()),
  comment: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  counted: z.boolean(),
  case: RectificationCaseSchema.nullable(),
})
export type Rating = z.infer<typeof RatingSchema>

/** A case as staff see it: the rater masked but for what they need to call back. */
export const StaffCaseSchema = RectificationCaseSchema.extend({
  ratingId: z.uuid(),
  serviceName: z.string(),
  level: RatingLevelSchema,
  tags: z.array(z.string()),
  comment: z.string(),
  bookingDate: z.string(),
  raterName: z.string(),
  raterPhone: z.string().nullable(),
  communityName: z.string(),
})
export type StaffCase = z.infer<typeof StaffCaseSchema>
export const CaseQueueQuerySchema = PageQuerySchema
/** A page of the case queue; `total` counts every open case the caller answers for. */
export const StaffCaseListSchema = pageOf(StaffCaseSchema).extend({ total: z.number().int() })
export type StaffCaseList = z.infer<typeof StaffCaseListSchema>

export const CaseStepRequestSchema = z.object({
  kind: z.enum(['verify', 'rectify', 'reply']),
  note: text({ label: '办理情况', min: 1, max: CASE_NOTE_MAX_LENGTH, multiline: true }),
})
export const CaseFeedbackSchema = z.object({
  satisfied: z.boolean(),
  note: text({ label: '意见', max: CASE_NOTE_MAX_LENGTH, multiline: true }).default(''),
})

export const AppealRequestSchema = z.object({ reason: text({ label: '申诉理由', min: 5, max: APPEAL_REASON_MAX_LENGTH, multiline: true }) })
export const AppealDecisionSchema = z.object({
  upheld: z.boolean(),
  note: text({ label: '处理意见', min: 1, max: APPEAL_REASON_MAX_LENGTH, multiline: true }),
})
export const AppealSchema = z.object({
  id: z.uuid(),
  ratingId: z.uuid(),
  serviceName: z.string(),
  communityName: z.string(),
  level: RatingLevelSchema,
  comment: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'upheld', 'rejected']),
  decisionNote: z.string().nullable(),
  filedAt: z.iso.datetime({ offset: true }),
})
export const AppealListQuerySchema = PageQuerySchema.extend({ status: z.enum(['pending', 'decided']).default('pending') })
export const AppealListSchema = pageOf(AppealSchema)
export type AppealList = z.infer<typeof AppealListSchema>

export const MonthSchema = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM（2000–2099 年）')

export const SatisfactionFiguresSchema = z.object({
  ratings: z.number().int(),
  /** (非常满意 + 满意 + 基本满意) / counted ratings, 0–1; null with no ratings. */
  satisfactionRate: z.number().nullable(),
  poorShare: z.number().nullable(),
})
export type SatisfactionFigures = z.infer<typeof SatisfactionFiguresSchema>

export const RankedServiceSchema = SatisfactionFiguresSchema.extend({
  serviceId: z.uuid(),
  serviceName: z.string(),
  rank: z.number().int().nullable(),
})

export const CommunitySatisfactionSchema = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  month: MonthSchema,
  overall: SatisfactionFiguresSchema,
  cases: z.object({ total: z.number().int(), replied: z.number().int(), onTime: z.number().int(), rectificationRate: z.number().nullable(), onTimeRate: z.number().nullable() }),
  services: z.array(RankedServiceSchema),
  minRatingsToRank: z.number().int(),
})
export type CommunitySatisfaction = z.infer<typeof CommunitySatisfactionSchema>

export const TrendPointSchema = SatisfactionFiguresSchema.extend({ month: MonthSchema })
export const DashboardSchema = z.object({
  scope: z.enum(['community', 'street']),
  name: z.string(),
  trend: z.array(TrendPointSchema),
  byCategory: z.array(SatisfactionFiguresSchema.extend({ name: z.string() })),
  byProvider: z.array(SatisfactionFiguresSchema.extend({ name: z.string() })),
  byCommunity: z.array(SatisfactionFiguresSchema.extend({ name: z.string() })),
  openCases: z.number().int(),
  overdueCases: z.number().int(),
})
export type Dashboard = z.infer<typeof DashboardSchema>

export const SURVEY_TEXT_MAX_LENGTH = 300
/** Question ids are `[a-z][a-z0-9_]{0,30}`. */
export const SURVEY_QUESTION_ID_MAX_LENGTH = 31
export const SurveyQuestionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
  kind: z.enum(['scale', 'text']),
  label: text({ label: '问题', min: 1, max: 80 }),
})
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>
export const SCALE_LABELS = RATING_LEVEL_LABELS

export const SurveyInputSchema = z
  .object({
    communityId: z.uuid(),
    title: text({ label: '问卷标题', min: 1, max: 60 }),
    description: text({ label: '问卷说明', max: 300, multiline: true }).default(''),
    questions: z.array(SurveyQuestionSchema).min(1).max(20),
    opensOn: LocalDateSchema,
    closesOn: LocalDateSchema,
  })
  .refine((s) => s.closesOn >= s.opensOn, { message: '结束日期不能早于开始日期', path: ['closesOn'] })
  .refine((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, { message: '问题编号不能重复', path: ['questions'] })

export const SurveySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  description: z.string(),
  questions: z.array(SurveyQuestionSchema),
  opensOn: z.string(),
  closesOn: z.string(),
  open: z.boolean(),
  answered: z.boolean(),
  responses: z.number().int(),
})
export type Survey = z.infer<typeof SurveySchema>
export const SurveyListQuerySchema = PageQuerySchema
export const SurveyListSchema = pageOf(SurveySchema)
export type SurveyList = z.infer<typeof SurveyListSchema>

export const SurveyAnswerSchema = z.object({
  answers: z.record(
    text({ label: '问题编号', max: SURVEY_QUESTION_ID_MAX_LENGTH }),
    z.union([z.number().int().min(1).max(5), text({ label: '回答', max: SURVEY_TEXT_MAX_LENGTH, multiline: true })]),
  ),
})

export const SurveyResultsSchema = z.object({
  surveyId: z.uuid(),
  title: z.string(),
  responses: z.number().int(),
  questions: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(['scale', 'text']),
      average: z.number().nullable(),
      /** Count of answers at each level 1–5 (scale questions). */
      distribution: z.array(z.number().int()),
      texts: z.array(z.string()),
    }),
  ),
})
