import {
  type BallotInputSchema,
  ERRORS,
  type ErrorCode,
  isOwnerVoteRule,
  VOTE_OUTCOME_LABELS,
  VOTE_RULE_LABELS,
  VOTE_RULE_SUMMARIES,
  type VoteOpenSchema,
  type VoteRule,
  type VoteView,
} from '@linli/shared'
import type { z } from 'zod'
import { adultResidents, isAdultOn, registeredResidents, voterFacts } from '../auth/residents'
import { localDate } from '../calendar/local-time'
import { momentOf } from './local-moments'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { assertMinorityAnswered } from './minority'
import type { AssistedAct, Participant } from './participant'
import { householdOf, registryTotals } from './registry'
import * as topics from './repository'
import { communityOrThrow, isStaffOf, moveByVote } from './service'
import type { VoteRow } from './table'
import * as repo from './vote-repository'
import { decideVote, measureParticipation, type VoteTurnout } from './vote-rules'

/**
 * 表决 on a topic in 协商中 (issue 11 item 3, docs/decisions/021-vote-rules.md). Secret ballot: the
 * ballot table says THAT a resident (or her household) voted, the option's counters what was
 * chosen, written in one transaction with no link between them; the counts are shown only after
 * the vote closed.
 *
 * The electorate is fixed when the vote opens: residents aged 18+ for 居民会议, every registered
 * resident for 意见征询, the registry's households for 户代表 and its owners and floor area for the
 * 民法典 rules (refused with VOTE_RULE_NEEDS_REGISTRY while the community has no registry).
 */

type Community = Awaited<ReturnType<typeof communityOrThrow>>
type Household = NonNullable<Awaited<ReturnType<typeof householdOf>>>

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

function isRegistryRule(rule: VoteRule): boolean {
  return rule === 'household' || isOwnerVoteRule(rule)
}

export function turnoutOf(vote: Pick<VoteRow, 'rule' | 'eligible' | 'turnout' | 'eligible_area_centi' | 'turnout_area_centi'>, community: Pick<Community, 'kind'>): VoteTurnout {
  if (isOwnerVoteRule(vote.rule)) {
    return {
      rule: vote.rule,
      electorate: { owners: vote.eligible, areaCentiM2: Number(vote.eligible_area_centi) },
      turnout: { owners: vote.turnout, areaCentiM2: Number(vote.turnout_area_centi) },
    }
  }
  return { rule: vote.rule, community: community.kind, eligible: vote.eligible, turnout: vote.turnout }
}

type OptionRow = Awaited<ReturnType<typeof repo.findOptions>>[number]

/** The result of a vote under its rule, from the counters (see vote-rules.ts). */
export function decide(vote: VoteRow, community: Pick<Community, 'kind'>, options: readonly OptionRow[]) {
  const turnout = turnoutOf(vote, community)
  const base = options.map((o) => ({ id: o.id, label: o.label, adopts: o.adopts }))
  if (isOwnerVoteRule(turnout.rule) && 'electorate' in turnout) {
    return decideVote({ ...turnout, options: options.map((o, i) => ({ ...base[i]!, owners: o.votes, areaCentiM2: Number(o.area_centi) })) })
  }
  if ('electorate' in turnout) throw new Error('unreachable: an owner turnout for a headcount rule')
  return decideVote({ ...turnout, options: options.map((o, i) => ({ ...base[i]!, votes: o.votes })) })
}

function phaseOf(vote: VoteRow, now: Date): VoteView['phase'] {
  if (now < vote.opens_at) return 'upcoming'
  return now < vote.closes_at ? 'open' : 'closed'
}

/** Who may vote, fixed at open: how many, and for the 民法典 rules the floor area. */
async function electorateOf(deps: Deps, community: Community, rule: VoteRule, opensAt: Date): Promise<{ eligible: number; areaCentiM2: number }> {
  if (rule === 'opinion_poll') return { eligible: await registeredResidents(deps.db, community.id), areaCentiM2: 0 }
  if (rule === 'resident_meeting') {
    return { eligible: await adultResidents(deps.db, deps.cipher, community.id, localDate(opensAt, community.timezone)), areaCentiM2: 0 }
  }
  const registry = await registryTotals(deps, community.id)
  if (!registry) throw new AppError('VOTE_RULE_NEEDS_REGISTRY', { message: '按户或按业主表决须先在「业主名册」导入本社区的名册' })
  return rule === 'household' ? { eligible: registry.households, areaCentiM2: 0 } : { eligible: registry.owners, areaCentiM2: registry.areaCentiM2 }
}

