import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('community')
    .addColumn('rating_window_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('rectification_working_days', 'integer', (c) => c.notNull().defaultTo(15))
    .execute()

  await db.schema
    .createTable('rating')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    // 一事一评: one rating per served booking, enforced by the database.
    .addColumn('booking_id', 'uuid', (c) => c.notNull().unique().references('booking.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id'))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'uuid')
    .addColumn('rater_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // First day of the rating's month in the community's time zone: the unit of every statistic.
    .addColumn('month', 'date', (c) => c.notNull())
    // An upheld appeal takes a rating out of the statistics; the rating itself stays on record.
    .addColumn('counted', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('rating_community_month_idx').on('rating').columns(['community_id', 'month']).execute()
  await db.schema.createIndex('rating_service_idx').on('rating').columns(['service_id', 'month']).execute()
  // Nobody edits or deletes a rating; only `counted` may change (by an appeal decision).
  await sql`
    create function rating_protect() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'ratings cannot be deleted';
      end if;
      if (new.level, new.tags, new.comment, new.booking_id, new.rater_user_id, new.created_at)
         is distinct from (old.level, old.tags, old.comment, old.booking_id, old.rater_user_id, old.created_at) then
        raise exception 'ratings cannot be changed';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger rating_no_change before update or delete on rating for each row execute function rating_protect()`.execute(db)

  await db.schema
    .createTable('rectification_case')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('rating_id', 'uuid', (c) => c.notNull().unique().references('rating.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'verified', 'rectified', 'replied', 'closed')`))
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('reopened', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('resident_satisfied', 'boolean')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('rectification_case_queue_idx').on('rectification_case').columns(['community_id', 'status', 'deadline']).execute()

  await db.schema
    .createTable('case_step')
    // A sequence, so steps recorded in the same instant still read in the order they happened.
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('rectification_case.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('case_step_case_idx').on('case_step').columns(['case_id', 'at']).execute()

  await db.schema
    .createTable('rating_appeal')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('rating_id', 'uuid', (c) => c.notNull().unique().references('rating.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'upheld', 'rejected')`))
    .addColumn('filed_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('decision_note', 'text')
    .addColumn('filed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute()

  // 满意度调查: a community publishes a survey; each resident answers once.
  await db.schema
    .createTable('survey')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('questions', 'jsonb', (c) => c.notNull())
    .addColumn('opens_on', 'date', (c) => c.notNull())
    .addColumn('closes_on', 'date', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('survey_dates', sql`closes_on >= opens_on`)
    .execute()
  await db.schema
    .createTable('survey_response')
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('survey.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('survey_response_pk', ['survey_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_response').execute()
  await db.schema.dropTable('survey').execute()
  await db.schema.dropTable('rating_appeal').execute()
  await db.schema.dropTable('case_step').execute()
  await db.schema.dropTable('rectification_case').execute()
  await sql`drop trigger if exists rating_no_change on rating`.execute(db)
  await db.schema.dropTable('rating').execute()
  await sql`drop function if exists rating_protect()`.execute(db)
  await db.schema.alterTable('community').dropColumn('rating_window_days').dropColumn('rectification_working_days').execute()
}
