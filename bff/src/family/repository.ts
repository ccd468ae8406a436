import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import type { FamilyMemberTable } from './table'

/** One of the resident's own family members, unless removed. */
export function findFamilyMember(db: Db, userId: string, id: string) {
  return db.selectFrom('family_member').selectAll().where('id', '=', id).where('user_id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst()
}

/** Members by id, removed ones too: a booking made for someone keeps showing who it was for. */
export function findMembersByIds(db: Db, ids: readonly string[]) {
  return db.selectFrom('family_member').select(['id', 'relation', 'name_enc']).where('id', 'in', ids).execute()
}

export function listFamilyMembers(db: Db, userId: string) {
  return db.selectFrom('family_member').selectAll().where('user_id', '=', userId).where('deleted_at', 'is', null).orderBy('created_at').execute()
}

export async function insertFamilyMember(db: Db, values: Insertable<FamilyMemberTable>): Promise<string> {
  const row = await db.insertInto('family_member').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Every member of a deleted account, removed ones too; bookings made for them then count as the booker's. */
export async function deleteFamilyMembers(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('family_member').where('user_id', '=', userId).execute()
}

/** Removes a member (kept for the bookings made for them); false when there was none to remove. */
export async function removeFamilyMember(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('family_member')
    .set({ deleted_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}
