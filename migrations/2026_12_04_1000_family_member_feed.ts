import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Family members join the change feed's `auth` family (docs/decisions/047): the staff board keeps
 * its pages, which show who each booking serves, until a name it shows changes. A new member is in
 * no kept page (a booking for her is a booking, and announces `seats`), so inserts stay quiet.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger linli_announce_auth after update or delete or truncate on family_member for each statement execute function linli_announce('auth')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger linli_announce_auth on family_member`.execute(db)
}
