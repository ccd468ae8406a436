import {
  AREA_CENTI_PER_SQUARE_METRE,
  VOTE_OUTCOME_LABELS,
  VOTE_RULE_LABELS,
  isOwnerVoteRule,
  type CommunityKindSchema,
  type OWNER_VOTE_RULES,
  type VoteOutcome,
  type VoteRule,
} from '@linli/shared'
import type { z } from 'zod'
import { AppError } from '../http/errors'

/**
 * The vote rule engine (issue 11 item 3): pure arithmetic, no database. The service feeds it the
 * electorate and the running counters kept in the vote's own transaction, for the live bar while a
 * vote is open and for the result when it closes.
 *
 * Legal sources (docs/decisions/021-vote-rules.md):
 * - 城市居民委员会组织法 第九条: 居民会议 needs more than half (过半数) of the residents aged 18+, or of
 *   the households' representatives, present; its decisions pass with more than half of those present.
 * - 村民委员会组织法 第二十二条: a 村民会议 needs more than half of the villagers aged 18+, or two thirds
 *   or more (三分之二以上) of the households' representatives; decisions pass with more than half of
 *   those present.
 * - 民法典 第二百七十八条: owners holding 2/3 or more of the 专有部分 floor area AND 2/3 or more by
 *   headcount take part; the matters of items (6)–(8) (raising maintenance funds; rebuilding;
 *   changing the use of common parts or running a business on them) pass with 3/4 or more of the
 *   participating area AND headcount; all other matters with more than half of both.
 * - 民法典 第一千二百五十九条: 「以上」 includes the number itself, so 2/3 and 3/4 are met exactly at
 *   the fraction; 「过半数」 is strictly more than half, so exactly half is not enough.
 *
 * Every comparison is on integers (area in 0.01 m²) through BigInt cross-multiplication: never a
 * float, never a rounded percentage.
 */

type CommunityKind = z.infer<typeof CommunityKindSchema>
type OwnerVoteRule = (typeof OWNER_VOTE_RULES)[number]
type HeadcountRule = Exclude<VoteRule, OwnerVoteRule>

/** A share of owners: how many, and the 专有部分 floor area they hold in 0.01 m². */
export interface OwnerShare {
  owners: number
  areaCentiM2: number
}

/** A rule counted by heads: persons aged 18+ (居民会议), households (户代表), or everyone asked (意见征询). */
export interface HeadcountTurnout {
  rule: HeadcountRule
  /** A 村 follows 村民委员会组织法, whose household quorum is two thirds, not half. */
  community: CommunityKind
  /** Persons or households entitled to take part. */
  eligible: number
  /** Who took part: ballots cast online plus those present at the meeting, 弃权 and blank included. */
  turnout: number
}

export interface OwnerTurnout {
  rule: OwnerVoteRule
  /** The whole owners' registry: every 专有部分 counts one head (法释〔2009〕7号 第九条). */
  electorate: OwnerShare
  turnout: OwnerShare
}

export type VoteTurnout = HeadcountTurnout | OwnerTurnout

function isOwnerTurnout<T extends VoteTurnout>(count: T): count is Extract<T, OwnerTurnout> {
  return isOwnerVoteRule(count.rule)
}

interface OptionBase {
  id: string
  label: string
  /** Whether carrying this option decides the matter (同意, 方案一); 反对 and 弃权 do not. */
  adopts: boolean
}
export interface HeadcountOption extends OptionBase {
  votes: number
}
export interface OwnerOption extends OptionBase, OwnerShare {}

export interface HeadcountCount extends HeadcountTurnout {
  options: HeadcountOption[]
}
export interface OwnerCount extends OwnerTurnout {
  options: OwnerOption[]
}
export type VoteCount = HeadcountCount | OwnerCount

/** One bar of the live participation display. */
export interface Measure {
  counted: number
  total: number
  /** The least `counted` that meets the quorum: the mark on the bar; 0 where there is none. */
  required: number
}

export interface Participation {
  quorumMet: boolean
  headcount: Measure
  /** Floor area in 0.01 m², for the 民法典 rules only. */
  area: Measure | null
}

export interface VoteResult extends Participation {
  rule: VoteRule
  outcome: VoteOutcome
  /** The option that carried the required majority, when the vote passed. */
  adoptedOptionId: string | null
  explanation: string
}

