import type { Deps } from '../deps'
import { seedDemoConsultation } from './consultation'
import { seedDemoAssist } from './consultation-assist'
import { seedDemoMeetings } from './consultation-meetings'
import { seedDemoOutcomes } from './consultation-outcomes'
import { seedDemoEscalations } from './consultation-oversight'
import { seedDemoServiceChanges } from './consultation-service-changes'
import { seedDemoRegistry } from './consultation-votes'

/**
 * 社区协商 in the demo, every feature after the topics it builds on (each writes once, so a second
 * run adds nothing): topics in every state with opinions and votes, the 业主名册, meetings, results
 * with 公示 and implementation, the service change an adopted result carried and a 差评 draft, a
 * topic sent to the street, and a day of 代办. Call after seedDemo and seedDemoHistory.
 */
export async function seedDemoConsultationAll(deps: Deps): Promise<void> {
  const { db, cipher } = deps
  const now = deps.now()
  await seedDemoConsultation(db, cipher, now)
  await seedDemoRegistry(db, cipher, now)
  await seedDemoMeetings(db, now)
  await seedDemoOutcomes(db, now)
  await seedDemoServiceChanges(deps)
  await seedDemoEscalations(db, now)
  await seedDemoAssist(db, cipher, now)
}
