import type { Db } from '../db/database'
import { escapeLike } from '../db/escape-like'

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
