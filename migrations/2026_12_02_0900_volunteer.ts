import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 志愿服务 (issue 12, docs/decisions/028-volunteer-domain.md): the domain's core tables, which every
 * volunteer feature builds on. A volunteer registered by real name (ID number sealed with
 * AES-GCM, found by its keyed hash); teams and their leaders; activities with what GB/T 40143 asks
 * to be published; shifts as capacity rows of the seats kernel; sign-ups holding a seat or waiting
 * for one; the service records (append-only: a correction is a new entry, never an edit in place
 * or a delete); and the confirmed minutes per year and category, kept in the confirming
 * transaction so totals never sum ten years of records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteer')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('volunteer_no', 'text', (c) => c.notNull().unique())
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('id_number_enc', 'text', (c) => c.notNull())
    .addColumn('id_number_hash', 'text', (c) => c.notNull().unique())
    .addColumn('id_masked', 'text', (c) => c.notNull())
    .addColumn('birth_date_enc', 'text', (c) => c.notNull())
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('availability', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('guardian_name_enc', 'text')
    .addColumn('guardian_phone_enc', 'text')
    .addColumn('guardian_consent_at', 'timestamptz')
    .addColumn('id_consent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'suspended', 'withdrawn')`))
    .addColumn('suspended_until', 'timestamptz')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('volunteer_community').on('volunteer').columns(['community_id', 'registered_at']).execute()

  await db.schema
    .createTable('volunteer_team')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('volunteer_team_name', ['community_id', 'name'])
    .execute()
  await db.schema
    .createTable('volunteer_team_member')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('volunteer_team.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('leader', 'member')`))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('volunteer_team_member_pk', ['team_id', 'user_id'])
    .execute()
  await db.schema.createIndex('volunteer_team_member_user').on('volunteer_team_member').column('user_id').execute()

  await db.schema
    .createTable('volunteer_activity')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('team_id', 'uuid', (c) => c.references('volunteer_team.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('activity', 'help_request', 'service_slot')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('required_skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('min_age', 'integer', (c) => c.notNull().defaultTo(18).check(sql`min_age between 6 and 80`))
    .addColumn('minors_with_guardian', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('training', 'text')
    .addColumn('headcount', 'integer', (c) => c.notNull().check(sql`headcount > 0`))
    .addColumn('how_to_sign_up', 'text', (c) => c.notNull())
    .addColumn('risks', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('risky', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('insurance', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'cancelled', 'finished')`))
    .addColumn('cancel_reason', 'text')
    .addColumn('slot_id', 'uuid', (c) => c.references('slot.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('published_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // 志愿服务条例 art. 17: a risky activity has its accident insurance arranged before anyone signs up.
    .addCheckConstraint('volunteer_activity_insured', sql`status <> 'published' or not risky or insurance is not null`)
    .execute()
  await db.schema.createIndex('volunteer_activity_community').on('volunteer_activity').columns(['community_id', 'status', 'created_at']).execute()

  await db.schema
    .createTable('volunteer_shift')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('volunteer_activity.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signup_deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('code_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('volunteer_shift_times', sql`ends_at > starts_at`)
    .addCheckConstraint('volunteer_shift_seats', sql`taken >= 0 and taken <= capacity`)
    .execute()
  await db.schema.createIndex('volunteer_shift_activity').on('volunteer_shift').columns(['activity_id', 'starts_at']).execute()
  await db.schema.createIndex('volunteer_shift_starts').on('volunteer_shift').columns(['community_id', 'starts_at']).execute()

  await db.schema
    .createTable('volunteer_signup')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('shift_id', 'uuid', (c) => c.notNull().references('volunteer_shift.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('signed_up', 'waitlisted', 'cancelled')`))
    .addColumn('guardian_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('check_in_code', 'text')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('promoted_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('volunteer_signup_one_open')
    .on('volunteer_signup')
    .columns(['shift_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), 'in', sql`('signed_up', 'waitlisted')`)
    .execute()
  await db.schema.createIndex('volunteer_signup_queue').on('volunteer_signup').columns(['shift_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('volunteer_signup_user').on('volunteer_signup').columns(['user_id', 'created_at']).execute()

  await db.schema
    .createTable('volunteer_record')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('activity_id', 'uuid', (c) => c.notNull().references('volunteer_activity.id'))
    .addColumn('shift_id', 'uuid', (c) => c.references('volunteer_shift.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('service_date', 'date', (c) => c.notNull())
    .addColumn('checked_in_at', 'timestamptz', (c) => c.notNull())
    .addColumn('checked_out_at', 'timestamptz')
    .addColumn('minutes', 'integer', (c) => c.check(sql`minutes >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'pending', 'confirmed', 'revoked', 'superseded')`))
    .addColumn('corrects_record_id', 'uuid', (c) => c.references('volunteer_record.id'))
    .addColumn('fixed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('fix_reason', 'text')
    .addColumn('confirmed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // 谁记录谁证明: nobody confirms her own hours.
    .addCheckConstraint('volunteer_record_not_own', sql`confirmed_by is null or confirmed_by <> user_id`)
    .execute()
  await db.schema
    .createIndex('volunteer_record_one_per_shift')
    .on('volunteer_record')
    .columns(['shift_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), 'in', sql`('open', 'pending', 'confirmed')`)
    .execute()
  await db.schema.createIndex('volunteer_record_user').on('volunteer_record').columns(['user_id', 'service_date', 'id']).execute()
  await db.schema.createIndex('volunteer_record_activity').on('volunteer_record').columns(['activity_id', 'status']).execute()
  // GB/T 40143 keeps records ten years: a record is never deleted (corrections are new entries).
  await sql`
    create function volunteer_record_never_deleted() returns trigger language plpgsql as $$
    begin
      raise exception 'volunteer_record rows are never deleted (a correction is a new entry)';
    end $$`.execute(db)
  await sql`create trigger volunteer_record_never_deleted before delete on volunteer_record for each row execute function volunteer_record_never_deleted()`.execute(db)

  await db.schema
    .createTable('volunteer_hours_rollup')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('volunteer.user_id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`minutes >= 0`))
    .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0).check(sql`records >= 0`))
    .addPrimaryKeyConstraint('volunteer_hours_rollup_pk', ['user_id', 'year', 'category'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('volunteer_hours_rollup').execute()
  await sql`drop trigger volunteer_record_never_deleted on volunteer_record`.execute(db)
  await sql`drop function volunteer_record_never_deleted()`.execute(db)
  for (const table of ['volunteer_record', 'volunteer_signup', 'volunteer_shift', 'volunteer_activity', 'volunteer_team_member', 'volunteer_team', 'volunteer']) {
    await db.schema.dropTable(table).execute()
  }
}
