import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import { seedDemoVolunteerActivities } from './volunteer-activities'
import { seedDemoVolunteerCertificates } from './volunteer-certificates'
import { seedDemoVolunteerHelp } from './volunteer-help'
import { seedDemoVolunteerHours } from './volunteer-hours'
import { seedDemoVolunteerRegistration } from './volunteer-registration'
import { seedDemoVolunteerStaffing } from './volunteer-staffing'

/**
 * 志愿服务 in the demo, each feature after those it stands on (each writes once, so a second run
 * adds nothing): volunteers and teams, coming activities, two years of confirmed hours, a certificate and star levels, help
 * requests and the time bank, helpers for 助餐 slots. Call after seedDemo and seedDemoHistory.
 */
export async function seedDemoVolunteerAll(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  await seedDemoVolunteerRegistration(db, cipher, now)
  await seedDemoVolunteerActivities(db, cipher, now)
  await seedDemoVolunteerHours(db, cipher, now)
  await seedDemoVolunteerCertificates(db, cipher, now)
  await seedDemoVolunteerHelp(db, cipher, now)
  await seedDemoVolunteerStaffing(db, cipher, now)
}
