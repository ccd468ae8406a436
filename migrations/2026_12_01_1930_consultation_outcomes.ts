import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 协商结果、公示、异议、落实与评议 (issue 11 item 6, docs/decisions/024-outcomes-and-publicity.md).
 * One result per topic; its 公示 ends at a fixed instant computed in working days when published.
 * `objections_open` counts objections staff have not answered, kept in the objection's and the
 * answer's transactions, so starting implementation checks one row instead of counting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_outcome')
    .addColumn('topic_id', 'uuid', (c) => c.primaryKey().references('consultation_topic.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('adopted', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('publicity_working_days', 'integer', (c) => c.notNull().check(sql`publicity_working_days >= 1`))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('publicity_ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('objections_open', 'integer', (c) => c.notNull().defaultTo(0).check(sql`objections_open >= 0`))
    .addColumn('responsible_unit', 'text')
    .addColumn('due_on', 'date')
    // The end of the due day on the community's clock: overdue is `due_at < now`, one comparison for every zone.
    .addColumn('due_at', 'timestamptz')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0).check(sql`progress between 0 and 100`))
    .addColumn('status_text', 'text')
    .addColumn('milestones', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('overdue_noticed_at', 'timestamptz')
    .addCheckConstraint('consultation_outcome_reason', sql`adopted or reason is not null`)
    .execute()
  await db.schema
    .createIndex('consultation_outcome_overdue')
    .on('consultation_outcome')
    .columns(['due_at', 'topic_id'])
    .where(sql.ref('done_at'), 'is', null)
    .execute()

  // One objection per resident per result (the decision record says why).
  await db.schema
    .createTable('consultation_objection')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_outcome.topic_id'))
    .addColumn('author_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addUniqueConstraint('consultation_objection_once', ['topic_id', 'author_user_id'])
    .execute()
  await db.schema.createIndex('consultation_objection_topic').on('consultation_objection').columns(['topic_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('consultation_implementation_update')
    // In the order written: two updates in the same millisecond still read back in order.
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_outcome.topic_id'))
    .addColumn('status_text', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().check(sql`progress between 0 and 100`))
    .addColumn('milestones', 'jsonb', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('consultation_implementation_update_topic').on('consultation_implementation_update').columns(['topic_id', 'id']).execute()

  // A resident's own choice: 关注 (true) or 取消关注 (false); without a row, taking part follows.
  await db.schema
    .createTable('consultation_follower')
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('following', 'boolean', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_follower_pk', ['topic_id', 'user_id'])
    .execute()

  // 评议: once each, by primary key; the 好差评 levels 1–5.
  await db.schema
    .createTable('consultation_outcome_rating')
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_outcome.topic_id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_outcome_rating_pk', ['topic_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_outcome_rating').execute()
  await db.schema.dropTable('consultation_follower').execute()
  await db.schema.dropTable('consultation_implementation_update').execute()
  await db.schema.dropTable('consultation_objection').execute()
  await db.schema.dropTable('consultation_outcome').execute()
}
