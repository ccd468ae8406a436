import type { CommunityDetail, CommunityList, StreetGroup } from '@linli/shared'
import { keptById } from '../cache/kept'
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
 * A community with its street and district, or undefined: how the other domains learn about a
 * community (its zone, its street for a street admin's rights) without querying region's tables.
 * Almost every request reads one, so the row is kept in memory until the catalogue's tables change
 * in any process (cache/kept.ts, docs/decisions/036; it was kept 30 s, decision 027). A community not
 * found is never kept, so one created a moment later is seen at once.
 */
export async function findCommunityById(db: Db, id: string): Promise<Readonly<CommunityWithRegion> | undefined> {
  const rows = await keptById(db, 'catalog', 'community-with-region', [id], async ([one]) => {
    const row = one === undefined ? undefined : await repo.findCommunityById(db, one)
    return row ? [row] : []
  }, (r) => r.id)
  return rows.get(id)
}

/** Communities by id (street, zone, 好差评 settings), for another domain's list: one query however many. */
export async function communitiesByIds(db: Db, ids: readonly string[]): Promise<Map<string, CommunityFacts>> {
  if (ids.length === 0) return new Map()
  // Kept until the catalogue's tables (community among them) change: cache/kept.ts.
  return keptById(db, 'catalog', 'community', ids, (unique) => repo.findCommunitiesByIds(db, unique), (r) => r.id)
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
/** A street's name and its communities, kept in memory until the catalogue changes (streets and communities are in its family). */
export async function findStreetWithCommunities(db: Db, streetId: string) {
  const kept = await keptById(
    db,
    'catalog',
    'street-with-communities',
    [streetId],
    async ([id]) => {
      const street = id === undefined ? undefined : await repo.findStreetWithCommunities(db, id)
      return street && id !== undefined ? [{ id, ...street }] : []
    },
    (r) => r.id,
  )
  return kept.get(streetId)
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