interface Fraction {
  numerator: bigint
  denominator: bigint
  /** 「以上」 (at least) or 「过半数」 (strictly more than). */
  inclusive: boolean
  words: string
}

const MORE_THAN_HALF: Fraction = { numerator: 1n, denominator: 2n, inclusive: false, words: '过半数' }
const TWO_THIRDS_OR_MORE: Fraction = { numerator: 2n, denominator: 3n, inclusive: true, words: '三分之二以上' }
const THREE_QUARTERS_OR_MORE: Fraction = { numerator: 3n, denominator: 4n, inclusive: true, words: '四分之三以上' }

/** The least whole count of `total` that reaches the fraction: ⌈t·n/d⌉ for 以上, ⌊t·n/d⌋ + 1 for 过半数. */
function leastReaching(total: number, fraction: Fraction): number {
  const scaled = BigInt(total) * fraction.numerator
  const required = fraction.inclusive
    ? (scaled + fraction.denominator - 1n) / fraction.denominator
    : scaled / fraction.denominator + 1n
  return Number(required)
}

function reaches(counted: number, total: number, fraction: Fraction): boolean {
  const left = BigInt(counted) * fraction.denominator
  const right = BigInt(total) * fraction.numerator
  return fraction.inclusive ? left >= right : left > right
}

/** 居民会议 and 村民会议 alike need more than half of those eligible; 户代表 in a 村 need two thirds. */
function meetingQuorum(rule: 'resident_meeting' | 'household', community: CommunityKind): Fraction {
  return rule === 'household' && community === 'rural' ? TWO_THIRDS_OR_MORE : MORE_THAN_HALF
}

/** 意见征询 has none. */
function headcountQuorum(count: HeadcountTurnout): Fraction | null {
  return count.rule === 'opinion_poll' ? null : meetingQuorum(count.rule, count.community)
}

function ownersMajority(rule: OwnerVoteRule): Fraction {
  return rule === 'owners_278_major' ? THREE_QUARTERS_OR_MORE : MORE_THAN_HALF
}

function tallyError(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { message: `计票数据有误：${message}`, fields: [{ path, message }] })
}

function assertCount(value: number, path: string, label: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw tallyError(path, `${label}应为不小于 0 的整数`)
}

function assertWithin(part: number, whole: number, path: string, message: string): void {
  if (part > whole) throw tallyError(path, message)
}

/** An owner holds a 专有部分 of positive area, so a share with heads has area and one without has none. */
function assertOwnerShare(share: OwnerShare, path: string, label: string): void {
  assertCount(share.owners, `${path}.owners`, `${label}人数`)
  assertCount(share.areaCentiM2, `${path}.areaCentiM2`, `${label}面积`)
  if ((share.owners === 0) !== (share.areaCentiM2 === 0)) throw tallyError(path, `${label}的人数与面积不一致`)
}

/**
 * Checks a turnout before any arithmetic:
 * 1. An empty electorate is refused: a vote nobody may take part in decides nothing (for the 民法典
 *    rules it means the owners' registry has not been imported).
 * 2. Counts are non-negative integers, and the turnout is within the electorate.
 */
function assertTurnout(count: VoteTurnout): void {
  if (isOwnerTurnout(count)) {
    // 1.
    if (count.electorate.owners === 0) {
      throw new AppError('CONFLICT', { message: '业主名册为空，请先导入业主名册再按业主共同决定规则表决' })
    }
    // 2.
    assertOwnerShare(count.electorate, 'electorate', '业主总')
    assertOwnerShare(count.turnout, 'turnout', '参与表决业主')
    assertWithin(count.turnout.owners, count.electorate.owners, 'turnout.owners', '参与表决人数超过了业主总人数')
    assertWithin(count.turnout.areaCentiM2, count.electorate.areaCentiM2, 'turnout.areaCentiM2', '参与表决面积超过了专有部分总面积')
    return
  }
  // 1.
  if (count.eligible === 0) throw new AppError('CONFLICT', { message: '没有可参加表决的居民或户，不能按此规则表决' })
  // 2.
  assertCount(count.eligible, 'eligible', '应参加人数')
  assertCount(count.turnout, 'turnout', '参加人数')
  assertWithin(count.turnout, count.eligible, 'turnout', '参加人数超过了应参加人数')
}

function measure(counted: number, total: number, quorum: Fraction | null): Measure {
  return { counted, total, required: quorum ? leastReaching(total, quorum) : 0 }
}

