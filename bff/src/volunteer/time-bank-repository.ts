import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { TimeBankAccountRow, TimeBankEntryTable } from './help-table'

/**
 * The time bank's reads and writes. A balance only changes by one conditional UPDATE beside the
 * entry that explains it, in the caller's transaction: never read, add, write.
 */

/** Her account, opened the first time anything moves (or is read). */
export async function accountOf(db: Db, communityId: string, userId: string): Promise<TimeBankAccountRow> {
  await db.insertInto('time_bank_account').values({ community_id: communityId, user_id: userId }).onConflict((oc) => oc.column('user_id').doNothing()).execute()
  return db.selectFrom('time_bank_account').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow()
}

/** The community's pool (one per community: a partial unique index). */
export async function poolOf(db: Db, communityId: string): Promise<TimeBankAccountRow> {
  await sql`insert into time_bank_account (community_id, user_id) values (${communityId}, null) on conflict (community_id) where user_id is null do nothing`.execute(db)
  return db.selectFrom('time_bank_account').selectAll().where('community_id', '=', communityId).where('user_id', 'is', null).executeTakeFirstOrThrow()
}

export function findAccount(db: Db, userId: string) {
  return db.selectFrom('time_bank_account').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export function findAccountById(db: Db, id: string) {
  return db.selectFrom('time_bank_account').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findPool(db: Db, communityId: string) {
  return db.selectFrom('time_bank_account').selectAll().where('community_id', '=', communityId).where('user_id', 'is', null).executeTakeFirst()
}

/** Locks accounts in id order, so two people giving to each other at once wait instead of deadlocking. */
export async function lockAccounts(db: Db, ids: readonly string[]): Promise<void> {
  await db.selectFrom('time_bank_account').select('id').where('id', 'in', [...ids]).orderBy('id').forUpdate().execute()
}

/** Takes `minutes` off if the account holds them; false (nothing changed) if not. */
export async function debit(db: Db, accountId: string, minutes: number): Promise<boolean> {
  const row = await db
    .updateTable('time_bank_account')
    .set((eb) => ({ balance_minutes: eb('balance_minutes', '-', minutes) }))
    .where('id', '=', accountId)
    .where('balance_minutes', '>=', minutes)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** Adds `minutes` if the balance stays within `cap` (null: no cap); false (nothing changed) if not. */
export async function credit(db: Db, accountId: string, minutes: number, cap: number | null): Promise<boolean> {
  let q = db
    .updateTable('time_bank_account')
    .set((eb) => ({ balance_minutes: eb('balance_minutes', '+', minutes) }))
    .where('id', '=', accountId)
  if (cap !== null) q = q.where('balance_minutes', '<=', cap - minutes)
  return (await q.returning('id').executeTakeFirst()) !== undefined
}

/** Adds up to `minutes`, as much as fits under `cap`; returns how much was added (0 at the cap). */
export async function creditUpTo(db: Db, accountId: string, minutes: number, cap: number): Promise<number> {
  const row = await sql<{ added: number }>`
    with old as (select balance_minutes from time_bank_account where id = ${accountId} for update)
    update time_bank_account a set balance_minutes = least(a.balance_minutes + ${minutes}, greatest(a.balance_minutes, ${cap}))
    from old where a.id = ${accountId}
    returning a.balance_minutes - old.balance_minutes as added`.execute(db)
  return row.rows[0]?.added ?? 0
}

/** Takes off up to `minutes`, as much as it holds; returns how much was taken. */
export async function debitUpTo(db: Db, accountId: string, minutes: number): Promise<number> {
  const row = await sql<{ taken: number }>`
    with old as (select balance_minutes from time_bank_account where id = ${accountId} for update)
    update time_bank_account a set balance_minutes = a.balance_minutes - least(a.balance_minutes, ${minutes})
    from old where a.id = ${accountId}
    returning old.balance_minutes - a.balance_minutes as taken`.execute(db)
  return row.rows[0]?.taken ?? 0
}

export async function insertEntry(db: Db, values: Insertable<TimeBankEntryTable>): Promise<void> {
  await db.insertInto('time_bank_entry').values(values).execute()
}

/** What a record has earned so far, net of reversals (a record may be confirmed, revoked and corrected). */
export async function netEarnedByRecord(db: Db, recordIds: readonly string[]): Promise<Map<string, number>> {
  if (recordIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('time_bank_entry')
    .select(['record_id', (eb) => eb.fn.sum<string>('delta_minutes').as('net')])
    .where('record_id', 'in', [...recordIds])
    .where('kind', 'in', ['earned', 'reversed'])
    .groupBy('record_id')
    .execute()
  return new Map(rows.map((r) => [r.record_id ?? '', Number(r.net)]))
}

/** An account's entries, newest first, paged by (created_at, id). */
export function listEntries(db: Db, accountId: string, after: Position<Date> | undefined, limit: number) {
  let q = db.selectFrom('time_bank_entry').selectAll().where('account_id', '=', accountId)
  if (after) q = q.where(afterPosition('created_at', 'id', after, 'desc'))
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}
