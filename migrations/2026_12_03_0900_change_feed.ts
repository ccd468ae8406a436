import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * The change feed (issue 13 item 1, docs/decisions/036-read-cache.md): a write to a table that a
 * cached read reads sends NOTIFY linli_changes '<family>' when its transaction commits, so every
 * BFF process forgets what it kept of that family. One statement-level trigger per table and
 * family; PostgreSQL sends a payload once per transaction however many statements repeat it.
 * New sessions and new users change nothing cached: those two tables announce updates and deletes only.
 */
const WATCHED: readonly [table: string, family: string, events: string][] = [
  ['session', 'auth', 'update or delete'],
  ['app_user', 'auth', 'update or delete'],
  ['app_user', 'consultation', 'update or delete'],
  ['user_role', 'auth', 'insert or update or delete or truncate'],
  ['volunteer_profile', 'auth', 'insert or update or delete or truncate'],
  ['service_category', 'catalog', 'insert or update or delete or truncate'],
  ['district', 'catalog', 'insert or update or delete or truncate'],
  ['street', 'catalog', 'insert or update or delete or truncate'],
  ['community', 'catalog', 'insert or update or delete or truncate'],
  ['community', 'consultation', 'insert or update or delete or truncate'],
  ['provider', 'catalog', 'insert or update or delete or truncate'],
  ['facility', 'catalog', 'insert or update or delete or truncate'],
  ['service', 'catalog', 'insert or update or delete or truncate'],
  ['service_version', 'catalog', 'insert or update or delete or truncate'],
  ['rating', 'catalog', 'insert or update or delete or truncate'],
  ['consultation_topic', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_category', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_topic_move', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_opinion', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_opinion_tally', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_opinion_like', 'consultation', 'insert or update or delete or truncate'],
  ['consultation_assist', 'consultation', 'insert or update or delete or truncate'],
  ['volunteer_certificate', 'certificate', 'insert or update or delete or truncate'],
]

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function linli_announce() returns trigger language plpgsql as $$
    begin
      perform pg_notify('linli_changes', TG_ARGV[0]);
      return null;
    end $$`.execute(db)
  for (const [table, family, events] of WATCHED) {
    await sql
      .raw(`create trigger linli_announce_${family} after ${events} on ${table} for each statement execute function linli_announce('${family}')`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, family] of WATCHED) await sql.raw(`drop trigger linli_announce_${family} on ${table}`).execute(db)
  await sql`drop function linli_announce()`.execute(db)
}
