import type { CertificateStatus, StarStatus } from '@linli/shared'
import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely'

/**
 * Tables of 志愿服务 — 志愿服务证明与公开核验、星级与公示 (issue 12 items 4, 5). db/database.ts: `Database`
 * extends this interface; migrations/2026_12_02_0940_volunteer_certificates.ts creates them;
 * docs/decisions/032-volunteer-certificates.md.
 */
export interface CertificateTables {
  volunteer_certificate: VolunteerCertificateTable
  volunteer_star_level: VolunteerStarLevelTable
}

/** What a certificate certified, frozen at issue (the wire's CertificateContent). */
export interface CertificateContent {
  code: string
  volunteerNo: string
  idMasked: string
  year: number | null
  totalHours: number
  byCategory: { category: string; label: string; hours: number }[]
  activities: { title: string; category: string; label: string }[]
  moreActivities: number
  communityName: string
  issuedOn: string
}

/** A 志愿服务证明: an immutable snapshot (a trigger refuses any change but voiding a valid one, and every delete). */
export interface VolunteerCertificateTable {
  id: Generated<string>
  /** 12 characters, unguessable: the public verification's key. */
  code: string
  user_id: string
  /** The issuing community. */
  community_id: string
  /** null: every year's hours. */
  year: number | null
  /** The name as certified, sealed; the masked form is what the public page shows. */
  name_enc: string
  name_masked: string
  content: JSONColumnType<CertificateContent>
  status: ColumnType<CertificateStatus, CertificateStatus | undefined, CertificateStatus>
  issued_at: Date
  void_reason: string | null
  voided_by: string | null
  voided_at: Date | null
}
export type CertificateRow = Selectable<VolunteerCertificateTable>

/** A star level reached: on 公示 until `publicity_ends_at`, then awarded; withdrawn if the hours fell below it first. */
export interface VolunteerStarLevelTable {
  id: Generated<string>
  user_id: string
  community_id: string
  level: number
  /** Confirmed minutes when the level was reached (what the 公示 shows). */
  minutes: number
  status: ColumnType<StarStatus, StarStatus | undefined, StarStatus>
  announced_at: Date
  announced_on: string
  publicity_ends_on: string
  publicity_ends_at: Date
  awarded_at: Date | null
  withdrawn_at: Date | null
}
export type StarLevelRow = Selectable<VolunteerStarLevelTable>