/**
 * Staff open a vote:
 * 1. Staff of the topic's community (or the street's admin).
 * 2. The window ends in the future.
 * 3. ★ The minority views (反对 opinions) were summarised and answered (minority.ts).
 * 4. The electorate under the rule (see electorateOf), which the rule engine refuses when empty.
 * The vote, its options, the move to 表决中 and the audit entry are one transaction; a topic that
 * is not 协商中, or already has a vote, is refused and nothing is recorded.
 */
export async function openVote(deps: Deps, auth: Auth, topicId: string, input: z.output<typeof VoteOpenSchema>, requestId: string): Promise<VoteView> {
  const topic = await topicOrThrow(deps, topicId)
  const community = await communityOrThrow(deps.db, topic.community_id)
  // 1.
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以发起表决' })
  // 2.
  const now = deps.now()
  const opensAt = new Date(input.opensAt)
  const closesAt = new Date(input.closesAt)
  if (closesAt <= now) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'closesAt', message: '结束时间须晚于现在' }] })
  // 3.
  if (topic.state === 'deliberating') await assertMinorityAnswered(deps, topic.id)
  // 4.
  const electorate = await electorateOf(deps, community, input.rule, opensAt)
  measureParticipation(
    turnoutOf({ rule: input.rule, eligible: electorate.eligible, turnout: 0, eligible_area_centi: String(electorate.areaCentiM2), turnout_area_centi: '0' }, community),
  )
  await inTransaction(deps.db, async (trx) => {
    const vote = await repo.insertVote(trx, {
      topic_id: topic.id,
      rule: input.rule,
      opens_at: opensAt,
      closes_at: closesAt,
      eligible: electorate.eligible,
      eligible_area_centi: electorate.areaCentiM2,
      opened_by: auth.userId,
    })
    if (!vote) throw new AppError('VOTE_EXISTS')
    await repo.insertOptions(trx, vote.id, input.options)
    await moveByVote(trx, topic, { to: 'voting', actorUserId: auth.userId, now, requestId })
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: community.id,
      action: 'vote.opened',
      targetType: 'consultation_vote',
      targetId: vote.id,
      detail: { topicId: topic.id, rule: input.rule, eligible: electorate.eligible, eligibleAreaCentiM2: electorate.areaCentiM2, opensAt: input.opensAt, closesAt: input.closesAt },
      requestId,
    })
  })
  return getVote(deps, auth, topicId)
}

/**
 * Why a participant may not vote under the vote's rule, or null:
 * - 户代表: her account is linked to a household of the community's registry;
 * - 民法典 rules: and she is its owner;
 * - 居民会议: her recorded birth date does not make her under 18 on the opening day.
 */
function refusalFor(vote: VoteRow, community: Community, birthDate: string | null, household: Household | undefined): ErrorCode | null {
  if (isRegistryRule(vote.rule)) {
    if (!household) return 'VOTER_NOT_IN_REGISTRY'
    if (isOwnerVoteRule(vote.rule) && !household.isOwner) return 'VOTER_NOT_OWNER'
    return null
  }
  // Unknown birth date is not under age (adultResidents counts her too: decision 021).
  if (vote.rule === 'resident_meeting' && birthDate !== null && !isAdultOn(birthDate, momentOf(vote.opens_at, community.timezone).date)) {
    return 'VOTER_UNDER_AGE'
  }
  return null
}

