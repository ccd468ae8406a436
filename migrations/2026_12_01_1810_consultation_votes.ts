import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Votes on consultation topics (issue 11 item 3, docs/decisions/021-vote-rules.md). Secret ballot:
 * `consultation_ballot` records THAT someone voted (one each, by its primary key) and never what;
 * `consultation_vote_option.votes` counts what, with no link back to a voter. Both are written in
 * the same transaction, with the vote's turnout counter, so the live bar never counts rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_vote')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // One vote per topic.
    .addColumn('topic_id', 'uuid', (c) => c.notNull().unique().references('consultation_topic.id'))
    .addColumn('rule', 'text', (c) =>
      c.notNull().check(sql`rule in ('resident_meeting', 'household', 'owners_278_ordinary', 'owners_278_major', 'opinion_poll')`),
    )
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    // Fixed when opened, so the quorum mark does not move while the vote runs.
    .addColumn('eligible', 'integer', (c) => c.notNull().check(sql`eligible >= 1`))
    .addColumn('turnout', 'integer', (c) => c.notNull().defaultTo(0).check(sql`turnout >= 0 and turnout <= eligible`))
    .addColumn('opened_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('consultation_vote_window', sql`closes_at > opens_at`)
    .execute()

  await db.schema
    .createTable('consultation_vote_option')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('consultation_vote.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('adopts', 'boolean', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0).check(sql`votes >= 0`))
    .execute()
  await db.schema.createIndex('consultation_vote_option_vote').on('consultation_vote_option').columns(['vote_id', 'sort_order']).execute()

  // No option column and no timestamp: nothing to match a ballot to the count it raised.
  await db.schema
    .createTable('consultation_ballot')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('consultation_vote.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addPrimaryKeyConstraint('consultation_ballot_pk', ['vote_id', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_ballot').execute()
  await db.schema.dropTable('consultation_vote_option').execute()
  await db.schema.dropTable('consultation_vote').execute()
}
