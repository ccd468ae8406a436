import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/** 协商 opinions (issue 11 item 2): stances, one level of replies, likes and reports (docs/decisions/020). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_opinion')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    // A reply names the opinion it answers; replies to replies are refused by the service and here.
    .addColumn('parent_id', 'uuid', (c) => c.references('consultation_opinion.id'))
    .addColumn('author_user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    // Opinions carry a stance, replies none.
    .addColumn('stance', 'text', (c) => c.check(sql`stance in ('support', 'oppose', 'neutral')`))
    .addColumn('body', 'text', (c) => c.notNull())
    // Kept in each like's transaction under the opinion's row lock: the list never counts likes.
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`like_count >= 0`))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`report_count >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('visible').check(sql`status in ('visible', 'pending_review', 'hidden')`))
    .addColumn('hidden_reason', 'text')
    // Milliseconds, as a JS Date holds them: the list's cursor (created_at, id) then compares exactly.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addCheckConstraint('consultation_opinion_stance', sql`(parent_id is null) = (stance is not null)`)
    .execute()
  await sql`create index consultation_opinion_list on consultation_opinion (topic_id, created_at desc, id desc) where parent_id is null`.execute(db)
  await sql`create index consultation_opinion_replies on consultation_opinion (parent_id, created_at, id) where parent_id is not null`.execute(db)

  await db.schema
    .createTable('consultation_opinion_like')
    .addColumn('opinion_id', 'uuid', (c) => c.notNull().references('consultation_opinion.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_opinion_like_pk', ['opinion_id', 'user_id'])
    .execute()

  // One report per resident: three distinct ones put the opinion in review.
  await db.schema
    .createTable('consultation_opinion_report')
    .addColumn('opinion_id', 'uuid', (c) => c.notNull().references('consultation_opinion.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consultation_opinion_report_pk', ['opinion_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_opinion_report').execute()
  await db.schema.dropTable('consultation_opinion_like').execute()
  await db.schema.dropTable('consultation_opinion').execute()
}
