import type { TopicState } from '@linli/shared'
import * as auth from '../auth/repository'
import { addDays, localDate } from '../calendar/local-time'
import * as escalations from '../consultation/oversight-repository'
import * as consultation from '../consultation/repository'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import { findCommunityById } from '../region/service'

const DAY_MS = 24 * 60 * 60 * 1000
const ESCALATABLE: readonly TopicState[] = ['accepted', 'deliberating', 'voting', 'resolved', 'implementing']

/**
 * 上报街道 in the demo (issue 11 item 8): two of 桂花社区's open topics sent to 桂花街道 — one the
 * street answered (the answer on the topic page), one overdue and waiting in 刘建国's 街道办理.
 * Once; after seedDemoConsultation, whose topics it finds by state. Call from the demo seed.
 */
export async function seedDemoEscalations(db: Db, now: Date): Promise<void> {
  const [elder, staff, admin] = await Promise.all([auth.findUserByPersona(db, 'elder'), auth.findUserByPersona(db, 'staff'), auth.findUserByPersona(db, 'street_admin')])
  const communityId = elder?.community_id
  if (!staff || !admin || !communityId) return
  if (await escalations.hasEscalations(db, communityId)) return
  const community = await findCommunityById(db, communityId)
  if (!community) return
  const open = (await consultation.listTopics(db, { communityId, limit: 50 })).filter((t) => ESCALATABLE.includes(t.state))
  const [answered, waiting] = open
  if (!answered) return
  const today = localDate(now, community.timezone)
  await inTransaction(db, async (trx) => {
    const sentAt = new Date(now.getTime() - 9 * DAY_MS)
    const first = await escalations.insertEscalation(trx, {
      topic_id: answered.id,
      community_id: communityId,
      street_id: community.streetId,
      reason: '涉及小区外市政道路和交通设施，需由街道协调区市政、交警部门办理',
      due_date: addDays(today, -2),
      sent_by: staff.id,
      sent_at: sentAt,
    })
    if (first) {
      await escalations.answerEscalation(trx, first.id, {
        answer: '街道已协调区市政所和交警大队现场踏勘，本月底前在小区外道路施划标线、增设提示牌，费用由街道承担。',
        answeredBy: admin.id,
        at: new Date(now.getTime() - 4 * DAY_MS),
      })
    }
    if (waiting) {
      await escalations.insertEscalation(trx, {
        topic_id: waiting.id,
        community_id: communityId,
        street_id: community.streetId,
        reason: '所需经费超出社区公益金额度，申请街道统筹解决',
        due_date: addDays(today, -1),
        sent_by: staff.id,
        sent_at: new Date(now.getTime() - 6 * DAY_MS),
      })
    }
  })
}
