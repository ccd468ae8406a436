import type { VolunteerPersonalData } from '@linli/shared'
import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import * as repo from './registration-repository'
import { findVolunteer } from './repository'
import * as teams from './team-repository'

/**
 * Her 志愿服务 registration in 下载我的数据 and 注销 (PIPL arts. 45, 47; decision 029). The copy
 * holds her ID number masked, never whole: the whole number is sensitive, and she typed it herself.
 */
export async function volunteerRecordOf(db: Db, cipher: FieldCipher, userId: string): Promise<VolunteerPersonalData | null> {
  const row = await findVolunteer(db, userId)
  if (!row || row.status === 'withdrawn') return null
  const teamRows = await teams.findTeamsOf(db, userId)
  return {
    volunteerNo: row.volunteer_no,
    name: cipher.decrypt(row.name_enc),
    idMasked: row.id_masked,
    birthDate: cipher.decrypt(row.birth_date_enc),
    phone: cipher.decrypt(row.phone_enc),
    skills: row.skills,
    availability: row.availability,
    guardian:
      row.guardian_name_enc && row.guardian_phone_enc && row.guardian_consent_at
        ? { name: cipher.decrypt(row.guardian_name_enc), phone: cipher.decrypt(row.guardian_phone_enc), consentAt: row.guardian_consent_at.toISOString() }
        : null,
    idConsentAt: row.id_consent_at.toISOString(),
    status: row.status,
    registeredAt: row.registered_at.toISOString(),
    teams: teamRows.map((t) => ({ name: t.name, role: t.role, joinedAt: t.joined_at.toISOString() })),
  }
}

/**
 * 注销 withdraws her registration, in the deletion's transaction:
 * 1. status 'withdrawn' (no activity, team or certificate treats her as a volunteer any more);
 * 2. her phone and her guardian's details erased, and she leaves her teams;
 * 3. name, ID number and birth date stay sealed beside her service records, which GB/T 40143 keeps
 *    ten years and a certificate may be asked of (志愿服务记录与证明出具办法); the ID number's
 *    lookup hash is released, so the same person may register again from a new account.
 * Returns whether there was a registration to withdraw.
 */
export async function withdrawVolunteer(db: Db, userId: string): Promise<boolean> {
  const row = await repo.lockVolunteer(db, userId)
  if (!row || row.status === 'withdrawn') return false
  // 1. 2. 3.
  await repo.updateVolunteer(db, userId, {
    status: 'withdrawn',
    suspended_until: null,
    phone_enc: '',
    guardian_name_enc: null,
    guardian_phone_enc: null,
    id_number_hash: `withdrawn:${userId}`,
  })
  await teams.deleteMembershipsOf(db, userId)
  return true
}
