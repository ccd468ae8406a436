import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely'
import type { BookingQuestion, BookingStatus } from '@linli/shared'

export interface BookingSettingsTable {
  service_id: string
  community_id: string
  mode: 'timed' | 'session'
  slot_minutes: number | null
  min_notice_minutes: Generated<number>
  max_days_ahead: Generated<number>
  cancel_before_minutes: number | null
  /** `HH:MM` in the community's time zone, on the slot's own day (e.g. meals: before 09:30). */
  cancel_by_local_time: string | null
  max_open_per_person: number | null
  max_per_day_per_person: number | null
  requires_confirmation: Generated<boolean>
  reminder_lead_minutes: Generated<number>
  /** Check-in opens this many minutes before the slot starts. */
  check_in_lead_minutes: Generated<number>
  questions: JSONColumnType<BookingQuestion[]>
  updated_at: Generated<Date>
}
export type BookingSettingsRow = Selectable<BookingSettingsTable>

export interface AvailabilityRuleTable {
  id: Generated<string>
  service_id: string
  community_id: string
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number
  start_time: string
  end_time: string
  capacity: number
}
export type AvailabilityRuleRow = Selectable<AvailabilityRuleTable>

export interface ClosureTable {
  id: Generated<string>
  community_id: string
  service_id: string | null
  starts_on: string
  ends_on: string
  reason: string
  created_by: string | null
  created_at: Generated<Date>
  /** Lifted closures stay on record and no longer close anything. */
  lifted_at: Date | null
  lifted_by: string | null
}

export interface SlotTable {
  id: Generated<string>
  community_id: string
  service_id: string
  starts_at: Date
  ends_at: Date
  capacity: number
  booked: Generated<number>
}
export type SlotRow = Selectable<SlotTable>

export interface BookingTable {
  id: Generated<string>
  community_id: string
  service_id: string
  slot_id: string
  booked_by: string
  family_member_id: string | null
  status: BookingStatus
  holds_seat: boolean
  check_in_code: string
  answers: JSONColumnType<Record<string, string>>
  channel: 'self' | 'walk_in'
  status_reason: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
  reminded_at: Date | null
  served_at: Generated<Date | null>
  /** Set when the booking is rated (一事一评), through `served.markBookingRated`. */
  rated_at: Generated<Date | null>
  /** Its slot's times, copied by a trigger (migration 2026_12_04_0920) for paging 我的预约 by index. */
  slot_starts_at: ColumnType<Date, never, never>
  slot_ends_at: ColumnType<Date, never, never>
}
export type BookingRow = Selectable<BookingTable>

export interface NoShowSuspensionTable {
  id: Generated<string>
  community_id: string
  user_id: string
  category_id: string
  until: Date
  reason: string
  created_at: Generated<Date>
  lifted_at: Date | null
  lifted_by: string | null
}

export interface IdempotencyRecordTable {
  user_id: string
  key: string
  fingerprint: string
  response_status: number | null
  response_body: JSONColumnType<object> | null
  created_at: Generated<Date>
  expires_at: Date
}
