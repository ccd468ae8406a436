import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 代办 (issue 11 item 5, docs/decisions/023-assisted-participation.md): the 网格员 role, granted per
 * community like staff, and one row per act a helper did for a resident who was present.
 * The row says THAT she supported, gave an opinion or voted with help, never what she voted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table user_role drop constraint user_role_role_check`.execute(db)
  await sql`alter table user_role drop constraint user_role_scope`.execute(db)
  await sql`alter table user_role add constraint user_role_role_check check (role in ('staff', 'street_admin', 'provider', 'grid_worker'))`.execute(db)
  await sql`alter table user_role add constraint user_role_scope check (
      (role in ('staff', 'grid_worker') and community_id is not null)
      or (role = 'street_admin' and street_id is not null)
      or (role = 'provider' and provider_id is not null))`.execute(db)

  await db.schema
    .createTable('consultation_assist')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    // The topic's community, so the 居务监督委员会's daily list reads one index.
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('support', 'opinion', 'ballot')`))
    .addColumn('opinion_id', 'uuid', (c) => c.references('consultation_opinion.id'))
    .addColumn('resident_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('helper_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    // What the helper acted as: staff, street admin, 网格员 or family member.
    .addColumn('helper_role', 'text', (c) => c.notNull().check(sql`helper_role in ('staff', 'street_admin', 'grid_worker', 'family')`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) > 0`))
    // Milliseconds, as a JS Date holds them: the list's cursor (created_at, id) then compares exactly.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addCheckConstraint('consultation_assist_opinion', sql`(kind = 'opinion') = (opinion_id is not null)`)
    .execute()
  await sql`create index consultation_assist_daily on consultation_assist (community_id, created_at desc, id desc)`.execute(db)
  await sql`create unique index consultation_assist_opinion_idx on consultation_assist (opinion_id) where opinion_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_assist').execute()
  await sql`delete from user_role where role = 'grid_worker'`.execute(db)
  await sql`alter table user_role drop constraint user_role_role_check`.execute(db)
  await sql`alter table user_role drop constraint user_role_scope`.execute(db)
  await sql`alter table user_role add constraint user_role_role_check check (role in ('staff', 'street_admin', 'provider'))`.execute(db)
  await sql`alter table user_role add constraint user_role_scope check (
      (role = 'staff' and community_id is not null)
      or (role = 'street_admin' and street_id is not null)
      or (role = 'provider' and provider_id is not null))`.execute(db)
}
