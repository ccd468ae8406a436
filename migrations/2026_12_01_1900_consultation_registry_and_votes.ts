import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * Votes complete (issue 11 item 3, docs/decisions/021-vote-rules.md):
 * - the owners' and households' registry (业主名册) staff import per community, and the link from a
 *   resident's account to her household;
 * - ballots keyed by household for the 户代表 and 民法典 art. 278 rules (one per household, by a
 *   partial unique index), and marked 代办 with the helper (never the option);
 * - floor-area counters beside the headcount ones, kept in each ballot's transaction;
 * - the close (closed_at, so two job runs close a vote once) and the summary of minority views
 *   staff answer before a vote opens.
 * Areas are integers of 0.01 m² in bigint: a 10,000-household registry exceeds int4.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_registry')
    .addColumn('community_id', 'uuid', (c) => c.primaryKey().references('community.id'))
    .addColumn('households', 'integer', (c) => c.notNull().check(sql`households >= 1`))
    .addColumn('owners', 'integer', (c) => c.notNull().check(sql`owners >= 1`))
    .addColumn('area_centi', 'bigint', (c) => c.notNull().check(sql`area_centi >= 1`))
    .addColumn('imported_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('consultation_registry_household')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('household_code', 'text', (c) => c.notNull())
    // The code without spaces, upper case: what a resident types is matched on this.
    .addColumn('household_key', 'text', (c) => c.notNull())
    // The owner's name sealed like every other name, and its keyed hash to match a claim on.
    .addColumn('owner_name_enc', 'text', (c) => c.notNull())
    .addColumn('owner_name_hash', 'text', (c) => c.notNull())
    .addColumn('area_centi', 'bigint', (c) => c.notNull().check(sql`area_centi >= 1`))
    .addUniqueConstraint('consultation_registry_household_key', ['community_id', 'household_key'])
    .execute()

  // One household per resident; she is its owner when her name is the registry's owner name.
  await db.schema
    .createTable('consultation_registry_link')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('household_id', 'uuid', (c) => c.notNull().references('consultation_registry_household.id').onDelete('cascade'))
    .addColumn('is_owner', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('consultation_registry_link_household').on('consultation_registry_link').column('household_id').execute()

  await db.schema
    .alterTable('consultation_ballot')
    .addColumn('household_id', 'uuid', (c) => c.references('consultation_registry_household.id').onDelete('set null'))
    .addColumn('assisted_by', 'uuid', (c) => c.references('app_user.id'))
    .execute()
  await db.schema
    .createIndex('consultation_ballot_household')
    .on('consultation_ballot')
    .columns(['vote_id', 'household_id'])
    .unique()
    .where(sql.ref('household_id'), 'is not', null)
    .execute()

  await db.schema
    .alterTable('consultation_vote')
    .addColumn('eligible_area_centi', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('turnout_area_centi', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('passed', 'failed', 'no_quorum', 'poll')`))
    .execute()
  await db.schema
    .alterTable('consultation_vote')
    .addCheckConstraint('consultation_vote_area', sql`turnout_area_centi >= 0 and turnout_area_centi <= eligible_area_centi`)
    .execute()
  await db.schema.createIndex('consultation_vote_to_close').on('consultation_vote').column('closes_at').where(sql.ref('closed_at'), 'is', null).execute()

  await db.schema
    .alterTable('consultation_vote_option')
    .addColumn('area_centi', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`area_centi >= 0`))
    .execute()

  await db.schema
    .createTable('consultation_minority_summary')
    .addColumn('topic_id', 'uuid', (c) => c.primaryKey().references('consultation_topic.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('written_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('written_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_minority_summary').execute()
  await db.schema.alterTable('consultation_vote_option').dropColumn('area_centi').execute()
  await db.schema.dropIndex('consultation_vote_to_close').execute()
  await db.schema
    .alterTable('consultation_vote')
    .dropConstraint('consultation_vote_area')
    .execute()
  await db.schema.alterTable('consultation_vote').dropColumn('eligible_area_centi').dropColumn('turnout_area_centi').dropColumn('closed_at').dropColumn('outcome').execute()
  await db.schema.dropIndex('consultation_ballot_household').execute()
  await db.schema.alterTable('consultation_ballot').dropColumn('household_id').dropColumn('assisted_by').execute()
  await db.schema.dropTable('consultation_registry_link').execute()
  await db.schema.dropTable('consultation_registry_household').execute()
  await db.schema.dropTable('consultation_registry').execute()
}
