import { randomBytes } from 'node:crypto'
import type { VolunteerSkill } from '@linli/shared'
import type { Db } from '../db/database'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import type { FieldCipher } from '../platform/crypto'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import * as repo from './repository'

/**
 * What every volunteer feature asks about a person or an organiser. One place, so eligibility,
 * check-in and the certificate agree on who is a volunteer and how old she is.
 */

export interface VolunteerFacts {
  userId: string
  communityId: string
  volunteerNo: string
  /** YYYY-MM-DD, from the ID number. */
  birthDate: string
  skills: VolunteerSkill[]
  /** Recorded for a volunteer aged 14–18 (null otherwise). */
  guardianConsentAt: Date | null
  status: 'active' | 'suspended' | 'withdrawn'
  suspendedUntil: Date | null
  idMasked: string
}

/** The volunteer behind a user, or VOLUNTEER_NOT_REGISTERED. */
export async function volunteerFacts(db: Db, cipher: FieldCipher, userId: string): Promise<VolunteerFacts> {
  const row = await repo.findVolunteer(db, userId)
  if (!row || row.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_REGISTERED')
  return {
    userId: row.user_id,
    communityId: row.community_id,
    volunteerNo: row.volunteer_no,
    birthDate: cipher.decrypt(row.birth_date_enc),
    skills: row.skills,
    guardianConsentAt: row.guardian_consent_at,
    status: row.status,
    suspendedUntil: row.suspended_until,
    idMasked: row.id_masked,
  }
}

/** Whole years of age on a calendar day (YYYY-MM-DD), as the law counts them: the birthday itself counts. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/**
 * Who organises an activity: staff of its community (and the street admin above it), or a leader
 * of the team that runs it. VOLUNTEER_NOT_ORGANISER otherwise.
 */
export async function assertOrganiser(db: Db, auth: Auth, activity: { community_id: string; team_id: string | null }): Promise<void> {
  const community = await regions.findCommunityById(db, activity.community_id)
  if (community && canManageCommunity(auth, community)) return
  if (activity.team_id && (await repo.leadsTeam(db, auth.userId, activity.team_id))) return
  throw new AppError('VOLUNTEER_NOT_ORGANISER')
}

/** A new shift's seed for its rotating check-in code (hours.ts derives the code from it and the clock). */
export function newCodeSecret(): string {
  return randomBytes(20).toString('base64url')
}
