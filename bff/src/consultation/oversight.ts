import {
  type CommunityStats,
  type ModerationQuerySchema,
  type Oversight,
  type OversightQuerySchema,
  TOPIC_STATE_LABELS,
  TopicStateSchema,
  type VoteOverviewQuerySchema,
} from '@linli/shared'
import type { z } from 'zod'
import { peopleByIds, registeredResidents } from '../auth/residents'
import { maskName } from '../booking/rules'
import { CHINA_TIME_ZONE, addDays, localDate, localDayRange, localMoment } from '../calendar/local-time'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { type CommunityFacts, communitiesByIds, communityIdsOnStreets } from '../region/service'
import * as repo from './oversight-repository'
import { communityOrThrow, isStaffOf } from './service'

/**
 * The staff and street views of consultation (issue 11 item 9, docs/decisions/026): the pipeline
 * by state, the month's figures per community, the moderation queue and the votes. Staff see their
 * community, a street admin every community of the street.
 */

/** Rows the CSV export of the pipeline carries at most (a street's topics for years fit). */
const EXPORT_ROWS_MAX = 10_000
const DAYS_DECIMALS = 10

/** The communities the caller runs, or the one asked for if she runs it. */
async function communitiesOf(deps: Deps, auth: Auth, communityId: string | undefined): Promise<CommunityFacts[]> {
  const own = auth.grants.flatMap((g) => (g.role === 'staff' && g.communityId ? [g.communityId] : []))
  const streets = auth.grants.flatMap((g) => (g.role === 'street_admin' && g.streetId ? [g.streetId] : []))
  const ids = [...own, ...(await communityIdsOnStreets(deps.db, streets))]
  const communities = [...(await communitiesByIds(deps.db, ids)).values()].sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  if (communityId === undefined) {
    if (communities.length === 0) throw new AppError('FORBIDDEN')
    return communities
  }
  const asked = communities.find((c) => c.id === communityId)
  if (!asked) throw new AppError('FORBIDDEN')
  return [asked]
}

/** A month `YYYY-MM` as the instants `[from, to)` on a zone's clock. */
function monthSpan(month: string, tz: string): repo.Span {
  const first = `${month}-01`
  const next = `${addDays(first, 32).slice(0, 7)}-01`
  return { from: localDayRange(first, tz)[0], to: localDayRange(next, tz)[0] }
}

const byCommunity = <R extends { community_id: string }>(rows: readonly R[]) => new Map(rows.map((r) => [r.community_id, r]))

/** The figures of communities that share a clock: a handful of aggregate queries, whatever the number of topics. */
async function statsOfZone(deps: Deps, communities: readonly CommunityFacts[], month: string, tz: string): Promise<CommunityStats[]> {
  const ids = communities.map((c) => c.id)
  const span = monthSpan(month, tz)
  const [pipeline, raised, moves, participants, escalations, residents] = await Promise.all([
    repo.pipelineCounts(deps.db, ids),
    repo.raisedCounts(deps.db, ids, span),
    repo.moveFigures(deps.db, ids, span),
    repo.participantCounts(deps.db, ids, span),
    repo.escalationCounts(deps.db, ids, localDate(deps.now(), tz)),
    Promise.all(ids.map((id) => registeredResidents(deps.db, id))),
  ])
  const raisedOf = byCommunity(raised)
  const movesOf = byCommunity(moves.rows)
  const participantsOf = byCommunity(participants.rows)
  const escalationsOf = byCommunity(escalations)
  return communities.map((c, i) => {
    const m = movesOf.get(c.id)
    const took = Number(participantsOf.get(c.id)?.n ?? 0)
    const registered = residents[i] ?? 0
    const states = new Map(pipeline.filter((p) => p.community_id === c.id).map((p) => [p.state, Number(p.n)]))
    return {
      communityId: c.id,
      communityName: c.name,
      month,
      raised: Number(raisedOf.get(c.id)?.n ?? 0),
      adopted: Number(m?.adopted ?? 0),
      implemented: Number(m?.implemented ?? 0),
      avgDaysToImplement: m?.avg_days == null ? null : Math.round(Number(m.avg_days) * DAYS_DECIMALS) / DAYS_DECIMALS,
      participants: took,
      residents: registered,
      participationRate: registered === 0 ? null : took / registered,
      pipeline: TopicStateSchema.options.map((state) => ({ state, count: states.get(state) ?? 0 })),
      openEscalations: Number(escalationsOf.get(c.id)?.open ?? 0),
      overdueEscalations: Number(escalationsOf.get(c.id)?.overdue ?? 0),
    }
  })
}

