import { z } from 'zod'
import { PageQuerySchema, pageOf, text } from './common'

export const SERVICE_QUERY_MAX_LENGTH = 40
export const SERVICE_STATUS_REASON_MAX_LENGTH = 200

export const CategoryIdSchema = z.enum([
  'elder_care',
  'children',
  'legal',
  'mental_health',
  'employment',
  'disability',
  'health',
  'culture',
  'convenience',
  'safety',
])
export type CategoryId = z.infer<typeof CategoryIdSchema>

export const CategorySchema = z.object({
  id: CategoryIdSchema,
  name: z.string(),
  description: z.string(),
})
export type Category = z.infer<typeof CategorySchema>
export const CategoryListSchema = z.object({ items: z.array(CategorySchema) })

/** 免费 / 低偿 / 有偿 */
export const PriceKindSchema = z.enum(['free', 'low_cost', 'paid'])
export type PriceKind = z.infer<typeof PriceKindSchema>
export { PRICE_KIND_LABELS } from './catalog-labels'

export const ServiceStatusSchema = z.enum(['active', 'paused'])
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>

export const EligibilitySchema = z.object({
  minAge: z.number().int().nullable(),
  childMinAge: z.number().int().nullable(),
  childMaxAge: z.number().int().nullable(),
  residentsOnly: z.boolean(),
})
export type Eligibility = z.infer<typeof EligibilitySchema>

export const ServiceSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  summary: z.string(),
  categoryId: CategoryIdSchema,
  categoryName: z.string(),
  priceKind: PriceKindSchema,
  providerName: z.string().nullable(),
  facilityName: z.string().nullable(),
  eligibility: EligibilitySchema,
  featured: z.boolean(),
  status: ServiceStatusSchema,
  /** Published 好差评 result: share of satisfied ratings (0–1) among counted ratings, all time. */
  satisfaction: z.object({ rate: z.number().nullable(), ratings: z.number().int() }),
})
export type ServiceSummary = z.infer<typeof ServiceSummarySchema>

export const ServiceDetailSchema = ServiceSummarySchema.extend({
  description: z.string(),
  /** 「因居民协商调整」: the latest change a 协商结果 made to this service, with its topic (issue 11 item 7). */
  adjustedByConsultation: z.object({ topicId: z.uuid(), topicTitle: z.string(), version: z.number().int().min(1) }).nullable(),
  priceNote: z.string().nullable(),
  subsidyNote: z.string().nullable(),
  communityName: z.string(),
  facility: z
    .object({ name: z.string(), address: z.string(), openingHours: z.string(), phone: z.string().nullable() })
    .nullable(),
  provider: z.object({ name: z.string(), kind: z.string(), phone: z.string().nullable() }).nullable(),
})
export type ServiceDetail = z.infer<typeof ServiceDetailSchema>

const booleanFlag = z.enum(['true', 'false']).transform((v) => v === 'true')

export const ServiceListQuerySchema = PageQuerySchema.extend({
  category: CategoryIdSchema.optional(),
  q: text({ label: '搜索词', max: SERVICE_QUERY_MAX_LENGTH }).optional(),
  /** Only the services the signed-in resident is eligible for (age, residence). */
  eligible: booleanFlag.optional(),
  featured: booleanFlag.optional(),
})
export type ServiceListQuery = Omit<z.input<typeof ServiceListQuerySchema>, 'limit'> & { limit?: number }

export const ServicePageSchema = pageOf(ServiceSummarySchema)
export type ServicePage = z.infer<typeof ServicePageSchema>

export const ServiceStatusChangeSchema = z.object({
  status: ServiceStatusSchema,
  reason: text({ label: '原因', min: 1, max: SERVICE_STATUS_REASON_MAX_LENGTH, multiline: true }),
})
export type ServiceStatusChange = z.infer<typeof ServiceStatusChangeSchema>
