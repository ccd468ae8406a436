import { z } from 'zod'
import { AvailabilityRuleSchema } from './booking'
import { LocalMomentSchema } from './calendar'
import { CategoryIdSchema, PriceKindSchema } from './catalog'
import { IdSchema, PageQuerySchema, pageOf, text } from './common'
import { MonthSchema } from './rating'

/**
 * Versioned changes to a service in the inventory that an adopted 协商结果 carries (issue 11 item 7):
 * opening hours, seats, price kind, a new service; the service shows 「因居民协商调整」 with the topic.
 * And the other way round: 差评 evidence (an overdue rectification case, a month's 差评 share above
 * 20 %) raised as a draft topic (草稿). docs/decisions/025-outcomes-change-services.md.
 * Never import './errors' here: errors.ts spreads the fragment in service-changes-errors.ts into ERRORS.
 */
export { SERVICE_CHANGE_ERRORS } from './service-changes-errors'

export const ServiceChangeKindSchema = z.enum(['hours', 'seats', 'price_kind', 'new_service'])
export type ServiceChangeKind = z.infer<typeof ServiceChangeKindSchema>

export const SERVICE_CHANGE_KIND_LABELS: Record<ServiceChangeKind, string> = {
  hours: '开放时间',
  seats: '名额',
  price_kind: '收费方式',
  new_service: '新增服务',
}

export const SERVICE_CHANGE_RULES_MAX = 50
export const SERVICE_PRICE_NOTE_MAX_LENGTH = 100
export const SERVICE_NAME_MAX_LENGTH = 40
export const SERVICE_SUMMARY_MAX_LENGTH = 100
export const SERVICE_DESCRIPTION_MAX_LENGTH = 1000

/** What a change sets; `hours` replaces the weekly availability, `seats` sets every period's seats. */
export const ServiceChangeInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hours'),
    serviceId: IdSchema,
    rules: z.array(AvailabilityRuleSchema).min(1, '请至少填写一个开放时段').max(SERVICE_CHANGE_RULES_MAX),
  }),
  z.object({ kind: z.literal('seats'), serviceId: IdSchema, capacity: z.number().int().min(1, '名额至少 1 个').max(500, '名额最多 500 个') }),
  z.object({
    kind: z.literal('price_kind'),
    serviceId: IdSchema,
    priceKind: PriceKindSchema,
    priceNote: text({ label: '收费说明', max: SERVICE_PRICE_NOTE_MAX_LENGTH }).optional(),
  }),
  z.object({
    kind: z.literal('new_service'),
    categoryId: CategoryIdSchema,
    name: text({ label: '服务名称', min: 2, max: SERVICE_NAME_MAX_LENGTH }),
    summary: text({ label: '服务简介', min: 4, max: SERVICE_SUMMARY_MAX_LENGTH }),
    description: text({ label: '服务说明', min: 4, max: SERVICE_DESCRIPTION_MAX_LENGTH, multiline: true }),
    priceKind: PriceKindSchema,
  }),
])
export type ServiceChangeInput = z.input<typeof ServiceChangeInputSchema>

/** A service's state before or after a change, as stored in its version (JSON). */
export const ServiceSnapshotSchema = z.record(z.string(), z.unknown())

export const ServiceChangeSchema = z.object({
  id: IdSchema,
  topicId: IdSchema,
  kind: ServiceChangeKindSchema,
  kindLabel: z.string(),
  /** null until a new service is created by applying the change. */
  serviceId: IdSchema.nullable(),
  serviceName: z.string(),
  /** What it sets, in one line (「周一 08:00–11:30，20 人」). */
  summary: z.string(),
  status: z.enum(['proposed', 'applied']),
  /** The version the service got when it was applied. */
  version: z.number().int().min(1).nullable(),
  proposedAt: z.iso.datetime({ offset: true }),
  proposedAtLocal: LocalMomentSchema,
  appliedAtLocal: LocalMomentSchema.nullable(),
})
export type ServiceChange = z.infer<typeof ServiceChangeSchema>

export const ServiceChangeListSchema = z.object({
  items: z.array(ServiceChangeSchema),
  /** The caller may propose and apply changes (staff of the community, the topic's result adopted). */
  canPropose: z.boolean(),
  /** The community's services to choose from when proposing (staff only; empty otherwise). */
  services: z.array(z.object({ id: IdSchema, name: z.string() })),
})

/** One version of a service: never overwritten, one per applied change. */
export const ServiceVersionSchema = z.object({
  version: z.number().int().min(1),
  kind: ServiceChangeKindSchema,
  kindLabel: z.string(),
  topicId: IdSchema,
  topicTitle: z.string(),
  before: ServiceSnapshotSchema.nullable(),
  after: ServiceSnapshotSchema,
  /** Both in words, for the history on the service page. */
  beforeText: z.string().nullable(),
  afterText: z.string(),
  appliedAt: z.iso.datetime({ offset: true }),
  appliedAtLocal: LocalMomentSchema,
})
export type ServiceVersion = z.infer<typeof ServiceVersionSchema>
export const ServiceVersionPageSchema = pageOf(ServiceVersionSchema)
export const ServiceVersionQuerySchema = PageQuerySchema

/** 差评 evidence to raise as a draft topic. `month` is the rating month, YYYY-MM. */
export const EvidenceInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overdue_case'), caseId: IdSchema }),
  z.object({ kind: z.literal('poor_share'), serviceId: IdSchema, month: MonthSchema }),
])
export type EvidenceInput = z.input<typeof EvidenceInputSchema>

/** What a draft topic carries from 好差评, shown to staff on the draft. */
export const TopicEvidenceSchema = z.object({
  kind: z.enum(['overdue_case', 'poor_share']),
  serviceId: IdSchema,
  serviceName: z.string(),
  caseId: IdSchema.nullable(),
  /** YYYY-MM of the ratings counted. */
  month: z.string(),
  ratings: z.number().int().min(0),
  poor: z.number().int().min(0),
  /** poor / ratings, 0–1. */
  poorShare: z.number().min(0).max(1).nullable(),
  deadlineLocal: LocalMomentSchema.nullable(),
  repliedAtLocal: LocalMomentSchema.nullable(),
  /** In one line, for the draft's page. */
  summary: z.string(),
})
export type TopicEvidence = z.infer<typeof TopicEvidenceSchema>

/** Staff edit a draft before publishing it (草稿 → 征集中 through the topic's moves). */
export const TopicDraftEditSchema = z.object({
  title: text({ label: '议题标题', min: 4, max: 60 }),
  description: text({ label: '议题内容', min: 10, max: 2000, multiline: true }),
})