/** The pipeline and the month's figures of every community the caller runs (or the one asked for). */
export async function oversight(deps: Deps, auth: Auth, query: z.output<typeof OversightQuerySchema>): Promise<Oversight> {
  const communities = await communitiesOf(deps, auth, query.communityId)
  const month = query.month ?? localDate(deps.now(), communities[0]?.timezone ?? CHINA_TIME_ZONE).slice(0, 7)
  // A street's communities share a clock in practice; each zone still gets its own month's span.
  const zones = new Map<string, CommunityFacts[]>()
  for (const c of communities) zones.set(c.timezone, [...(zones.get(c.timezone) ?? []), c])
  const stats = (await Promise.all([...zones].map(([tz, group]) => statsOfZone(deps, group, month, tz)))).flat()
  const order = new Map(communities.map((c, i) => [c.id, i]))
  return { month, communities: stats.sort((a, b) => (order.get(a.communityId) ?? 0) - (order.get(b.communityId) ?? 0)) }
}

async function staffCommunity(deps: Deps, auth: Auth, communityId: string) {
  const community = await communityOrThrow(deps.db, communityId)
  if (!isStaffOf(auth, community)) throw new AppError('FORBIDDEN')
  return community
}

/** 审核队列: reported (待审核) and hidden opinions of the community's topics, newest first; authors masked. */
export async function moderationQueue(deps: Deps, auth: Auth, query: z.output<typeof ModerationQuerySchema>) {
  const community = await staffCommunity(deps, auth, query.communityId)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listModeration(deps.db, { communityId: community.id, after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }))
  const people = await peopleByIds(deps.db, deps.cipher, page.rows.map((r) => r.author_user_id))
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      topicId: r.topic_id,
      topicTitle: r.topic_title,
      stance: r.stance,
      authorName: maskName(people.get(r.author_user_id)?.name ?? ''),
      body: r.body,
      status: r.status,
      reportCount: r.report_count,
      hiddenReason: r.hidden_reason,
      createdAtLocal: localMoment(r.created_at, community.timezone),
    })),
    nextCursor: page.nextCursor,
  }
}

/** The community's votes, last opened first: open and closed, with turnout against the electorate. */
export async function voteOverview(deps: Deps, auth: Auth, query: z.output<typeof VoteOverviewQuerySchema>) {
  const community = await staffCommunity(deps, auth, query.communityId)
  const after = query.cursor ? decodeCursor(query.cursor, 'instant') : undefined
  const rows = await repo.listVotes(deps.db, { communityId: community.id, after, limit: query.limit + 1 })
  const page = pageFrom(rows, query.limit, (r) => ({ key: r.opens_at, id: r.id }))
  const now = deps.now()
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      topicId: r.topic_id,
      topicTitle: r.topic_title,
      rule: r.rule,
      phase: now < r.opens_at ? ('upcoming' as const) : now < r.closes_at ? ('open' as const) : ('closed' as const),
      eligible: r.eligible,
      turnout: r.turnout,
      opensAtLocal: localMoment(r.opens_at, community.timezone),
      closesAtLocal: localMoment(r.closes_at, community.timezone),
    })),
    nextCursor: page.nextCursor,
  }
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; and a leading
 * = + - @ is prefixed with ' so a spreadsheet never runs a topic title as a formula.
 */
function csvField(value: string | number | null): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV with a BOM, so Excel on a Chinese Windows reads the UTF-8 headers right. */
function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`
}

const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`)

/** The month's figures per community as CSV, one row each, with the pipeline's counts per state. */
export async function statsCsv(deps: Deps, auth: Auth, query: z.output<typeof OversightQuerySchema>): Promise<{ month: string; csv: string }> {
  const { month, communities } = await oversight(deps, auth, query)
  const states = TopicStateSchema.options
  const header = ['社区', '月份', '提出议题', '立项', '落实', '立项至落实平均天数', '参与居民', '登记居民', '参与率', '待街道答复', '逾期未答复', ...states.map((s) => `当前${TOPIC_STATE_LABELS[s]}`)]
  const rows = communities.map((c) => [
    c.communityName,
    c.month,
    c.raised,
    c.adopted,
    c.implemented,
    c.avgDaysToImplement,
    c.participants,
    c.residents,
    percent(c.participationRate),
    c.openEscalations,
    c.overdueEscalations,
    ...c.pipeline.map((p) => p.count),
  ])
  return { month, csv: toCsv(header, rows) }
}

/** The pipeline as CSV: one row per topic of the caller's communities, with its state and supports. */
export async function pipelineCsv(deps: Deps, auth: Auth, query: z.output<typeof OversightQuerySchema>): Promise<string> {
  const communities = await communitiesOf(deps, auth, query.communityId)
  const byId = new Map(communities.map((c) => [c.id, c]))
  const topics = await repo.topicsForExport(deps.db, [...byId.keys()], EXPORT_ROWS_MAX)
  const header = ['社区', '议题', '状态', '附议人数', '立项门槛', '提出日期']
  const rows = topics.map((t) => {
    const community = byId.get(t.community_id)
    return [community?.name ?? '', t.title, TOPIC_STATE_LABELS[t.state], t.support_count, t.threshold, localDate(t.created_at, community?.timezone ?? CHINA_TIME_ZONE)]
  })
  return toCsv(header, rows)
}
