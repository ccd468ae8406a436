import {
  type BallotInputSchema,
  isOwnerVoteRule,
  VOTE_OUTCOME_LABELS,
  VOTE_RULE_LABELS,
  VOTE_RULE_SUMMARIES,
  type VoteOpenSchema,
  type VoteView,
} from '@linli/shared'
import type { z } from 'zod'
import { hasPendingMove, registeredResidents } from '../auth/residents'
import { localMoment } from '../calendar/local-time'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import type { AssistedAct, Participant } from './participant'
import * as topics from './repository'
import { communityOrThrow, isStaffOf, moveByVote } from './service'
import type { VoteRow } from './table'
import * as repo from './vote-repository'
import { decideVote, measureParticipation, type HeadcountTurnout } from './vote-rules'

/**
 * 表决 on a topic in 协商中 (issue 11 item 3, docs/decisions/021-vote-rules.md). Secret ballot: the
 * ballot table says THAT a resident voted, the option's counter what was chosen, written in one
 * transaction with no link between them; the counts are shown only after the vote closed.
 *
 * The electorate is the community's registered residents, fixed when the vote opens. Rules that
 * count households or owners need a registry of households this app does not keep yet, so they
 * are refused until one is imported (VOTE_RULE_NEEDS_REGISTRY).
 */

type Community = Awaited<ReturnType<typeof communityOrThrow>>

async function topicOrThrow(deps: Deps, topicId: string) {
  const topic = await topics.findTopic(deps.db, topicId)
  if (!topic) throw new AppError('TOPIC_NOT_FOUND')
  return topic
}

async function voteOrThrow(deps: Deps, topicId: string): Promise<VoteRow> {
  const vote = await repo.findVoteByTopic(deps.db, topicId)
  if (!vote) throw new AppError('VOTE_NOT_FOUND')
  return vote
}

function turnoutOf(vote: Pick<VoteRow, 'rule' | 'eligible' | 'turnout'>, community: Community): HeadcountTurnout {
  if (isOwnerVoteRule(vote.rule)) throw new AppError('VOTE_RULE_NEEDS_REGISTRY')
  return { rule: vote.rule, community: community.kind, eligible: vote.eligible, turnout: vote.turnout }
}

function phaseOf(vote: VoteRow, now: Date): VoteView['phase'] {
  if (now < vote.opens_at) return 'upcoming'
  return now < vote.closes_at ? 'open' : 'closed'
}

/**
 * Staff open a vote:
 * 1. Staff of the topic's community (or the street's admin).
 * 2. A rule counted by residents: 居民会议 or 意见征询 (see above).
 * 3. The window ends in the future.
 * 4. The electorate is not empty (the rule engine refuses an empty one).
 * The vote, its options, the move to 表决中 and the audit entry are one transaction; a topic that
 * is not 协商中, or already has a vote, is refused and nothing is recorded.
 */
export async function openVote(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof VoteOpenSchema>, requestId: string): Promise<VoteView> {
  const topic = await topicOrThrow(deps, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  // 1.
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以发起表决' })
  // 2.
  if (input.rule !== 'resident_meeting' && input.rule !== 'opinion_poll') throw new AppError('VOTE_RULE_NEEDS_REGISTRY')
  // 3.
  const now = deps.now()
  const opensAt = new Date(input.opensAt)
  const closesAt = new Date(input.closesAt)
  if (closesAt <= now) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'closesAt', message: '结束时间须晚于现在' }] })
  // 4.
  const eligible = await registeredResidents(deps.db, community.id)
  measureParticipation({ rule: input.rule, community: community.kind, eligible, turnout: 0 })
  await inTransaction(deps.db, async (trx) => {
    const vote = await repo.insertVote(trx, { topic_id: topic.id, rule: input.rule, opens_at: opensAt, closes_at: closesAt, eligible, opened_by: auth.userId })
    if (!vote) throw new AppError('VOTE_EXISTS')
    await repo.insertOptions(trx, vote.id, input.options)
    await moveByVote(trx, topic, { to: 'voting', actorUserId: auth.userId, now, requestId })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'vote.opened',
      targetType: 'consultation_vote',
      targetId: vote.id,
      detail: { topicId: topic.id, rule: input.rule, eligible, opensAt: input.opensAt, closesAt: input.closesAt },
      requestId,
    })
  })
  return getVote(deps, auth, topicId)
}

