import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import { escapeLike } from '../db/escape-like'
import type { CommunityTable, StreetTable } from './table'

function communityWithRegion(db: Db) {
  return db
    .selectFrom('community')
    .innerJoin('street', 'street.id', 'community.street_id')
    .innerJoin('district', 'district.id', 'street.district_id')
    .select([
      'community.id',
      'community.name',
      'community.kind',
      'community.address',
      'community.phone',
      'community.timezone',
      'street.id as streetId',
      'street.name as streetName',
      'district.name as districtName',
    ])
}

export function findCommunityById(db: Db, id: string) {
  return communityWithRegion(db).where('community.id', '=', id).executeTakeFirst()
}

/** Communities by id with what other domains decide by: the street (a street admin's rights), the zone, the 好差评 settings. */
export function findCommunitiesByIds(db: Db, ids: readonly string[]) {
  return db
    .selectFrom('community')
    .select(['id', 'name', 'street_id', 'timezone', 'rating_window_days', 'rectification_working_days'])
    .where('id', 'in', ids)
    .execute()
}

/** The ids of the communities of some streets. */
export async function findCommunityIdsOnStreets(db: Db, streetIds: readonly string[]): Promise<string[]> {
  return (await db.selectFrom('community').select('id').where('street_id', 'in', streetIds).execute()).map((r) => r.id)
}

/** A community's no-show rule: so many no-shows within so many days suspend self-booking for so many days. */
export function findNoShowPolicy(db: Db, communityId: string) {
  return db
    .selectFrom('community')
    .select(['no_show_threshold', 'no_show_window_days', 'no_show_suspension_days'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow()
}

/** A street with its communities (id and zone), in code order. */
export async function findStreetWithCommunities(db: Db, streetId: string) {
  const street = await db.selectFrom('street').select('name').where('id', '=', streetId).executeTakeFirst()
  if (!street) return undefined
  const communities = await db.selectFrom('community').select(['id', 'timezone']).where('street_id', '=', streetId).orderBy('code').execute()
  return { name: street.name, communities }
}

/** Communities whose name (or street's name) contains `q`, in street then code order. */
export function searchCommunities(db: Db, q: string | undefined) {
  let query = communityWithRegion(db)
  if (q) {
    const pattern = `%${escapeLike(q)}%`
    query = query.where((eb) => eb.or([eb('community.name', 'ilike', pattern), eb('street.name', 'ilike', pattern)]))
  }
  return query.orderBy('street.name').orderBy('community.code').execute()
}

export function findFacilities(db: Db, communityId: string) {
  return db
    .selectFrom('facility')
    .select(['id', 'name', 'kind', 'address', 'opening_hours', 'phone'])
    .where('community_id', '=', communityId)
    .orderBy('code')
    .execute()
}

// Loading a district's places (the demo seed): upserted by their stable codes, so loading twice duplicates nothing.

export async function upsertDistrict(db: Db, values: { code: string; name: string }): Promise<string> {
  const row = await db
    .insertInto('district')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: values.name }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function upsertStreet(db: Db, values: Insertable<StreetTable>): Promise<string> {
  const row = await db
    .insertInto('street')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: values.name, district_id: values.district_id }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Communities by code; a loaded community keeps its zone and its rules (no-shows, 好差评) as staff set them. */
export function upsertCommunities(db: Db, values: Insertable<CommunityTable>[]) {
  return db
    .insertInto('community')
    .values(values)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kind: eb.ref('excluded.kind'),
        address: eb.ref('excluded.address'),
        phone: eb.ref('excluded.phone'),
      })),
    )
    .returning(['id', 'code'])
    .execute()
}

export async function hasCommunities(db: Db): Promise<boolean> {
  return (await db.selectFrom('community').select('id').limit(1).executeTakeFirst()) !== undefined
}