/** The vote of a topic: participation while it runs, the counts and the result only after it closed. */
export async function getVote(deps: Deps, auth: Auth | null, topicId: string): Promise<VoteView> {
  // The topic, its vote, the options and her ballot in one statement (vote-repository readVotePage).
  const read = await repo.readVotePage(deps.db, topicId, auth?.userId ?? null)
  if (!read) throw new AppError('TOPIC_NOT_FOUND')
  const vote = read.vote
  if (!vote) throw new AppError('VOTE_NOT_FOUND')
  const topic = { id: topicId, community_id: read.communityId }
  const { options, votedByMe: voted } = read
  const registryRule = isRegistryRule(vote.rule)
  const mine = auth?.communityId === topic.community_id ? auth : null
  const [community, household] = await Promise.all([
    communityOrThrow(deps.db, topic.community_id),
    mine && registryRule ? householdOf(deps, mine.userId, topic.community_id) : undefined,
  ])
  const householdVoted = household ? await repo.hasHouseholdVoted(deps.db, vote.id, household.householdId) : false
  const phase = phaseOf(vote, deps.now())
  const refusal = mine ? refusalFor(vote, community, mine.birthDate, household) : null
  const cannotVote = phase !== 'open' || voted ? null : !mine ? '只有本社区居民可以参加表决' : refusal ? ERRORS[refusal].message : householdVoted ? ERRORS.HOUSEHOLD_ALREADY_VOTED.message : null
  const decided = phase === 'closed' ? decide(vote, community, options) : null
  return {
    id: vote.id,
    topicId: topic.id,
    rule: vote.rule,
    ruleLabel: VOTE_RULE_LABELS[vote.rule],
    ruleSummary: VOTE_RULE_SUMMARIES[vote.rule],
    options: options.map((o) => ({ id: o.id, label: o.label, adopts: o.adopts })),
    opensAt: vote.opens_at.toISOString(),
    closesAt: vote.closes_at.toISOString(),
    opensAtLocal: momentOf(vote.opens_at, community.timezone),
    closesAtLocal: momentOf(vote.closes_at, community.timezone),
    phase,
    participation: measureParticipation(turnoutOf(vote, community)),
    votedByMe: voted,
    canVote: phase === 'open' && !voted && mine !== null && cannotVote === null,
    myHousehold: household ? { householdCode: household.householdCode, isOwner: household.isOwner, voted: householdVoted } : null,
    ineligibleReason: cannotVote,
    result: decided && {
      outcome: decided.outcome,
      outcomeLabel: VOTE_OUTCOME_LABELS[decided.outcome],
      adoptedOptionId: decided.adoptedOptionId,
      explanation: decided.explanation,
      tally: options.map((o) => ({ optionId: o.id, votes: o.votes, areaCentiM2: Number(o.area_centi) })),
    },
  }
}

/**
 * A ballot, the resident's own or given for her by a helper (代办, item 5):
 * 1. The participant is a resident of the topic's community, whose move elsewhere is not pending
 *    (she may not vote in either community until staff decide), and whom the rule admits (refusalFor).
 *    Every check is on her, never on the helper.
 * 2. Once: a second ballot is refused (a replay with the same Idempotency-Key answers the first);
 *    under the household and owners' rules once per household too (HOUSEHOLD_ALREADY_VOTED).
 * 3. Inside the window, for one of the vote's options.
 * The ballot, the option's counters and the turnout (heads and, for the 民法典 rules, the household's
 * area) go in one statement (vote-repository castBallot), under the vote's row lock, so 100 at once
 * count 100 and a refusal records nothing; with the 代办 row (`assisted.record`) in one transaction. The ballot row names the household and the
 * helper (`assisted_by`), never the option.
 */
export async function castBallot(deps: Deps, participant: Participant, topicId: string, input: z.output<typeof BallotInputSchema>, assisted?: AssistedAct) {
  // The topic and its vote in one read, side by side with her pending move and her community (the
  // topic's, or she is refused): a ballot sends as few statements, in as few rounds, as its rules
  // allow (issue 11 Speed, bench/consultation.ts). Refusals keep their order below.
  const [found, voter, community] = await Promise.all([
    repo.findTopicVote(deps.db, topicId),
    voterFacts(deps.db, deps.cipher, participant.userId),
    participant.communityId ? communityOrThrow(deps.db, participant.communityId) : null,
  ])
  if (!found) throw new AppError('TOPIC_NOT_FOUND')
  const vote = found.vote
  if (!vote) throw new AppError('VOTE_NOT_FOUND')
  // 1.
  if (!community || community.id !== found.communityId) throw new AppError('FORBIDDEN', { message: '只有本社区居民可以参加表决' })
  if (voter.movePending) throw new AppError('VOTER_MOVE_PENDING')
  const household = isRegistryRule(vote.rule) ? await householdOf(deps, participant.userId, found.communityId) : undefined
  const refusal = refusalFor(vote, community, voter.birthDate, household)
  if (refusal) throw new AppError(refusal)
  const area = isOwnerVoteRule(vote.rule) && household ? household.areaCentiM2 : 0
  const now = deps.now()
  const ballot = { vote_id: vote.id, user_id: participant.userId, household_id: household?.householdId ?? null, assisted_by: assisted?.helperUserId ?? null }
  // 2. and 3. in one statement; a 代办 ballot takes a transaction for its 代办 row.
  const cast = async (db: typeof deps.db) => {
    const counted = await repo.castBallot(db, ballot, input.optionId, now, area)
    if (!counted) throw new AppError(await repo.refusedBallot(db, vote.id, participant.userId, ballot.household_id, now))
    await assisted?.record(db, { kind: 'ballot', topicId })
    return counted
  }
  const counted = assisted ? await inTransaction(deps.db, cast) : await cast(deps.db)
  return { votedByMe: true as const, participation: measureParticipation(turnoutOf(counted, community)) }
}
