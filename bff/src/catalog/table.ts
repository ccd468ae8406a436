import type { Generated, Selectable } from 'kysely'
import type { CategoryId, PriceKind, ServiceStatus } from '@linli/shared'

export interface FacilityTable {
  id: Generated<string>
  community_id: string
  code: string
  name: string
  kind: string
  address: string
  opening_hours: string
  phone: string | null
}

export interface ServiceCategoryTable {
  id: CategoryId
  name: string
  description: string
  sort_order: number
}

export interface ProviderTable {
  id: Generated<string>
  street_id: string
  code: string
  name: string
  kind: string
  phone: string | null
}

export interface ServiceTable {
  id: Generated<string>
  community_id: string
  code: string
  category_id: CategoryId
  name: string
  summary: string
  description: string
  provider_id: string | null
  facility_id: string | null
  price_kind: PriceKind
  price_note: string | null
  subsidy_note: string | null
  min_age: number | null
  child_min_age: number | null
  child_max_age: number | null
  residents_only: Generated<boolean>
  featured: Generated<boolean>
  status: Generated<ServiceStatus>
  sort_order: Generated<number>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}
export type ServiceRow = Selectable<ServiceTable>