/** Participation against the quorum, for the live bar while the vote is open. */
export function measureParticipation(count: VoteTurnout): Participation {
  assertTurnout(count)
  if (isOwnerTurnout(count)) {
    return {
      quorumMet:
        reaches(count.turnout.owners, count.electorate.owners, TWO_THIRDS_OR_MORE) &&
        reaches(count.turnout.areaCentiM2, count.electorate.areaCentiM2, TWO_THIRDS_OR_MORE),
      headcount: measure(count.turnout.owners, count.electorate.owners, TWO_THIRDS_OR_MORE),
      area: measure(count.turnout.areaCentiM2, count.electorate.areaCentiM2, TWO_THIRDS_OR_MORE),
    }
  }
  const quorum = headcountQuorum(count)
  return {
    quorumMet: quorum === null || reaches(count.turnout, count.eligible, quorum),
    headcount: measure(count.turnout, count.eligible, quorum),
    area: null,
  }
}

/** 12345678 (0.01 m²) → 「123,456.78 平方米」. */
export function formatArea(areaCentiM2: number): string {
  const whole = Math.floor(areaCentiM2 / AREA_CENTI_PER_SQUARE_METRE).toLocaleString('en-US')
  const cents = String(areaCentiM2 % AREA_CENTI_PER_SQUARE_METRE).padStart(2, '0')
  return `${whole}.${cents} 平方米`
}

/**
 * Checks the options: unique ids, counts within the turnout (a ballot names one option at most;
 * 弃权 is an option or a blank ballot counted only in the turnout), and, for a decision, at least
 * one option that adopts something.
 */
function assertOptions<T extends OptionBase>(rule: VoteRule, options: readonly T[], votesOf: (option: T) => OwnerShare, turnout: OwnerShare): void {
  const seen = new Set<string>()
  let owners = 0
  let area = 0
  options.forEach((option, index) => {
    if (seen.has(option.id)) throw tallyError(`options.${index}.id`, `选项「${option.label}」重复`)
    seen.add(option.id)
    const share = votesOf(option)
    owners += share.owners
    area += share.areaCentiM2
  })
  if (owners > turnout.owners) throw tallyError('options', '各选项票数之和超过了参加人数')
  if (area > turnout.areaCentiM2) throw tallyError('options', '各选项面积之和超过了参与表决面积')
  if (rule !== 'opinion_poll' && !options.some((option) => option.adopts)) {
    throw tallyError('options', '表决至少要有一个「同意」或方案选项')
  }
}

/** A 村's meeting is a 村民会议 (村民委员会组织法); the rule's label names the urban one. */
function meetingName(count: HeadcountTurnout): string {
  return count.rule === 'resident_meeting' && count.community === 'rural' ? '村民会议' : VOTE_RULE_LABELS[count.rule]
}

function pollExplanation(options: readonly HeadcountOption[], turnout: number, eligible: number): string {
  const counts = options.map((option) => `「${option.label}」${option.votes} 票`).join('，')
  return `意见征询不设法定人数：应参加 ${eligible} 人，实际参加 ${turnout} 人${counts ? `；${counts}` : ''}。结果仅供参考，不作为表决结论。`
}

function decideByHeadcount(count: HeadcountCount): VoteResult {
  const participation = measureParticipation(count)
  count.options.forEach((option, index) => assertCount(option.votes, `options.${index}.votes`, `「${option.label}」票数`))
  assertOptions(count.rule, count.options, (option) => ({ owners: option.votes, areaCentiM2: 0 }), { owners: count.turnout, areaCentiM2: 0 })
  const base = { ...participation, rule: count.rule }
  if (count.rule === 'opinion_poll') {
    return { ...base, outcome: 'poll', adoptedOptionId: null, explanation: pollExplanation(count.options, count.turnout, count.eligible) }
  }
  const unit = count.rule === 'household' ? '户' : '人'
  const quorum = meetingQuorum(count.rule, count.community)
  const attendance = `应参加 ${count.eligible} ${unit}，实际参加 ${count.turnout} ${unit}`
  if (!participation.quorumMet) {
    return {
      ...base,
      outcome: 'no_quorum',
      adoptedOptionId: null,
      explanation: `${meetingName(count)}须${quorum.words}参加（至少 ${participation.headcount.required} ${unit}）：${attendance}，${VOTE_OUTCOME_LABELS.no_quorum}，表决无效。`,
    }
  }
  const carried = count.options.find((option) => option.adopts && reaches(option.votes, count.turnout, MORE_THAN_HALF))
  const needed = leastReaching(count.turnout, MORE_THAN_HALF)
  if (carried) {
    return {
      ...base,
      outcome: 'passed',
      adoptedOptionId: carried.id,
      explanation: `${attendance}，达到法定人数；「${carried.label}」获 ${carried.votes} 票，超过参加${unit}数的半数（至少 ${needed} 票），${VOTE_OUTCOME_LABELS.passed}。`,
    }
  }
  const best = Math.max(0, ...count.options.filter((option) => option.adopts).map((option) => option.votes))
  return {
    ...base,
    outcome: 'failed',
    adoptedOptionId: null,
    explanation: `${attendance}，达到法定人数；没有选项获得参加${unit}数的过半数同意（至少 ${needed} 票，最多的获 ${best} 票），${VOTE_OUTCOME_LABELS.failed}。`,
  }
}

