import type { ColumnType, Generated, Selectable } from 'kysely'
import type { ActivityKind, ActivityStatus, RecordStatus, SignupStatus, VolunteerSkill, VolunteerStatus } from '@linli/shared'

/**
 * The 志愿服务 domain's core tables (issue 12; migrations/2026_12_02_0900_volunteer.ts;
 * docs/decisions/028-volunteer-domain.md). db/database.ts: `Database` extends this interface.
 * Features with tables of their own keep them in `<feature>-table.ts` beside this file.
 */
export interface VolunteerTables {
  volunteer: VolunteerTable
  volunteer_team: VolunteerTeamTable
  volunteer_team_member: VolunteerTeamMemberTable
  volunteer_activity: VolunteerActivityTable
  volunteer_shift: VolunteerShiftTable
  volunteer_signup: VolunteerSignupTable
  volunteer_record: VolunteerRecordTable
  volunteer_hours_rollup: VolunteerHoursRollupTable
}

/** A volunteer registered by real name (实名注册). Every personal field is sealed (FieldCipher); the ID number is found by its keyed hash. */
export interface VolunteerTable {
  user_id: string
  community_id: string
  /** 志愿者编号, unique, shown on certificates. */
  volunteer_no: string
  name_enc: string
  id_number_enc: string
  /** cipher.lookupHash of the ID number: one registration per person. */
  id_number_hash: string
  /** The ID number as it may be shown (e.g. 3301**********1234): never more. */
  id_masked: string
  /** From the ID number; age decides guardian consent (14–18) and activities' minimum age. */
  birth_date_enc: string
  phone_enc: string
  skills: ColumnType<VolunteerSkill[], VolunteerSkill[] | undefined, VolunteerSkill[]>
  availability: ColumnType<string[], string[] | undefined, string[]>
  guardian_name_enc: string | null
  guardian_phone_enc: string | null
  /** A minor aged 14–18: when the guardian's consent was recorded. */
  guardian_consent_at: Date | null
  /** The separate consent to collect the ID number (PIPL: sensitive personal information). */
  id_consent_at: Date
  status: ColumnType<VolunteerStatus, VolunteerStatus | undefined, VolunteerStatus>
  suspended_until: Date | null
  registered_at: Generated<Date>
}
export type VolunteerRow = Selectable<VolunteerTable>

export interface VolunteerTeamTable {
  id: Generated<string>
  community_id: string
  name: string
  description: Generated<string>
  created_by: string
  created_at: Generated<Date>
}

export interface VolunteerTeamMemberTable {
  team_id: string
  user_id: string
  /** A leader publishes the team's activities and organises their shifts. */
  role: 'leader' | 'member'
  joined_at: Generated<Date>
}

/** An activity with what GB/T 40143 asks to be published. `kind`: a community activity, a help request's one shift, or helpers for a service slot. */
export interface VolunteerActivityTable {
  id: Generated<string>
  community_id: string
  team_id: string | null
  kind: ActivityKind
  title: string
  content: string
  /** One of the skills (助老, 助学 …): the category hours are totalled by. */
  category: VolunteerSkill
  place: string
  required_skills: ColumnType<VolunteerSkill[], VolunteerSkill[] | undefined, VolunteerSkill[]>
  min_age: ColumnType<number, number | undefined, number>
  /** Volunteers under 14 may come together with a guardian. */
  minors_with_guardian: ColumnType<boolean, boolean | undefined, boolean>
  /** Training required before serving, or null. */
  training: string | null
  headcount: number
  how_to_sign_up: string
  risks: ColumnType<string, string | undefined, string>
  risky: ColumnType<boolean, boolean | undefined, boolean>
  /** The accident insurance arranged; required before a risky activity is published (CHECK). */
  insurance: string | null
  status: ActivityStatus
  cancel_reason: string | null
  /** kind 'service_slot': the booking slot the helpers serve. */
  slot_id: string | null
  created_by: string
  published_by: string | null
  published_at: Date | null
  created_at: Generated<Date>
}
export type ActivityRow = Selectable<VolunteerActivityTable>

/** A shift is a capacity row of the seats kernel (`SHIFT_SEATS` in repository.ts). */
export interface VolunteerShiftTable {
  id: Generated<string>
  activity_id: string
  community_id: string
  role: string
  starts_at: Date
  ends_at: Date
  capacity: number
  taken: Generated<number>
  signup_deadline: Date
  /** Seed of the organiser's rotating check-in code (hours.ts); never sent to a volunteer. */
  code_secret: string
  created_at: Generated<Date>
}
export type ShiftRow = Selectable<VolunteerShiftTable>

/** A volunteer holding a seat on a shift, or waiting for one (the seats kernel's holders). */
export interface VolunteerSignupTable {
  id: Generated<string>
  shift_id: string
  user_id: string
  community_id: string
  status: SignupStatus
  /** A volunteer under 14 comes with this guardian. */
  guardian_user_id: string | null
  check_in_code: string | null
  reminded_at: Date | null
  promoted_at: Date | null
  cancelled_at: Date | null
  created_at: Generated<Date>
}
export type SignupRow = Selectable<VolunteerSignupTable>

/**
 * A service record (志愿服务记录). Append-only: never deleted (a trigger refuses), a correction is a
 * new row whose `corrects_record_id` points at the one it supersedes. `open` = checked in, not out;
 * `pending` = 待确认; only `confirmed` minutes count (and are added to the rollup in the same transaction).
 */
export interface VolunteerRecordTable {
  id: Generated<string>
  user_id: string
  community_id: string
  activity_id: string
  shift_id: string | null
  category: VolunteerSkill
  /** The community-clock day served (a service slot's: the booking day). */
  service_date: string
  checked_in_at: Date
  checked_out_at: Date | null
  minutes: number | null
  status: RecordStatus
  corrects_record_id: string | null
  fixed_by: string | null
  fix_reason: string | null
  confirmed_by: string | null
  confirmed_at: Date | null
  revoked_by: string | null
  revoked_at: Date | null
  revoke_reason: string | null
  created_at: Generated<Date>
}
export type RecordRow = Selectable<VolunteerRecordTable>

/** Confirmed minutes per volunteer, year and category: totals are O(years × categories), never a sum over records. */
export interface VolunteerHoursRollupTable {
  user_id: string
  year: number
  category: VolunteerSkill
  minutes: Generated<number>
  records: Generated<number>
}
