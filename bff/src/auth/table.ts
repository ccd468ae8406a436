import type { Generated, Selectable } from 'kysely'

export interface AppUserTable {
  id: Generated<string>
  /**
   * Name (typed at the walk-in counter, or 居民1234) and birth date, AES-256-GCM like the phone, with
   * an HMAC of the two for the counter's look-up: written through auth/sealed.ts. The plain
   * display_name and birth_date columns are emptied at start-up and not part of this type.
   */
  display_name_enc: string
  birth_date_enc: string | null
  identity_hash: string | null
  wx_openid: string | null
  phone_hash: string | null
  phone_enc: string | null
  community_id: string | null
  /** A move waiting for the new community's staff; community_id stays the old one meanwhile. */
  pending_community_id: string | null
  pending_since: Date | null
  elder_mode: Generated<boolean>
  demo_persona: string | null
  created_at: Generated<Date>
  /** Set when the account was deleted: the row is kept empty for the records that must stay. */
  deleted_at: Date | null
}
export type AppUserRow = Selectable<AppUserTable>

export interface UserRoleTable {
  id: Generated<string>
  user_id: string
  role: 'staff' | 'street_admin' | 'provider' | 'grid_worker'
  community_id: string | null
  street_id: string | null
  provider_id: string | null
}

export interface VolunteerProfileTable {
  user_id: string
  community_id: string
  registered_at: Generated<Date>
}

export interface SessionTable {
  id: Generated<string>
  user_id: string
  token_hash: string
  channel: 'wechat' | 'sms' | 'demo'
  wx_session_key_enc: string | null
  created_at: Generated<Date>
  expires_at: Date
  revoked_at: Date | null
}

export interface LoginCodeTable {
  id: Generated<string>
  phone_hash: string
  code_hash: string
  attempts: Generated<number>
  created_at: Generated<Date>
  expires_at: Date
  consumed_at: Date | null
}

export interface ConsentTable {
  id: Generated<string>
  user_id: string
  kind: string
  version: string
  granted_at: Generated<Date>
  withdrawn_at: Date | null
}
