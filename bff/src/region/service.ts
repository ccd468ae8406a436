import type { CommunityDetail, CommunityList, StreetGroup } from '@linli/shared'
import type { Db } from '../db/database'
import { AppError } from '../http/errors'
import * as repo from './repository'

/** Communities matching a search, grouped by street for the community picker. */
export async function listCommunities(db: Db, q: string | undefined): Promise<CommunityList> {
  const rows = await repo.searchCommunities(db, q)
  const streets = new Map<string, StreetGroup>()
  for (const row of rows) {
    let group = streets.get(row.streetId)
    if (!group) {
      group = { id: row.streetId, name: row.streetName, districtName: row.districtName, communities: [] }
      streets.set(row.streetId, group)
    }
    group.communities.push({
      id: row.id,
      name: row.name,
      kind: row.kind,
      address: row.address,
      streetId: row.streetId,
      streetName: row.streetName,
    })
  }
  return { streets: [...streets.values()] }
}

type CommunityWithRegion = NonNullable<Awaited<ReturnType<typeof repo.findCommunityById>>>

/**
 * How long a community row read by `findCommunityById` is reused. Nothing in the app changes these
 * columns (name, kind, address, phone, zone, street, district are set when a community is created
 * and edited only by a migration), and almost every request reads one: the row, kept per database
 * handle, saves a round trip a request (docs/decisions/027-request-cost.md). A community not found
 * is never kept, so one created a moment later is seen at once.
 */
export const COMMUNITY_CACHE_MS = 30_000
const COMMUNITY_CACHE_MAX = 5_000
const communityCache = new WeakMap<Db, Map<string, { row: Readonly<CommunityWithRegion>; until: number }>>()

/**
 * A community with its street and district, or undefined: how the other domains learn about a
 * community (its zone, its street for a street admin's rights) without querying region's tables.
 * Read through the cache above (a transaction's handle has its own, so it reads the row itself).
 */
export async function findCommunityById(db: Db, id: string): Promise<Readonly<CommunityWithRegion> | undefined> {
  let rows = communityCache.get(db)
  const now = Date.now()
  const kept = rows?.get(id)
  if (kept && kept.until > now) return kept.row
  const row = await repo.findCommunityById(db, id)
  if (!row) return undefined
  if (!rows) {
    rows = new Map()
    communityCache.set(db, rows)
  }
  if (rows.size >= COMMUNITY_CACHE_MAX) rows.clear()
  const frozen = Object.freeze(row)
  rows.set(id, { row: frozen, until: now + COMMUNITY_CACHE_MS })
  return frozen
}

/** Communities by id (street, zone, 好差评 settings), for another domain's list: one query however many. */
export async function communitiesByIds(db: Db, ids: readonly string[]): Promise<Map<string, CommunityFacts>> {
  if (ids.length === 0) return new Map()
  const rows = await repo.findCommunitiesByIds(db, [...new Set(ids)])
  return new Map(rows.map((r) => [r.id, r]))
}
export type CommunityFacts = Awaited<ReturnType<typeof repo.findCommunitiesByIds>>[number]

/** The communities of some streets (a street admin's reach), by id. */
export function communityIdsOnStreets(db: Db, streetIds: readonly string[]): Promise<string[]> {
  return streetIds.length === 0 ? Promise.resolve([]) : repo.findCommunityIdsOnStreets(db, streetIds)
}

/** A community's no-show rule (threshold, window, suspension days), for booking's suspensions. */
export function findNoShowPolicy(db: Db, communityId: string) {
  return repo.findNoShowPolicy(db, communityId)
}

/** A street's name and its communities (id and zone), for a street admin's figures. */
export function findStreetWithCommunities(db: Db, streetId: string) {
  return repo.findStreetWithCommunities(db, streetId)
}

export async function getCommunity(db: Db, id: string): Promise<CommunityDetail> {
  const community = await repo.findCommunityById(db, id)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const facilities = await repo.findFacilities(db, id)
  return {
    ...community,
    facilities: facilities.map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      address: f.address,
      openingHours: f.opening_hours,
      phone: f.phone,
    })),
  }
}
