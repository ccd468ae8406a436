import { VOTE_OUTCOME_LABELS } from '@linli/shared'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { ScheduledJob } from '../notify/jobs'
import { enqueue } from '../notify/outbox'
import { writeAudit } from '../platform/audit'
import { CONSULTATION_MESSAGES } from './messages'
import * as topics from './repository'
import { communityOrThrow, moveByVote } from './service'
import * as repo from './vote-repository'
import { decide } from './votes'

const CLOSE_BATCH = 100

/**
 * A vote whose window ended is closed once (closed_at set where it was null, so a concurrent run
 * finds nothing to do): its result is recorded, the topic moves 表决中 → 已形成结果 (unless staff
 * terminated it meanwhile), and each resident who voted is told the result in words — 未达法定人数
 * as such, never as 未通过. One transaction per vote.
 */
export async function closeVotes(db: Db, now: Date): Promise<number> {
  let closed = 0
  for (const due of await repo.findVotesToClose(db, now, CLOSE_BATCH)) {
    const topic = await topics.findTopic(db, due.topic_id)
    if (!topic) continue
    const community = await communityOrThrow(db, topic.community_id)
    const result = decide(due, community, await repo.findOptions(db, due.id))
    const done = await inTransaction(db, async (trx) => {
      const vote = await repo.markClosed(trx, due.id, now, result.outcome)
      if (!vote) return false
      const current = await topics.findTopic(trx, topic.id)
      // The window ended, nobody closed it: the history shows the system's move.
      if (current?.state === 'voting') await moveByVote(trx, current, { to: 'resolved', actorUserId: null, now, requestId: 'vote-close' })
      const detail = `${VOTE_OUTCOME_LABELS[result.outcome]}：${result.explanation}`
      for (const userId of await repo.votersOf(trx, vote.id)) {
        await enqueue(trx, { kind: CONSULTATION_MESSAGES.vote_closed, recipient: { communityId: topic.community_id, userId }, payload: { topicId: topic.id, title: topic.title, detail } })
      }
      await writeAudit(trx, {
        actorUserId: null,
        communityId: topic.community_id,
        action: 'vote.closed',
        targetType: 'consultation_vote',
        targetId: vote.id,
        detail: { topicId: topic.id, outcome: result.outcome, turnout: vote.turnout, eligible: vote.eligible },
        requestId: null,
      })
      return true
    })
    if (done) closed++
  }
  return closed
}

/** Scheduled work of this feature: a vote whose window ended moves its topic to 已形成结果. */
export const VOTE_JOBS: readonly ScheduledJob[] = [{ name: 'consultation-close-votes', cron: '* * * * *', run: async ({ db, now }) => ({ closed: await closeVotes(db, now) }) }]
