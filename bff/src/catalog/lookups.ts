import type { CategoryId } from '@linli/shared'
import { keptById } from '../cache/kept'
import type { Db } from '../db/database'
import * as repo from './repository'

/**
 * Catalog's face to other domains: what booking and rating learn of services, categories and
 * providers without querying catalog's tables, one query per list however long (DESIGN.md: a
 * domain reads only its own tables). Apart from catalog/service.ts, which imports rating's
 * figures: rating importing that file back would make a cycle.
 */

export type ServiceFacts = Awaited<ReturnType<typeof repo.findServicesByIds>>[number]

/** Kept in memory until the catalogue changes (cache/kept.ts): almost every list asks for the same few. */
async function byId<R extends { id: string }>(db: Db, table: string, ids: readonly string[], load: (ids: string[]) => Promise<R[]>): Promise<Map<string, R>> {
  if (ids.length === 0) return new Map()
  return keptById(db, 'catalog', table, ids, load, (r) => r.id)
}

/** Services by id: name, community, category, provider, status, who may use it, and its place's name. */
export function servicesByIds(db: Db, ids: readonly string[]): Promise<Map<string, ServiceFacts>> {
  return byId(db, 'service', ids, (unique) => repo.findServicesByIds(db, unique))
}

export function categoryNames(db: Db, ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  return byId(db, 'service_category', ids, (unique) => repo.findCategoryNames(db, unique))
}

export function providerNames(db: Db, ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
  return byId(db, 'provider', ids, (unique) => repo.findProviderNames(db, unique))
}

/** A community's services of one category (a no-show count), or run by some providers (a provider's board). */
export function serviceIdsOf(db: Db, filter: { communityId: string; categoryId?: CategoryId; providerIds?: readonly string[] }): Promise<string[]> {
  if (filter.providerIds?.length === 0) return Promise.resolve([])
  return repo.findServiceIds(db, filter)
}
