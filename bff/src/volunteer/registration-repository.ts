import { type Insertable, type Updateable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { VolunteerTable } from './table'

/** 实名注册's reads and writes (issue 12 item 1): plain queries, no rules. */

/** Serialises registrations that share a key (her account, an ID number's hash): a transaction-level advisory lock. */
export async function lockKey(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db)
}

/** The next number of the volunteer-number sequence (migration 2026_12_02_0910). */
export async function nextVolunteerSerial(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`select nextval('volunteer_no_seq') as n`.execute(db)
  return Number(rows[0]?.n)
}

export function insertVolunteer(db: Db, values: Insertable<VolunteerTable>) {
  return db.insertInto('volunteer').values(values).returningAll().executeTakeFirstOrThrow()
}

export function findVolunteerByIdHash(db: Db, idNumberHash: string) {
  return db.selectFrom('volunteer').select(['user_id', 'status']).where('id_number_hash', '=', idNumberHash).executeTakeFirst()
}

export function lockVolunteer(db: Db, userId: string) {
  return db.selectFrom('volunteer').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst()
}

export function updateVolunteer(db: Db, userId: string, values: Updateable<VolunteerTable>) {
  return db.updateTable('volunteer').set(values).where('user_id', '=', userId).returningAll().executeTakeFirstOrThrow()
}

/** A community's registered volunteers, newest first, a page (the `volunteer_community` index). */
export function listCommunityVolunteers(db: Db, filter: { communityId: string; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('volunteer')
    .select(['user_id', 'volunteer_no', 'name_enc', 'id_masked', 'birth_date_enc', 'skills', 'status', 'registered_at'])
    .where('community_id', '=', filter.communityId)
    .where('status', '<>', 'withdrawn')
  if (filter.after) q = q.where(afterPosition('registered_at', 'user_id', filter.after, 'desc'))
  return q.orderBy('registered_at', 'desc').orderBy('user_id', 'desc').limit(filter.limit + 1).execute()
}

/** Her confirmed minutes: a handful of rollup rows (one per year and category), never the records. */
export async function confirmedMinutesOf(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('volunteer_hours_rollup')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('minutes'), sql<string>`0`).as('minutes'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.minutes)
}

/** How many registered (not withdrawn) volunteers a community has: the demo's 15 % target. */
export async function countRegistered(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('volunteer')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .where('status', '<>', 'withdrawn')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
