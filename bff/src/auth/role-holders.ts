import type { Db } from '../db/database'

/**
 * Who holds the street admin role of a street (issue 11: an overdue implementation is told to
 * them). Accounts deleted since keep no role (注销 deletes the grants), so none is listed.
 */
export async function streetAdminIds(db: Db, streetId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_role').select('user_id').distinct().where('role', '=', 'street_admin').where('street_id', '=', streetId).orderBy('user_id').execute()
  return rows.map((r) => r.user_id)
}
