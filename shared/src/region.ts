import { z } from 'zod'
import { text } from './common'

export const COMMUNITY_QUERY_MAX_LENGTH = 40

export const CommunityKindSchema = z.enum(['urban', 'rural'])

export const CommunitySummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: CommunityKindSchema,
  address: z.string(),
  streetId: z.uuid(),
  streetName: z.string(),
})
export type CommunitySummary = z.infer<typeof CommunitySummarySchema>

export const StreetGroupSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  districtName: z.string(),
  communities: z.array(CommunitySummarySchema),
})
export type StreetGroup = z.infer<typeof StreetGroupSchema>

export const CommunityListQuerySchema = z.object({
  q: text({ label: '搜索词', max: COMMUNITY_QUERY_MAX_LENGTH }).optional(),
})

export const CommunityListSchema = z.object({ streets: z.array(StreetGroupSchema) })
export type CommunityList = z.infer<typeof CommunityListSchema>

export const FacilitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  address: z.string(),
  openingHours: z.string(),
  phone: z.string().nullable(),
})
export type Facility = z.infer<typeof FacilitySchema>

export const CommunityDetailSchema = CommunitySummarySchema.extend({
  districtName: z.string(),
  timezone: z.string(),
  phone: z.string().nullable(),
  facilities: z.array(FacilitySchema),
})
export type CommunityDetail = z.infer<typeof CommunityDetailSchema>
