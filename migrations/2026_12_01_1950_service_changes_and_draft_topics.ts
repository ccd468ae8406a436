import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

const STATES_BEFORE = `'collecting', 'accepted', 'declined', 'deliberating', 'voting', 'resolved', 'implementing', 'implemented', 'terminated'`

/**
 * Issue 11 item 7 (docs/decisions/025-outcomes-change-services.md):
 * - `service_change`: a change to a service that a topic's 协商结果 carries, proposed by staff, then applied;
 * - `service_version`: one row per applied change, the service's before and after as JSON, never
 *   updated or deleted (a trigger refuses it), numbered per service;
 * - topics gain the state 草稿 (`draft`), and `consultation_topic_evidence` the 差评 evidence a
 *   draft was raised from, once per rectification case or per service and month (`evidence_key`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table consultation_topic drop constraint consultation_topic_state_check`.execute(db)
  await sql.raw(`alter table consultation_topic add constraint consultation_topic_state_check check (state in (${STATES_BEFORE}, 'draft'))`).execute(db)

  await db.schema
    .createTable('service_change')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('hours', 'seats', 'price_kind', 'new_service')`))
    // null for a new service until the change is applied and creates it.
    .addColumn('service_id', 'uuid', (c) => c.references('service.id'))
    .addColumn('proposal', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed').check(sql`status in ('proposed', 'applied')`))
    .addColumn('proposed_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addColumn('applied_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('applied_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('service_change_topic').on('service_change').columns(['topic_id', 'proposed_at']).execute()

  await db.schema
    .createTable('service_version')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('service_id', 'uuid', (c) => c.notNull().references('service.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    // One version per change: a second apply cannot write another.
    .addColumn('change_id', 'uuid', (c) => c.notNull().unique().references('service_change.id'))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    // The title when applied: the mark says what residents decided, even if the topic is renamed.
    .addColumn('topic_title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb', (c) => c.notNull())
    .addColumn('applied_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('service_version_number', ['service_id', 'version'])
    .execute()
  await sql`
    create function service_version_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'service_version is append-only';
    end $$`.execute(db)
  await sql`
    create trigger service_version_no_change before update or delete on service_version
    for each row execute function service_version_append_only()`.execute(db)

  await db.schema
    .createTable('consultation_topic_evidence')
    .addColumn('topic_id', 'uuid', (c) => c.primaryKey().references('consultation_topic.id'))
    // `case:<id>` or `service:<id>:<YYYY-MM>`: the same evidence raises one topic, even at once.
    .addColumn('evidence_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('overdue_case', 'poor_share')`))
    .addColumn('service_id', 'uuid', (c) => c.notNull())
    .addColumn('case_id', 'uuid')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('ratings', 'integer', (c) => c.notNull())
    .addColumn('poor', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'timestamptz')
    .addColumn('replied_at', 'timestamptz')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_topic_evidence').execute()
  await sql`drop trigger if exists service_version_no_change on service_version`.execute(db)
  await sql`drop function if exists service_version_append_only()`.execute(db)
  await db.schema.dropTable('service_version').execute()
  await db.schema.dropTable('service_change').execute()
  // Refused while a draft topic exists: it would have no state to go back to.
  await sql`alter table consultation_topic drop constraint consultation_topic_state_check`.execute(db)
  await sql.raw(`alter table consultation_topic add constraint consultation_topic_state_check check (state in (${STATES_BEFORE}))`).execute(db)
}