function decideByOwners(count: OwnerCount): VoteResult {
  const participation = measureParticipation(count)
  count.options.forEach((option, index) => assertOwnerShare(option, `options.${index}`, `「${option.label}」`))
  assertOptions(count.rule, count.options, (option) => option, count.turnout)
  const base = { ...participation, rule: count.rule }
  const took = `参与表决业主 ${count.turnout.owners} 人、专有部分面积 ${formatArea(count.turnout.areaCentiM2)}（业主共 ${count.electorate.owners} 人、${formatArea(count.electorate.areaCentiM2)}）`
  if (!participation.quorumMet) {
    const short = [
      reaches(count.turnout.owners, count.electorate.owners, TWO_THIRDS_OR_MORE)
        ? null
        : `人数未达三分之二（至少 ${leastReaching(count.electorate.owners, TWO_THIRDS_OR_MORE)} 人）`,
      reaches(count.turnout.areaCentiM2, count.electorate.areaCentiM2, TWO_THIRDS_OR_MORE)
        ? null
        : `面积未达三分之二（至少 ${formatArea(leastReaching(count.electorate.areaCentiM2, TWO_THIRDS_OR_MORE))}）`,
    ].filter((part): part is string => part !== null)
    return {
      ...base,
      outcome: 'no_quorum',
      adoptedOptionId: null,
      explanation: `${took}，${short.join('，')}，${VOTE_OUTCOME_LABELS.no_quorum}，表决无效。`,
    }
  }
  const majority = ownersMajority(count.rule)
  const carries = (option: OwnerOption): boolean =>
    reaches(option.owners, count.turnout.owners, majority) && reaches(option.areaCentiM2, count.turnout.areaCentiM2, majority)
  const carried = count.options.find((option) => option.adopts && carries(option))
  const asked = `须经参与表决人数和面积均${majority.words}的业主同意（至少 ${leastReaching(count.turnout.owners, majority)} 人且 ${formatArea(leastReaching(count.turnout.areaCentiM2, majority))}）`
  if (carried) {
    return {
      ...base,
      outcome: 'passed',
      adoptedOptionId: carried.id,
      explanation: `${took}，达到法定比例；${asked}，「${carried.label}」获 ${carried.owners} 人、${formatArea(carried.areaCentiM2)}，${VOTE_OUTCOME_LABELS.passed}。`,
    }
  }
  const tried = count.options
    .filter((option) => option.adopts)
    .map((option) => `「${option.label}」获 ${option.owners} 人、${formatArea(option.areaCentiM2)}`)
    .join('，')
  return {
    ...base,
    outcome: 'failed',
    adoptedOptionId: null,
    explanation: `${took}，达到法定比例；${asked}，${tried}，${VOTE_OUTCOME_LABELS.failed}。`,
  }
}

/**
 * The result of a closed vote under its rule:
 * 1. The tally is checked (see assertTurnout and assertOptions); bad counts are a coded 400.
 * 2. A missed quorum is 未达法定人数 (no_quorum), never 未通过: the meeting or vote was not valid.
 * 3. Otherwise an adopting option passes with the rule's majority of those who took part.
 * An opinion poll has no quorum and no verdict: its outcome is `poll`.
 */
export function decideVote(count: VoteCount): VoteResult {
  if (isOwnerTurnout(count)) return decideByOwners(count)
  return decideByHeadcount(count)
}
