import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // A resident's name (typed at the walk-in counter) and birth date are encrypted like the phone
  // (PIPL; GB/T 35273). A migration has no DATA_KEY, so it only makes room: the app fills these
  // from the plain columns at start-up and empties them (auth/sealed.ts, docs/decisions/019); a
  // later migration drops the plain columns once every deployment has started on this one.
  await db.schema
    .alterTable('app_user')
    .addColumn('display_name_enc', 'text')
    .addColumn('birth_date_enc', 'text')
    // HMAC of name and birth date: how the counter finds a walk-in without decrypting anyone.
    .addColumn('identity_hash', 'text')
    .execute()
  await sql`alter table app_user alter column display_name drop not null`.execute(db)
  await sql`create index app_user_identity on app_user (community_id, identity_hash) where identity_hash is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // Down cannot decrypt either: a name still sealed comes back as a placeholder, never as ciphertext.
  await sql`update app_user set display_name = '居民' where display_name is null`.execute(db)
  await sql`alter table app_user alter column display_name set not null`.execute(db)
  await sql`drop index app_user_identity`.execute(db)
  await db.schema.alterTable('app_user').dropColumn('display_name_enc').dropColumn('birth_date_enc').dropColumn('identity_hash').execute()
}
