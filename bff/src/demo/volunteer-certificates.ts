import { starLevelOf } from '@linli/shared'
import * as auth from '../auth/repository'
import type { Db } from '../db/database'
import type { FieldCipher } from '../platform/crypto'
import * as repo from '../volunteer/certificate-repository'
import { issueFor } from '../volunteer/certificates'
import { afterHoursChanged, awardDueLevels } from '../volunteer/star-levels'

const DAY_MS = 24 * 60 * 60 * 1000
/** Volunteers whose hours the demo looks at for star levels. */
const VOLUNTEERS_LOOKED_AT = 20

/**
 * Demo certificates and star levels (issue 12 items 4, 5) for 桂花社区, through the feature's own
 * functions, after the hours demo has confirmed hours: the volunteer persona's certificate of all
 * her confirmed hours; every level the hours reach put on the 公示 (hers: 一星 at 120 hours); and
 * for another volunteer who has reached a level, one announced ten days ago and awarded since.
 * Without confirmed hours there is nothing to certify and the function does nothing. Loading twice
 * adds nothing.
 */
export async function seedDemoVolunteerCertificates(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const persona = await auth.findUserByPersona(db, 'volunteer')
  const communityId = persona?.community_id
  if (!persona || !communityId) return
  const ranked = await repo.volunteersByHours(db, communityId, VOLUNTEERS_LOOKED_AT)
  const hers = ranked.find((v) => v.user_id === persona.id)
  if (hers && hers.minutes > 0 && (await repo.listCertificates(db, { userId: persona.id, limit: 1 })).length === 0) {
    await issueFor(db, cipher, persona.id, null, now, null)
  }
  const other = ranked.find((v) => v.user_id !== persona.id && starLevelOf(v.minutes) > 0)
  if (other && (await repo.liveLevels(db, [other.user_id])).length === 0) {
    // Reached ten days ago: the 公示 (5 working days) is over and the award job's run makes it 已授予.
    await db.transaction().execute((trx) => afterHoursChanged(trx, [other.user_id], new Date(now.getTime() - 10 * DAY_MS)))
    await awardDueLevels(db, now)
  }
  const reached = ranked.filter((v) => starLevelOf(v.minutes) > 0).map((v) => v.user_id)
  if (reached.length > 0) await db.transaction().execute((trx) => afterHoursChanged(trx, reached, now))
}
