import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 志愿服务证明 and 星级志愿者 (issue 12 items 4, 5; docs/decisions/032-volunteer-certificates.md).
 * A certificate is an immutable snapshot of confirmed hours with an unguessable verification code:
 * only its status may change (voided, with a reason). A star level is announced on a 公示 list
 * until the end of its 5th working day, then awarded, or withdrawn if the hours fell below it
 * first; one live row per volunteer and level. The index on confirmed records by community and
 * service day serves the community numbers' hours per month.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteer_certificate')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('year', 'integer')
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('name_masked', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('valid').check(sql`status in ('valid', 'voided')`))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('void_reason', 'text')
    .addColumn('voided_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('voided_at', 'timestamptz')
    .addCheckConstraint('volunteer_certificate_voided', sql`(status = 'voided') = (voided_at is not null and void_reason is not null)`)
    .execute()
  await db.schema.createIndex('volunteer_certificate_user').on('volunteer_certificate').columns(['user_id', 'issued_at', 'id']).execute()
  await db.schema.createIndex('volunteer_certificate_community').on('volunteer_certificate').columns(['community_id', 'issued_at', 'id']).execute()
  // The snapshot is what was certified: nothing but its status may change, and it is never deleted.
  await sql`
    create function volunteer_certificate_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'volunteer_certificate rows are never deleted'; end if;
      if new.code <> old.code or new.user_id <> old.user_id or new.community_id <> old.community_id
         or new.year is distinct from old.year or new.name_enc <> old.name_enc or new.content <> old.content
         or new.issued_at <> old.issued_at or old.status = 'voided' then
        raise exception 'a volunteer certificate is immutable (only a valid one may be voided)';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger volunteer_certificate_immutable before update or delete on volunteer_certificate
    for each row execute function volunteer_certificate_immutable()`.execute(db)

  await db.schema
    .createTable('volunteer_star_level')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('announced').check(sql`status in ('announced', 'awarded', 'withdrawn')`))
    .addColumn('announced_at', 'timestamptz', (c) => c.notNull())
    .addColumn('announced_on', 'date', (c) => c.notNull())
    .addColumn('publicity_ends_on', 'date', (c) => c.notNull())
    .addColumn('publicity_ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('awarded_at', 'timestamptz')
    .addColumn('withdrawn_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('volunteer_star_level_live')
    .on('volunteer_star_level')
    .columns(['user_id', 'level'])
    .unique()
    .where(sql.ref('status'), '<>', 'withdrawn')
    .execute()
  await db.schema.createIndex('volunteer_star_level_community').on('volunteer_star_level').columns(['community_id', 'announced_at', 'id']).execute()
  await db.schema
    .createIndex('volunteer_star_level_due')
    .on('volunteer_star_level')
    .column('publicity_ends_at')
    .where(sql.ref('status'), '=', 'announced')
    .execute()

  await db.schema
    .createIndex('volunteer_record_community_confirmed')
    .on('volunteer_record')
    .columns(['community_id', 'service_date'])
    .where(sql.ref('status'), '=', 'confirmed')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('volunteer_record_community_confirmed').execute()
  await db.schema.dropTable('volunteer_star_level').execute()
  await db.schema.dropTable('volunteer_certificate').execute()
  await sql`drop function volunteer_certificate_immutable()`.execute(db)
}
