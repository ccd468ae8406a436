import { MIN_RATINGS_TO_RANK, type CommunitySatisfaction, type Dashboard, type SatisfactionFigures } from '@linli/shared'
import { keptById } from '../cache/kept'
import type { Db } from '../db/database'
import type { Deps } from '../deps'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { CHINA_TIME_ZONE, localDate } from '../calendar/local-time'
import { canManageCommunity } from '../region/access'
import { categoryNames, providerNames, servicesByIds } from '../catalog/lookups'
import { communitiesByIds, findCommunityById, findStreetWithCommunities } from '../region/service'
import * as repo from './repository'

/**
 * Satisfaction rate = (非常满意 + 满意 + 基本满意) / counted ratings; the 差评 share is levels 1–2 over
 * the same. Ratings taken out by an upheld appeal are not counted.
 */
export function figures(counts: { ratings: number | string; good: number | string; poor: number | string }): SatisfactionFigures {
  const ratings = Number(counts.ratings)
  return {
    ratings,
    satisfactionRate: ratings === 0 ? null : Number(counts.good) / ratings,
    poorShare: ratings === 0 ? null : Number(counts.poor) / ratings,
  }
}

const monthStart = (month: string) => `${month}-01`

/** The public page of a community: this month's figures, rectification, and the ranking of its services. */
/** A community's published figures for `month`, by default the month it is now in the community's zone. */
export async function communitySatisfaction(db: Db, communityId: string, requestedMonth: string | undefined, now: Date): Promise<CommunitySatisfaction> {
  const community = await findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const month = requestedMonth ?? localDate(now, community.timezone).slice(0, 7)
  const [byService, cases] = await Promise.all([
    repo.ratingCountsByService(db, communityId, monthStart(month)),
    repo.caseCountsOfMonth(db, communityId, monthStart(month)),
  ])
  const names = await servicesByIds(db, byService.map((r) => r.service_id))
  const services = byService
    .map((r) => ({ serviceId: r.service_id, serviceName: names.get(r.service_id)?.name ?? '', ...figures(r) }))
    .filter((s) => s.ratings > 0)
  const ranked = services
    .filter((s) => s.ratings >= MIN_RATINGS_TO_RANK)
    .sort((a, b) => (b.satisfactionRate ?? 0) - (a.satisfactionRate ?? 0) || b.ratings - a.ratings)
  const rankOf = new Map(ranked.map((s, i) => [s.serviceId, i + 1]))
  const total = byService.reduce(
    (acc, r) => ({ ratings: acc.ratings + Number(r.ratings), good: acc.good + Number(r.good), poor: acc.poor + Number(r.poor) }),
    { ratings: 0, good: 0, poor: 0 },
  )
  const replied = Number(cases.replied)
  return {
    communityId,
    communityName: community.name,
    month,
    overall: figures(total),
    cases: {
      total: Number(cases.total),
      replied,
      onTime: Number(cases.on_time),
      rectificationRate: Number(cases.total) === 0 ? null : replied / Number(cases.total),
      onTimeRate: replied === 0 ? null : Number(cases.on_time) / replied,
    },
    services: [...ranked, ...services.filter((s) => !rankOf.has(s.serviceId))].map((s) => ({ ...s, rank: rankOf.get(s.serviceId) ?? null })),
    minRatingsToRank: MIN_RATINGS_TO_RANK,
  }
}

type Counts = { key: string; ratings: number | string; good: number | string; poor: number | string }

/** Counts by id summed under each id's name (two providers of one name are one row, as the figures always showed them). */
function countsByName(rows: Counts[], names: Map<string, { name: string }>): [string, { ratings: number; good: number; poor: number }][] {
  const sums = new Map<string, { ratings: number; good: number; poor: number }>()
  for (const row of rows) {
    const name = names.get(row.key)?.name
    if (name === undefined) continue
    const sum = sums.get(name) ?? { ratings: 0, good: 0, poor: 0 }
    sums.set(name, { ratings: sum.ratings + Number(row.ratings), good: sum.good + Number(row.good), poor: sum.poor + Number(row.poor) })
  }
  return [...sums]
}

/** Breakdowns kept at most (one per scope and window). */
const KEPT_BREAKDOWNS = 1000

/**
 * The rollup's four breakdowns for some communities since a month, kept until a rating is written
 * in any process (ratings are in the change feed's `catalog` family, and the rollup moves only with
 * them). Open and overdue cases depend on the clock and are read fresh.
 */
async function ratingCountsSince(db: Db, communityIds: string[], from: string) {
  const key = `${from}|${[...communityIds].sort().join(',')}`
  const kept = await keptById(db, 'catalog', 'rating-breakdowns', [key], async () => [{ key, rows: await repo.ratingCountsSince(db, communityIds, from) }], (b) => b.key, KEPT_BREAKDOWNS)
  return kept.get(key)?.rows ?? []
}

