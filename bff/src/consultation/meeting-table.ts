import type { Generated, JSONColumnType, Selectable } from 'kysely'
import type { MeetingKind, ParticipantTag } from '@linli/shared'

/**
 * Tables of 议事会 meetings (issue 11 item 4): meetings, participant tags, registrations through seats/, tallies, minutes.
 * db/database.ts: `Database` extends this interface; each member is one table this feature owns.
 * docs/decisions/022-consultation-meetings.md.
 */
export interface MeetingTables {
  consultation_meeting: ConsultationMeetingTable
  consultation_meeting_seat: ConsultationMeetingSeatTable
  consultation_meeting_registration: ConsultationMeetingRegistrationTable
  consultation_participant_tag: ConsultationParticipantTagTable
}

/** One show-of-hands item as staff typed it. */
export interface TallyItem {
  label: string
  for: number
  against: number
  abstain: number
}

export interface ConsultationMeetingTable {
  id: Generated<string>
  topic_id: string
  community_id: string
  title: string
  place: string
  kind: MeetingKind
  starts_at: Date
  ends_at: Date
  /** Reserved seats not taken by then are open to anyone. */
  reserved_until: Date
  /** 居民会议: the community's residents when the meeting was set, the quorum's base. */
  eligible: number
  status: 'scheduled' | 'cancelled'
  cancel_reason: string | null
  /** Those checked in, kept in each check-in's transaction: the live quorum never counts rows. */
  present_count: Generated<number>
  tally: JSONColumnType<TallyItem[] | null, string | null, string | null>
  tally_present: number | null
  tally_entered_by: string | null
  tally_entered_at: Date | null
  tally_confirmed_by: string | null
  tally_confirmed_at: Date | null
  minutes: string | null
  minutes_published_by: string | null
  minutes_published_at: Date | null
  created_by: string
  created_at: Generated<Date>
}
export type MeetingRow = Selectable<ConsultationMeetingTable>

/** A meeting's capacity rows for the seats kernel: `tag` null is the open seats, one row per reserved tag. */
export interface ConsultationMeetingSeatTable {
  id: Generated<string>
  meeting_id: string
  tag: ParticipantTag | null
  capacity: number
  taken: Generated<number>
}
export type MeetingSeatRow = Selectable<ConsultationMeetingSeatTable>

export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled'

/**
 * A seat held or waited for (the seats kernel's holder). A walk-in is `registered` with no seat
 * and no code; `seat_id` of a waiting one is the open seats' row she waits for.
 */
export interface ConsultationMeetingRegistrationTable {
  id: Generated<string>
  meeting_id: string
  community_id: string
  user_id: string
  seat_id: string | null
  status: RegistrationStatus
  channel: 'online' | 'walk_in'
  check_in_code: string | null
  checked_in_at: Date | null
  checked_in_by: string | null
  reminded_at: Date | null
  created_at: Generated<Date>
}
export type RegistrationRow = Selectable<ConsultationMeetingRegistrationTable>

/** 参会人员类别 staff assign to a resident of their community (居民代表, 党员 …). */
export interface ConsultationParticipantTagTable {
  community_id: string
  user_id: string
  tag: ParticipantTag
  assigned_by: string
  created_at: Generated<Date>
}
