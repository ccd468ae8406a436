import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // No-show rule per community: N no-shows within the window suspend self-booking in that category.
  await db.schema
    .alterTable('community')
    .addColumn('no_show_threshold', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('no_show_window_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('no_show_suspension_days', 'integer', (c) => c.notNull().defaultTo(14))
    .execute()

  await db.schema
    .createTable('booking_settings')
    .addColumn('service_id', 'uuid', (c) => c.primaryKey().references('service.id').onDelete('cascade'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('timed', 'session')`))
    .addColumn('slot_minutes', 'integer', (c) => c.check(sql`slot_minutes is null or slot_minutes between 5 and 480`))
    .addColumn('min_notice_minutes', 'integer', (c) => c.notNull().defaultTo(60))
    .addColumn('max_days_ahead', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('cancel_before_minutes', 'integer')
    .addColumn('cancel_by_local_time', 'text')
    .addColumn('max_open_per_person', 'integer')
    .addColumn('max_per_day_per_person', 'integer')
    .addColumn('requires_confirmation', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reminder_lead_minutes', 'integer', (c) => c.notNull().defaultTo(120))
    .addColumn('questions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('availability_rule')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id').onDelete('cascade'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .execute()
  await db.schema.createIndex('availability_rule_service_idx').on('availability_rule').column('service_id').execute()

  await db.schema
    .createTable('closure')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    // Null: the whole community closes (a holiday); otherwise one service.
    .addColumn('service_id', 'uuid', (c) => c.references('service.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('closure_range', sql`ends_on >= starts_on`)
    .execute()
  await db.schema.createIndex('closure_community_idx').on('closure').columns(['community_id', 'starts_on']).execute()

  await db.schema
    .createTable('slot')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    // The last line of defence against overbooking: the database refuses it whatever the code does.
    .addCheckConstraint('slot_seats', sql`booked >= 0 and booked <= capacity`)
    .addUniqueConstraint('slot_service_start', ['service_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('family_member')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('relation', 'text', (c) => c.notNull())
    // Name and birth date encrypted: children under 14 are sensitive personal information (PIPL art. 28).
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('birth_date_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('family_member_user_idx').on('family_member').column('user_id').execute()

  await db.schema
    .createTable('booking')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id'))
    .addColumn('slot_id', 'uuid', (c) => c.notNull().references('slot.id'))
    .addColumn('booked_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    // Who is served: the booker, or one of their family members.
    .addColumn('family_member_id', 'uuid', (c) => c.references('family_member.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'confirmed', 'waitlisted', 'declined', 'cancelled', 'checked_in', 'served', 'no_show')`),
    )
    .addColumn('holds_seat', 'boolean', (c) => c.notNull())
    .addColumn('check_in_code', 'text', (c) => c.notNull())
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('self', 'walk_in')`))
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('served_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('booking_slot_idx').on('booking').columns(['slot_id', 'status', 'created_at']).execute()
  await db.schema.createIndex('booking_booker_idx').on('booking').columns(['booked_by', 'created_at']).execute()
  await db.schema.createIndex('booking_service_idx').on('booking').columns(['service_id', 'status']).execute()
  await sql`create unique index booking_open_code on booking (community_id, check_in_code)
    where status in ('pending', 'confirmed', 'waitlisted')`.execute(db)

  await db.schema
    .createTable('no_show_suspension')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('service_category.id'))
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lifted_by', 'uuid', (c) => c.references('app_user.id'))
    .execute()
  await db.schema.createIndex('no_show_suspension_user_idx').on('no_show_suspension').columns(['user_id', 'category_id']).execute()

  await db.schema
    .createTable('idempotency_record')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_record_pk', ['user_id', 'key'])
    .execute()

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('community_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute()
  await sql`create index notification_outbox_pending on notification_outbox (id) where sent_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notification_outbox',
    'idempotency_record',
    'no_show_suspension',
    'booking',
    'family_member',
    'slot',
    'closure',
    'availability_rule',
    'booking_settings',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema
    .alterTable('community')
    .dropColumn('no_show_threshold')
    .dropColumn('no_show_window_days')
    .dropColumn('no_show_suspension_days')
    .execute()
}
