import type { Generated } from 'kysely'

/** 亲情代办: people a resident books for. Name and birth date are encrypted (PIPL: a child's data is sensitive). */
export interface FamilyMemberTable {
  id: Generated<string>
  user_id: string
  relation: string
  name_enc: string
  birth_date_enc: string
  created_at: Generated<Date>
  deleted_at: Date | null
}
