import type { Generated, Selectable } from 'kysely'

export interface DistrictTable {
  id: Generated<string>
  code: string
  name: string
}

export interface StreetTable {
  id: Generated<string>
  code: string
  district_id: string
  name: string
}

export interface CommunityTable {
  id: Generated<string>
  code: string
  street_id: string
  name: string
  kind: 'urban' | 'rural'
  address: string
  phone: string | null
  timezone: Generated<string>
  no_show_threshold: Generated<number>
  no_show_window_days: Generated<number>
  no_show_suspension_days: Generated<number>
  rating_window_days: Generated<number>
  rectification_working_days: Generated<number>
}
export type CommunityRow = Selectable<CommunityTable>
