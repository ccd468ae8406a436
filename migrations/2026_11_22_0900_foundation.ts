import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // region: district → street → community
  await db.schema
    .createTable('district')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('street')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('district_id', 'uuid', (c) => c.notNull().references('district.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('community')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('street_id', 'uuid', (c) => c.notNull().references('street.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('urban', 'rural')`))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
    .execute()
  await db.schema.createIndex('community_street_idx').on('community').column('street_id').execute()

  // catalog
  await db.schema
    .createTable('facility')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .execute()
  await db.schema.createIndex('facility_community_idx').on('facility').column('community_id').execute()

  await db.schema
    .createTable('service_category')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('provider')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('street_id', 'uuid', (c) => c.notNull().references('street.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .execute()

  await db.schema
    .createTable('service')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('category_id', 'text', (c) => c.notNull().references('service_category.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'uuid', (c) => c.references('provider.id'))
    .addColumn('facility_id', 'uuid', (c) => c.references('facility.id'))
    .addColumn('price_kind', 'text', (c) => c.notNull().check(sql`price_kind in ('free', 'low_cost', 'paid')`))
    .addColumn('price_note', 'text')
    .addColumn('subsidy_note', 'text')
    .addColumn('min_age', 'integer')
    .addColumn('child_min_age', 'integer')
    .addColumn('child_max_age', 'integer')
    .addColumn('residents_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('featured', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'paused')`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('service_community_category_idx')
    .on('service')
    .columns(['community_id', 'category_id', 'sort_order'])
    .execute()

  // platform
  await db.schema
    .createTable('app_user')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('wx_openid', 'text', (c) => c.unique())
    // Phone: HMAC for lookup, AES-256-GCM ciphertext for display (PIPL, GB/T 35273).
    .addColumn('phone_hash', 'text', (c) => c.unique())
    .addColumn('phone_enc', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('community_id', 'uuid', (c) => c.references('community.id'))
    .addColumn('elder_mode', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('demo_persona', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('user_role')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('staff', 'street_admin', 'provider')`))
    .addColumn('community_id', 'uuid', (c) => c.references('community.id'))
    .addColumn('street_id', 'uuid', (c) => c.references('street.id'))
    .addColumn('provider_id', 'uuid', (c) => c.references('provider.id'))
    .addCheckConstraint(
      'user_role_scope',
      sql`(role = 'staff' and community_id is not null)
        or (role = 'street_admin' and street_id is not null)
        or (role = 'provider' and provider_id is not null)`,
    )
    .execute()
  await db.schema.createIndex('user_role_user_idx').on('user_role').column('user_id').execute()

  await db.schema
    .createTable('volunteer_profile')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('wechat', 'sms', 'demo')`))
    // WeChat session_key, encrypted; it never leaves the server.
    .addColumn('wx_session_key_enc', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('login_code')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('consumed_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('login_code_phone_idx').on('login_code').columns(['phone_hash', 'created_at']).execute()

  // Fixed-window counters; kept in PostgreSQL so several BFF processes share them.
  await db.schema
    .createTable('rate_limit')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_pk', ['bucket', 'window_start'])
    .execute()

  await db.schema
    .createTable('consent')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('withdrawn_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('consent_user_idx').on('consent').columns(['user_id', 'kind']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'uuid')
    .addColumn('community_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('request_id', 'text')
    .execute()
  await db.schema.createIndex('audit_log_community_idx').on('audit_log').columns(['community_id', 'at']).execute()
  // Append-only: the log is evidence, so the database itself refuses changes to it.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db)
  await sql`
    create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_no_change on audit_log`.execute(db)
  await sql`drop function if exists audit_log_append_only()`.execute(db)
  for (const table of [
    'audit_log',
    'consent',
    'rate_limit',
    'login_code',
    'session',
    'volunteer_profile',
    'user_role',
    'app_user',
    'service',
    'provider',
    'service_category',
    'facility',
    'community',
    'street',
    'district',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
