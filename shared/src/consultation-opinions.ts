import { z } from 'zod'
import { IdSchema, PageQuerySchema, pageOf, text } from './common'
import { LocalMomentSchema } from './calendar'
import { AssistMarkSchema } from './consultation-assist-mark'

/** 协商中 opinions (issue 11 item 2): a stance, one level of replies, likes, reports and staff review. */
export const OpinionStanceSchema = z.enum(['support', 'oppose', 'neutral'])
export type OpinionStance = z.infer<typeof OpinionStanceSchema>
export const OPINION_STANCE_LABELS: Record<OpinionStance, string> = { support: '支持', oppose: '反对', neutral: '中立' }

/** 待审核 after three residents reported it; 已隐藏 by staff, with a reason only its author sees. */
export const OpinionStatusSchema = z.enum(['visible', 'pending_review', 'hidden'])
export type OpinionStatus = z.infer<typeof OpinionStatusSchema>

export const OPINION_BODY_MAX_LENGTH = 1000
export const OPINION_HIDE_REASON_MAX_LENGTH = 300

/** An opinion names its stance; a reply names the opinion it answers instead. */
export const OpinionInputSchema = z
  .object({
    stance: OpinionStanceSchema.optional(),
    parentId: IdSchema.optional(),
    body: text({ label: '意见内容', min: 1, max: OPINION_BODY_MAX_LENGTH, multiline: true }),
  })
  .refine((v) => v.parentId !== undefined || v.stance !== undefined, { path: ['stance'], message: '请选择支持、反对或中立' })
export type OpinionInput = z.input<typeof OpinionInputSchema>

/** Staff hide (with the reason its author sees), confirm a reported one hidden, or restore it. */
export const OpinionModerationSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('hide'), reason: text({ label: '隐藏原因', min: 1, max: OPINION_HIDE_REASON_MAX_LENGTH }) }),
  z.object({ action: z.literal('restore') }),
])

export const OpinionSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  parentId: IdSchema.nullable(),
  stance: OpinionStanceSchema.nullable(),
  /** The author's name, masked (王*兰). */
  authorName: z.string(),
  body: z.string(),
  likeCount: z.number().int().min(0),
  likedByMe: z.boolean(),
  mine: z.boolean(),
  status: OpinionStatusSchema,
  /** Why staff hid it: only for its author and staff. */
  hiddenReason: z.string().nullable(),
  /** Given by 代办 (item 5): the helper's role and masked name, shown beside the author's; null when she posted it herself. */
  assisted: AssistMarkSchema,
  createdAt: z.iso.datetime({ offset: true }),
  createdAtLocal: LocalMomentSchema,
})
export type Opinion = z.infer<typeof OpinionSchema>

export const OpinionWithRepliesSchema = OpinionSchema.extend({ replies: z.array(OpinionSchema) })
export type OpinionWithReplies = z.infer<typeof OpinionWithRepliesSchema>

export const StanceCountsSchema = z.object({ support: z.number().int().min(0), oppose: z.number().int().min(0), neutral: z.number().int().min(0) })
export type StanceCounts = z.infer<typeof StanceCountsSchema>

export const OpinionListQuerySchema = PageQuerySchema
export const OpinionPageSchema = pageOf(OpinionWithRepliesSchema).extend({
  /** Visible opinions (not replies) per stance. */
  counts: StanceCountsSchema,
  /** The caller may post here now (a resident of the community, while 协商中). */
  canPost: z.boolean(),
  /** The caller is staff of the community: she sees reported and hidden ones and may review them. */
  canModerate: z.boolean(),
})

export const OpinionLikeResultSchema = z.object({ likeCount: z.number().int().min(0), likedByMe: z.literal(true) })
export const OpinionReportResultSchema = z.object({ reportedByMe: z.literal(true) })
