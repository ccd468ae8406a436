import { sql } from 'kysely'
import type { Db } from '../db/database'
/** Serialises two imports of one community's registry (a transaction-level advisory lock). */
export async function lockRegistry(db: Db, communityId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`consultation-registry:${communityId}`}, 0))`.execute(db)
}

export function findRegistry(db: Db, communityId: string) {
  return db.selectFrom('consultation_registry').selectAll().where('community_id', '=', communityId).executeTakeFirst()
}

export function findHouseholdKeys(db: Db, communityId: string) {
  return db.selectFrom('consultation_registry_household').select(['id', 'household_key', 'owner_name_hash']).where('community_id', '=', communityId).execute()
}

export interface HouseholdValues {
  household_code: string
  household_key: string
  owner_name_enc: string
  owner_name_hash: string
  area_centi: number
}

/** Households whose key the new registry no longer has (their links go with them; past ballots keep no household). */
export async function deleteHouseholdsNotIn(db: Db, communityId: string, keys: readonly string[]): Promise<number> {
  const result = await db
    .deleteFrom('consultation_registry_household')
    .where('community_id', '=', communityId)
    .where(sql<boolean>`household_key <> all(${sql.val([...keys])}::text[])`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

const UPSERT_BATCH = 1000

export async function upsertHouseholds(db: Db, communityId: string, rows: readonly HouseholdValues[]): Promise<void> {
  for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
    await db
      .insertInto('consultation_registry_household')
      .values(rows.slice(i, i + UPSERT_BATCH).map((r) => ({ ...r, community_id: communityId })))
      .onConflict((oc) =>
        oc.columns(['community_id', 'household_key']).doUpdateSet((eb) => ({
          household_code: eb.ref('excluded.household_code'),
          owner_name_enc: eb.ref('excluded.owner_name_enc'),
          owner_name_hash: eb.ref('excluded.owner_name_hash'),
          area_centi: eb.ref('excluded.area_centi'),
        })),
      )
      .execute()
  }
}

export async function deleteLinksOf(db: Db, householdIds: readonly string[]): Promise<void> {
  if (householdIds.length === 0) return
  await db.deleteFrom('consultation_registry_link').where('household_id', 'in', householdIds).execute()
}

export async function upsertRegistry(db: Db, values: { community_id: string; households: number; owners: number; area_centi: number; imported_by: string; imported_at: Date }) {
  await db
    .insertInto('consultation_registry')
    .values(values)
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet({
        households: values.households,
        owners: values.owners,
        area_centi: values.area_centi,
        imported_by: values.imported_by,
        imported_at: values.imported_at,
      }),
    )
    .execute()
}

export function findHousehold(db: Db, communityId: string, key: string) {
  return db.selectFrom('consultation_registry_household').selectAll().where('community_id', '=', communityId).where('household_key', '=', key).executeTakeFirst()
}

/**
 * Removes her link to a household of `communityId` (`'elsewhere'`: of any other community, left
 * behind by a move). Returns the 户号 she was linked to and its community, or undefined when there was none.
 */
export function deleteLinkOf(db: Db, userId: string, communityId: string, where: 'here' | 'elsewhere' = 'here'): Promise<{ household_code: string; community_id: string } | undefined> {
  return db
    .deleteFrom('consultation_registry_link as l')
    .using('consultation_registry_household as h')
    .whereRef('h.id', '=', 'l.household_id')
    .where('l.user_id', '=', userId)
    .where('h.community_id', where === 'here' ? '=' : '<>', communityId)
    .returning(['h.household_code', 'h.community_id'])
    .executeTakeFirst()
}

/** True for her first link; she has one household at most. */
export async function insertLink(db: Db, link: { user_id: string; household_id: string; is_owner: boolean }): Promise<boolean> {
  const row = await db.insertInto('consultation_registry_link').values(link).onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst()
  return row !== undefined
}

/** Her household, with its area and community, or undefined when she linked none. */
export function findLinkOf(db: Db, userId: string) {
  return db
    .selectFrom('consultation_registry_link as l')
    .innerJoin('consultation_registry_household as h', 'h.id', 'l.household_id')
    .select(['h.id as household_id', 'h.community_id', 'h.household_code', 'h.area_centi', 'l.is_owner'])
    .where('l.user_id', '=', userId)
    .executeTakeFirst()
}

export async function countLinks(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('consultation_registry_link as l')
    .innerJoin('consultation_registry_household as h', 'h.id', 'l.household_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('h.community_id', '=', communityId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A household or owners' vote of the community still open (not closed by the job): the registry is its electorate. */
export async function hasRunningRegistryVote(db: Db, communityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('consultation_vote as v')
    .innerJoin('consultation_topic as t', 't.id', 'v.topic_id')
    .select('v.id')
    .where('t.community_id', '=', communityId)
    .where('v.rule', 'in', ['household', 'owners_278_ordinary', 'owners_278_major'])
    .where('v.closed_at', 'is', null)
    .executeTakeFirst()
  return row !== undefined
}