export function lastMonths(now: Date, tz: string, count: number): string[] {
  const [year, month] = localDate(now, tz).split('-').map(Number) as [number, number]
  // Months counted from year 0: the i-th month back, then back to 'YYYY-MM'.
  const latest = year * 12 + (month - 1)
  return Array.from({ length: count }, (_, i) => {
    const m = latest - (count - 1 - i)
    return `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`
  })
}

/**
 * Staff dashboard: their community; a street admin: the whole street. Monthly trend, and this
 * window's figures by category, provider and community, with open and overdue cases.
 */
export async function dashboard(deps: Deps, auth: Auth, scope: { communityId: string } | { streetId: string }, monthsBack: number): Promise<Dashboard> {
  let communityIds: string[]
  let name: string
  let tz: string
  if ('communityId' in scope) {
    const community = await findCommunityById(deps.db, scope.communityId)
    if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
    if (!canManageCommunity(auth, { id: community.id, streetId: community.streetId })) throw new AppError('FORBIDDEN')
    communityIds = [community.id]
    name = community.name
    tz = community.timezone
  } else {
    if (!auth.grants.some((g) => g.role === 'street_admin' && g.streetId === scope.streetId)) throw new AppError('FORBIDDEN')
    const street = await findStreetWithCommunities(deps.db, scope.streetId)
    if (!street) throw new AppError('NOT_FOUND')
    const communities = street.communities
    communityIds = communities.map((c) => c.id)
    name = street.name
    // A street's communities share a clock; a street with none yet still gets a trend, in China's time.
    tz = communities[0]?.timezone ?? CHINA_TIME_ZONE
  }
  const months = lastMonths(deps.now(), tz, monthsBack)
  const from = monthStart(months[0] ?? '2000-01')
  const [counts, caseRow] = await Promise.all([ratingCountsSince(deps.db, communityIds, from), repo.openAndOverdueCases(deps.db, communityIds, deps.now())])
  const rowsBy = (by: repo.Breakdown) => counts.filter((r) => r.by === by)
  const [trendRows, categoryRows, providerRows, communityRows] = [rowsBy('month'), rowsBy('category'), rowsBy('provider'), rowsBy('community')]
  const [categories, providers, communities] = await Promise.all([
    categoryNames(deps.db, categoryRows.map((r) => r.key)),
    providerNames(deps.db, providerRows.map((r) => r.key)),
    communitiesByIds(deps.db, communityRows.map((r) => r.key)),
  ])
  const byMonth = new Map(trendRows.map((r) => [r.key, r]))
  const named = (rows: Counts[], names: Map<string, { name: string }>) =>
    countsByName(rows, names).map(([name, counts]) => ({ name, ...figures(counts) })).sort((a, b) => b.ratings - a.ratings)
  return {
    scope: 'communityId' in scope ? 'community' : 'street',
    name,
    trend: months.map((m) => ({ month: m, ...figures(byMonth.get(m) ?? { ratings: 0, good: 0, poor: 0 }) })),
    byCategory: named(categoryRows, categories),
    byProvider: named(providerRows, providers),
    byCommunity: named(communityRows, communities),
    openCases: Number(caseRow.open),
    overdueCases: Number(caseRow.overdue),
  }
}

/** Each service's counted ratings and satisfaction rate, for the catalogue's 满意度 (rating owns the rows). */
export async function serviceSatisfaction(db: Db, serviceIds: string[]): Promise<Map<string, { ratings: number; rate: number | null }>> {
  const rows = await repo.ratingCountsOfServices(db, serviceIds)
  return new Map(rows.map((r) => {
    const f = figures(r)
    return [r.service_id, { ratings: f.ratings, rate: f.satisfactionRate }]
  }))
}

/** Counted ratings of some bookings by 好评 (4–5) / 中评 (3) / 差评 (1–2): counts only, never who rated. */
export async function ratingTallyOfBookings(db: Db, bookingIds: readonly string[]): Promise<{ good: number; neutral: number; poor: number }> {
  if (bookingIds.length === 0) return { good: 0, neutral: 0, poor: 0 }
  const row = await db
    .selectFrom('rating')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('level', '>=', 4).as('good'),
      eb.fn.countAll<string>().filterWhere('level', '=', 3).as('neutral'),
      eb.fn.countAll<string>().filterWhere('level', '<=', 2).as('poor'),
    ])
    .where('booking_id', 'in', [...bookingIds])
    .where('counted', '=', true)
    .executeTakeFirstOrThrow()
  return { good: Number(row.good), neutral: Number(row.neutral), poor: Number(row.poor) }
}
