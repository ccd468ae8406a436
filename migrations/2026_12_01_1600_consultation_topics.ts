import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * The default 协商目录: the matters 中办发〔2015〕41号 names as the content of community
 * consultation (public affairs and public-good works, major decisions touching residents'
 * interests, practical difficulties, disputes), as a county's 指导性目录 words them. A community
 * adds its own rows beside these.
 */
const DEFAULT_CATEGORIES = [
  '公共设施与环境整治',
  '小区物业与停车管理',
  '为老为小服务',
  '公益事业与志愿服务',
  '社区安全与矛盾纠纷',
  '惠民资金与项目使用',
  '其他公共事务',
]

export async function up(db: Kysely<any>): Promise<void> {
  // One row per community that changed a default (docs/decisions/020-consultation-domain.md).
  await db.schema
    .createTable('consultation_settings')
    .addColumn('community_id', 'uuid', (c) => c.primaryKey().references('community.id'))
    .addColumn('support_min', 'integer', (c) => c.notNull().defaultTo(20).check(sql`support_min >= 1`))
    .addColumn('support_share_bp', 'integer', (c) => c.notNull().defaultTo(100).check(sql`support_share_bp between 0 and 10000`))
    .addColumn('collection_days', 'integer', (c) => c.notNull().defaultTo(90).check(sql`collection_days >= 1`))
    .execute()

  // community_id null: the default directory every community has.
  await db.schema
    .createTable('consultation_category')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.references('community.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`create unique index consultation_category_name on consultation_category (coalesce(community_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`.execute(db)
  await db
    .insertInto('consultation_category')
    .values(DEFAULT_CATEGORIES.map((name, i) => ({ name, sort_order: (i + 1) * 10 })))
    .execute()

  await db.schema
    .createTable('consultation_topic')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('category_id', 'uuid', (c) => c.notNull().references('consultation_category.id'))
    .addColumn('proposer_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('links', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('collecting', 'accepted', 'declined', 'deliberating', 'voting', 'resolved', 'implementing', 'implemented', 'terminated')`),
    )
    .addColumn('state_reason', 'text')
    // Fixed when raised, so the bar a resident sees does not move under her as people register.
    .addColumn('threshold', 'integer', (c) => c.notNull().check(sql`threshold >= 1`))
    // Kept in each support's transaction: the page and the list never count supports.
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`support_count >= 0`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    // Milliseconds, as a JS Date holds them: the list's cursor (created_at, id) then compares exactly.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .execute()
  // The list by state, newest first; and the expiry job's scan of what is still collecting.
  await sql`create index consultation_topic_list on consultation_topic (community_id, state, created_at desc, id desc)`.execute(db)
  await sql`create index consultation_topic_all on consultation_topic (community_id, created_at desc, id desc)`.execute(db)
  await sql`create index consultation_topic_expiry on consultation_topic (expires_at) where state = 'collecting'`.execute(db)

  // 附议: once per resident, by the primary key.
  await db.schema
    .createTable('consultation_support')
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_support_pk', ['topic_id', 'user_id'])
    .execute()

  // Every state a topic passed through, shown on its page (the audit log has the same, for staff).
  await db.schema
    .createTable('consultation_topic_move')
    // In the order written: two moves within one clock tick still show in the order they were made.
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('staff', 'proposer', 'system')`))
    .addColumn('actor_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('consultation_topic_move_topic').on('consultation_topic_move').columns(['topic_id', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_topic_move').execute()
  await db.schema.dropTable('consultation_support').execute()
  await db.schema.dropTable('consultation_topic').execute()
  await db.schema.dropTable('consultation_category').execute()
  await db.schema.dropTable('consultation_settings').execute()
}
