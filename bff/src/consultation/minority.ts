import type { MinoritySummaryInputSchema, MinorityView } from '@linli/shared'
import type { z } from 'zod'
import { localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { tally } from './opinion-repository'
import * as topics from './repository'
import { communityOrThrow, isStaffOf } from './service'

/**
 * ★ 保护少数人合法权益 (issue 11 item 2, docs/decisions/021-vote-rules.md): before a vote opens, staff
 * write a summary of the minority views and their answer, shown to everyone on the topic page.
 * The minority views are the visible 反对 opinions — whatever the counts, 反对 is what a vote would
 * override. A topic with none needs no summary; a 反对 posted after the summary asks for it again
 * (staff update it), so no objection goes into a vote unanswered.
 */

/** The visible 反对 opinions: how many and the latest, from the counters each write keeps (opinion-repository.ts). */
async function opposition(db: Db, topicId: string): Promise<{ count: number; latest: Date | null }> {
  const { counts, opposeLatestAt } = await tally(db, topicId)
  return { count: counts.oppose, latest: opposeLatestAt }
}

function findSummary(db: Db, topicId: string) {
  return db.selectFrom('consultation_minority_summary').selectAll().where('topic_id', '=', topicId).executeTakeFirst()
}

async function topicOrThrow(db: Db, topicId: string) {
  const topic = await topics.findTopic(db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

export async function getMinority(deps: Deps, topicId: string): Promise<MinorityView> {
  const topic = await topicOrThrow(deps.db, topicId)
  const [community, against, summary] = await Promise.all([communityOrThrow(deps.db, topic.community_id), opposition(deps.db, topicId), findSummary(deps.db, topicId)])
  const answered = against.count === 0 || (summary !== undefined && (against.latest === null || summary.written_at >= against.latest))
  return {
    topicId,
    opposeCount: against.count,
    answered,
    summary: summary?.summary ?? null,
    answer: summary?.answer ?? null,
    writtenAtLocal: summary ? localMoment(summary.written_at, community.timezone) : null,
  }
}

/** Refuses opening a vote while 反对 opinions stand unanswered (MINORITY_VIEWS_UNANSWERED). */
export async function assertMinorityAnswered(deps: Deps, topicId: string): Promise<void> {
  if (!(await getMinority(deps, topicId)).answered) throw new AppError('MINORITY_VIEWS_UNANSWERED')
}

/** Staff of the community write or update the summary and answer while the topic is 协商中; audited. */
export async function saveMinority(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof MinoritySummaryInputSchema>, requestId: string): Promise<MinorityView> {
  const topic = await topicOrThrow(deps.db, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以答复少数意见' })
  if (topic.state !== 'deliberating') throw new AppError('MINORITY_NOT_DELIBERATING')
  const now = deps.now()
  await inTransaction(deps.db, async (trx) => {
    const values = { topic_id: topicId, summary: input.summary, answer: input.answer, written_by: auth.userId, written_at: now }
    await trx
      .insertInto('consultation_minority_summary')
      .values(values)
      .onConflict((oc) => oc.column('topic_id').doUpdateSet({ summary: input.summary, answer: input.answer, written_by: auth.userId, written_at: now }))
      .execute()
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'minority_summary.saved',
      targetType: 'consultation_topic',
      targetId: topicId,
      detail: { summaryLength: input.summary.length, answerLength: input.answer.length },
      requestId,
    })
  })
  return getMinority(deps, topicId)
}