/** The vote of a topic: participation while it runs, the counts and the result only after it closed. */
export async function getVote(deps: Deps, auth: Auth | null, topicId: string): Promise<VoteView> {
  const topic = await topicOrThrow(deps, topicId)
  const vote = await voteOrThrow(deps, topicId)
  const [community, options, voted] = await Promise.all([
    communityOrThrow(deps.db, topic.community_id),
    repo.findOptions(deps.db, vote.id),
    auth ? repo.hasVoted(deps.db, vote.id, auth.userId) : false,
  ])
  const phase = phaseOf(vote, deps.now())
  const turnout = turnoutOf(vote, community)
  const decided =
    phase === 'closed'
      ? decideVote({ ...turnout, options: options.map((o) => ({ id: o.id, label: o.label, adopts: o.adopts, votes: o.votes })) })
      : null
  return {
    id: vote.id,
    topicId: topic.id,
    rule: vote.rule,
    ruleLabel: VOTE_RULE_LABELS[vote.rule],
    ruleSummary: VOTE_RULE_SUMMARIES[vote.rule],
    options: options.map((o) => ({ id: o.id, label: o.label, adopts: o.adopts })),
    opensAt: vote.opens_at.toISOString(),
    closesAt: vote.closes_at.toISOString(),
    opensAtLocal: localMoment(vote.opens_at, community.timezone),
    closesAtLocal: localMoment(vote.closes_at, community.timezone),
    phase,
    participation: measureParticipation(turnout),
    votedByMe: voted,
    canVote: phase === 'open' && !voted && auth?.communityId === topic.community_id,
    result: decided && {
      outcome: decided.outcome,
      outcomeLabel: VOTE_OUTCOME_LABELS[decided.outcome],
      adoptedOptionId: decided.adoptedOptionId,
      explanation: decided.explanation,
      tally: options.map((o) => ({ optionId: o.id, votes: o.votes })),
    },
  }
}

/**
 * A ballot, the resident's own or given for her by a helper (代办, item 5):
 * 1. The participant is a resident of the topic's community, whose move elsewhere is not pending (she may not vote in either community until staff decide: no voting suspension exists otherwise). Every check is on her, never on the helper.
 * 2. Once: a second ballot is refused (a replay with the same Idempotency-Key answers the first).
 * 3. Inside the window, for one of the vote's options.
 * The ballot, the option's counter, the turnout and the 代办 row (`assisted.record`) go in one
 * transaction, under the vote's row lock, so 100 at once count 100; any refusal rolls all back.
 * The ballot row names the helper (`assisted_by`), never the option.
 */
export async function castBallot(deps: Deps, participant: Participant, topicId: string, input: z.output<typeof BallotInputSchema>, assisted?: AssistedAct) {
  const topic = await topicOrThrow(deps, topicId)
  const vote = await voteOrThrow(deps, topicId)
  // 1.
  if (participant.communityId !== topic.community_id) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以参加表决' })
  if (await hasPendingMove(deps.db, participant.userId)) throw new AppError('VOTER_MOVE_PENDING')
  const community = await communityOrThrow(deps.db, topic.community_id)
  const now = deps.now()
  const counted = await inTransaction(deps.db, async (trx) => {
    // 2.
    if (!(await repo.insertBallot(trx, { vote_id: vote.id, user_id: participant.userId, household_id: null, assisted_by: assisted?.helperUserId ?? null }))) {
      throw new AppError('ALREADY_VOTED')
    }
    // 3.
    const current = await repo.incrementTurnout(trx, vote.id, now)
    if (!current) throw new AppError('VOTE_NOT_OPEN')
    if (!(await repo.incrementOption(trx, vote.id, input.optionId))) throw new AppError('VOTE_OPTION_NOT_FOUND')
    await assisted?.record(trx, { kind: 'ballot', topicId: topic.id })
    return current
  })
  return { votedByMe: true as const, participation: measureParticipation(turnoutOf(counted, community)) }
}
