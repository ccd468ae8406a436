import { type Insertable, type SelectQueryBuilder, sql } from 'kysely'
import type { CategoryId, ServiceStatus } from '@linli/shared'
import type { Database, Db } from '../db/database'
import { escapeLike } from '../db/escape-like'
import type { FacilityTable, ProviderTable, ServiceTable } from './table'

export function listCategories(db: Db) {
  return db.selectFrom('service_category').select(['id', 'name', 'description']).orderBy('sort_order').execute()
}

function serviceBase(db: Db) {
  return db
    .selectFrom('service')
    .innerJoin('service_category', 'service_category.id', 'service.category_id')
    .innerJoin('community', 'community.id', 'service.community_id')
    .leftJoin('provider', 'provider.id', 'service.provider_id')
    .leftJoin('facility', 'facility.id', 'service.facility_id')
    .selectAll('service')
    .select([
      'service_category.name as category_name',
      'community.name as community_name',
      'community.street_id as street_id',
      'community.timezone as timezone',
      'provider.name as provider_name',
      'provider.kind as provider_kind',
      'provider.phone as provider_phone',
      'facility.name as facility_name',
      'facility.address as facility_address',
      'facility.opening_hours as facility_opening_hours',
      'facility.phone as facility_phone',
    ])
}

type ServiceBase = ReturnType<typeof serviceBase>
export type ServiceWithNames = Awaited<ReturnType<ServiceBase['executeTakeFirstOrThrow']>>

export function findServiceById(db: Db, id: string) {
  return serviceBase(db).where('service.id', '=', id).executeTakeFirst()
}

export interface ServiceFilter {
  communityId: string
  categoryId?: CategoryId
  /** Words to look for in a service's name, summary or provider; any one of them matches. */
  terms?: readonly string[]
  featured?: boolean
  /** Only services this person may use: residence and minimum age, age counted in the community's time zone. */
  eligibleFor?: { communityId: string | null; birthDate: string | null }
  after?: { sortOrder: number; id: string }
  limit: number
}

export function listServices(db: Db, f: ServiceFilter) {
  let query: SelectQueryBuilder<Database, 'service' | 'service_category' | 'community' | 'provider' | 'facility', ServiceWithNames> =
    serviceBase(db).where('service.community_id', '=', f.communityId).where('service.status', '=', 'active')
  if (f.categoryId) query = query.where('service.category_id', '=', f.categoryId)
  if (f.featured !== undefined) query = query.where('service.featured', '=', f.featured)
  if (f.terms && f.terms.length > 0) {
    const patterns = f.terms.map((term) => `%${escapeLike(term)}%`)
    query = query.where((eb) =>
      eb.or(
        patterns.flatMap((pattern) => [
          eb('service.name', 'ilike', pattern),
          eb('service.summary', 'ilike', pattern),
          eb('provider.name', 'ilike', pattern),
        ]),
      ),
    )
  }
  if (f.eligibleFor) {
    const person = f.eligibleFor
    query = query.where((eb) =>
      eb.and([
        eb.or([eb('service.residents_only', '=', false), eb('service.community_id', '=', person.communityId)]),
        eb.or([
          eb('service.min_age', 'is', null),
          person.birthDate === null
            ? eb.val(false)
            : eb(
                sql`${person.birthDate}::date`,
                '<=',
                sql`(now() at time zone community.timezone)::date - make_interval(years => service.min_age)`,
              ),
        ]),
      ]),
    )
  }
  if (f.after) {
    const { sortOrder, id } = f.after
    query = query.where((eb) =>
      eb.or([eb('service.sort_order', '>', sortOrder), eb.and([eb('service.sort_order', '=', sortOrder), eb('service.id', '>', id)])]),
    )
  }
  return query.orderBy('service.sort_order').orderBy('service.id').limit(f.limit).execute()
}

export function updateServiceStatus(db: Db, id: string, status: ServiceStatus) {
  return db.updateTable('service').set({ status, updated_at: new Date() }).where('id', '=', id).execute()
}

/** Services by id with their place's name: what other domains show of, and decide by, a service they refer to. */
export function findServicesByIds(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('service')
    .leftJoin('facility', 'facility.id', 'service.facility_id')
    .select([
      'service.id',
      'service.community_id',
      'service.name',
      'service.category_id',
      'service.provider_id',
      'service.status',
      'service.min_age',
      'service.child_min_age',
      'service.child_max_age',
      'service.residents_only',
      'facility.name as facility_name',
    ])
    .where('service.id', 'in', ids)
    .execute()
}

/** The ids of a community's services of one category, or of some providers. */
export async function findServiceIds(db: Db, filter: { communityId: string; categoryId?: CategoryId; providerIds?: readonly string[] }): Promise<string[]> {
  let query = db.selectFrom('service').select('id').where('community_id', '=', filter.communityId)
  if (filter.categoryId) query = query.where('category_id', '=', filter.categoryId)
  if (filter.providerIds) query = query.where('provider_id', 'in', filter.providerIds)
  return (await query.execute()).map((r) => r.id)
}

export function findCategoryNames(db: Db, ids: readonly string[]) {
  return db.selectFrom('service_category').select(['id', 'name']).where('id', 'in', ids as CategoryId[]).execute()
}

export function findProviderNames(db: Db, ids: readonly string[]) {
  return db.selectFrom('provider').select(['id', 'name']).where('id', 'in', ids).execute()
}

// Loading a district's catalogue (the demo seed): upserted by their stable codes, so loading twice duplicates nothing.

export function upsertFacilities(db: Db, values: Insertable<FacilityTable>[]) {
  return db
    .insertInto('facility')
    .values(values)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
        address: eb.ref('excluded.address'),
        opening_hours: eb.ref('excluded.opening_hours'),
        phone: eb.ref('excluded.phone'),
      })),
    )
    .returning(['id', 'code'])
    .execute()
}

export function upsertProviders(db: Db, values: Insertable<ProviderTable>[]) {
  return db
    .insertInto('provider')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), phone: eb.ref('excluded.phone') })))
    .returning(['id', 'code'])
    .execute()
}

/** Services by code; a loaded service keeps its status (staff may have paused it). */
export function upsertServices(db: Db, values: Insertable<ServiceTable>[]) {
  return db
    .insertInto('service')
    .values(values)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        category_id: eb.ref('excluded.category_id'),
        name: eb.ref('excluded.name'),
        summary: eb.ref('excluded.summary'),
        description: eb.ref('excluded.description'),
        provider_id: eb.ref('excluded.provider_id'),
        facility_id: eb.ref('excluded.facility_id'),
        price_kind: eb.ref('excluded.price_kind'),
        price_note: eb.ref('excluded.price_note'),
        subsidy_note: eb.ref('excluded.subsidy_note'),
        min_age: eb.ref('excluded.min_age'),
        child_min_age: eb.ref('excluded.child_min_age'),
        child_max_age: eb.ref('excluded.child_max_age'),
        residents_only: eb.ref('excluded.residents_only'),
        featured: eb.ref('excluded.featured'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .returning(['id', 'code', 'community_id'])
    .execute()
}

/** Services by their stable code, for loading data that refers to them (the demo history). */
export function findServicesByCodes(db: Db, codes: readonly string[]) {
  return db.selectFrom('service').select(['id', 'code', 'community_id', 'category_id', 'provider_id']).where('code', 'in', codes).execute()
}
