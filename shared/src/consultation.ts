import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, PageQuerySchema, pageOf, text } from './common'

/**
 * 社区协商议事 (issue 11). A topic's life, 中办发〔2015〕41号 in order: raised and supported
 * (征集中), fixed by staff (已立项) or declined (未立项), consulted on (协商中), voted on where a
 * decision is needed (表决中), a result (已形成结果), carried out (落实中 → 已落实); or ended early
 * (已终止). A topic staff raise from 差评 evidence starts as a draft (草稿) only staff see, until
 * they publish it (decision 025). docs/decisions/020-consultation-domain.md lists who may make each move.
 */
export const TopicStateSchema = z.enum(['collecting', 'accepted', 'declined', 'deliberating', 'voting', 'resolved', 'implementing', 'implemented', 'terminated', 'draft'])
export type TopicState = z.infer<typeof TopicStateSchema>

export const TOPIC_STATE_LABELS: Record<TopicState, string> = {
  draft: '草稿',
  collecting: '征集中',
  accepted: '已立项',
  declined: '未立项',
  deliberating: '协商中',
  voting: '表决中',
  resolved: '已形成结果',
  implementing: '落实中',
  implemented: '已落实',
  terminated: '已终止',
}

export const TOPIC_TITLE_MIN_LENGTH = 4
export const TOPIC_TITLE_MAX_LENGTH = 60
export const TOPIC_DESCRIPTION_MIN_LENGTH = 10
export const TOPIC_DESCRIPTION_MAX_LENGTH = 2000
/** Attachments are links to documents and photos kept elsewhere (the BFF stores no files). */
export const TOPIC_LINKS_MAX = 5
export const TOPIC_LINK_MAX_LENGTH = 500
export const TOPIC_REASON_MAX_LENGTH = 300

export const TopicLinkSchema = z
  .string()
  .trim()
  .max(TOPIC_LINK_MAX_LENGTH, `附件链接最多 ${TOPIC_LINK_MAX_LENGTH} 个字符`)
  .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, message: '附件链接须是以 https:// 开头的网址' }))

export const TopicInputSchema = z.object({
  communityId: IdSchema,
  categoryId: IdSchema,
  title: text({ label: '议题标题', min: TOPIC_TITLE_MIN_LENGTH, max: TOPIC_TITLE_MAX_LENGTH }),
  description: text({ label: '议题内容', min: TOPIC_DESCRIPTION_MIN_LENGTH, max: TOPIC_DESCRIPTION_MAX_LENGTH, multiline: true }),
  links: z.array(TopicLinkSchema).max(TOPIC_LINKS_MAX, `附件链接最多 ${TOPIC_LINKS_MAX} 个`).default([]),
})
export type TopicInput = z.input<typeof TopicInputSchema>

/** A move of a topic to another state; declining and ending need a reason the proposer sees. */
export const TopicMoveSchema = z.object({
  to: TopicStateSchema,
  reason: text({ label: '原因', max: TOPIC_REASON_MAX_LENGTH }).optional(),
})

export const ConsultationCategorySchema = z.object({ id: IdSchema, name: z.string() })
export const ConsultationCategoryListSchema = z.object({ items: z.array(ConsultationCategorySchema) })
export type ConsultationCategory = z.infer<typeof ConsultationCategorySchema>

export const TopicSummarySchema = z.object({
  id: IdSchema,
  communityId: IdSchema,
  title: z.string(),
  category: ConsultationCategorySchema,
  state: TopicStateSchema,
  supportCount: z.number().int().min(0),
  /** Supports that make it eligible for 立项, fixed when it was raised. */
  threshold: z.number().int().min(1),
  /** The proposer's name, masked (王*兰). */
  proposerName: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** End of 征集: below the threshold by then, it is 未立项. */
  expiresAt: z.iso.datetime({ offset: true }),
  /** Both on the community's clock (decision 014). */
  createdAtLocal: LocalMomentSchema,
  expiresAtLocal: LocalMomentSchema,
})
export type TopicSummary = z.infer<typeof TopicSummarySchema>

export const TopicMoveRecordSchema = z.object({
  from: TopicStateSchema.nullable(),
  to: TopicStateSchema,
  reason: z.string().nullable(),
  /** 社区 for a staff move, 系统 for the expiry job, 提议人 for the proposer's own. */
  by: z.enum(['staff', 'proposer', 'system']),
  at: z.iso.datetime({ offset: true }),
  atLocal: LocalMomentSchema,
})

export const TopicDetailSchema = TopicSummarySchema.extend({
  description: z.string(),
  links: z.array(z.string()),
  /** Why it was declined or ended, for everyone to read. */
  stateReason: z.string().nullable(),
  history: z.array(TopicMoveRecordSchema),
  supportedByMe: z.boolean(),
  /** The caller raised it: her 已终止 is a withdrawal (撤回). */
  proposedByMe: z.boolean(),
  /** The caller may support it now (a resident of its community, while 征集中). */
  canSupport: z.boolean(),
  /** The states the caller may move it to from here. */
  moves: z.array(TopicStateSchema),
})
export type TopicDetail = z.infer<typeof TopicDetailSchema>

export const TopicListQuerySchema = PageQuerySchema.extend({ state: TopicStateSchema.optional() })
export const TopicPageSchema = pageOf(TopicSummarySchema)

export const SupportResultSchema = z.object({ supportCount: z.number().int().min(0), threshold: z.number().int().min(1), supportedByMe: z.literal(true) })

/** Defaults of a community's consultation settings (CONSUL's Madrid threshold is ≈ 1 % of the census). */
export const SUPPORT_MIN_DEFAULT = 20
/** 1 % in basis points: integer arithmetic, so ceil(1 % × residents) is exact. */
export const SUPPORT_SHARE_BP_DEFAULT = 100
export const COLLECTION_DAYS_DEFAULT = 90
export const COLLECTION_DAYS_MIN = 7
export const COLLECTION_DAYS_MAX = 365
export const SUPPORT_MIN_MAX = 10_000

export const ConsultationSettingsSchema = z.object({
  supportMin: z.number().int().min(1, '附议门槛至少 1 人').max(SUPPORT_MIN_MAX, `附议门槛最多 ${SUPPORT_MIN_MAX} 人`),
  supportShareBasisPoints: z.number().int().min(0, '比例不能为负').max(10_000, '比例不能超过 100%'),
  collectionDays: z.number().int().min(COLLECTION_DAYS_MIN, `征集期至少 ${COLLECTION_DAYS_MIN} 天`).max(COLLECTION_DAYS_MAX, `征集期最多 ${COLLECTION_DAYS_MAX} 天`),
})
export type ConsultationSettings = z.infer<typeof ConsultationSettingsSchema>
