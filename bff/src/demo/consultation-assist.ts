import * as auth from '../auth/repository'
import { identityHash, sealPerson } from '../auth/sealed'
import * as assists from '../consultation/assist-repository'
import * as consultation from '../consultation/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { FieldCipher } from '../platform/crypto'

const DAY_MS = 24 * 60 * 60 * 1000
/** Elders of 桂花社区 with no phone: the people 代办 is for. The first was helped yesterday; the second is for trying it. */
const ELDERS = [
  { name: '李桂英', birthDate: '1946-05-20' },
  { name: '赵桂芝', birthDate: '1944-11-08' },
] as const
const REASON = '老人无智能手机，本人到场口述'

/**
 * 代办 demo (issue 11 item 5): the 网格员 persona gets her grant in 桂花社区, two elders without
 * a phone are registered (look them up by name and birth date: 李桂英 1946-05-20, 赵桂芝
 * 1944-11-08), and yesterday the 网格员 supported a 征集中 topic for 李桂英, so the daily list
 * of that day is not empty. Through auth's and consultation's repositories; a second run writes
 * nothing new. Call after seedDemo and seedDemoConsultation.
 */
export async function seedDemoAssist(db: Db, cipher: FieldCipher, now: Date): Promise<void> {
  const worker = await auth.findUserByPersona(db, 'grid_worker')
  const communityId = worker?.community_id
  if (!worker || !communityId) return
  await inTransaction(db, async (trx) => {
    await auth.replaceRoleGrants(trx, worker.id, [{ role: 'grid_worker', community_id: communityId, street_id: null, provider_id: null }])
    const elders: string[] = []
    for (const e of ELDERS) {
      const [found] = await auth.findResidentsByIdentity(trx, communityId, identityHash(cipher, e.name, e.birthDate))
      const id = found?.id ?? (await auth.insertUser(trx, { person: sealPerson(cipher, e), communityId }))?.id
      if (id) elders.push(id)
    }
    const [helped] = elders
    const [topic] = await consultation.listTopics(trx, { communityId, state: 'collecting', limit: 1 })
    if (!helped || !topic) return
    const at = new Date(now.getTime() - DAY_MS)
    if (!(await consultation.insertSupport(trx, topic.id, helped))) return
    await consultation.incrementSupport(trx, topic.id, at)
    await assists.insertAssist(trx, {
      topic_id: topic.id,
      community_id: communityId,
      kind: 'support',
      opinion_id: null,
      resident_user_id: helped,
      helper_user_id: worker.id,
      helper_role: 'grid_worker',
      reason: REASON,
      created_at: at,
    })
  })
}
