import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/** 上报街道 (issue 11 item 8): a topic beyond the community's authority sent to its street, and the street's answer (docs/decisions/026). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consultation_escalation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic_id', 'uuid', (c) => c.notNull().references('consultation_topic.id'))
    .addColumn('community_id', 'uuid', (c) => c.notNull().references('community.id'))
    // The street it went to, kept on the row: the street's list reads no region table.
    .addColumn('street_id', 'uuid', (c) => c.notNull().references('street.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    // A day on the community's clock: overdue once that day has passed there.
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('sent_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('answered_at', 'timestamptz')
    .addCheckConstraint('consultation_escalation_answered', sql`(answer is null) = (answered_at is null) and (answer is null) = (answered_by is null)`)
    .execute()
  // One unanswered escalation per topic: of two sent at once, the second is refused here.
  await sql`create unique index consultation_escalation_open on consultation_escalation (topic_id) where answered_at is null`.execute(db)
  await sql`create index consultation_escalation_street_open on consultation_escalation (street_id, due_date, id) where answered_at is null`.execute(db)
  await sql`create index consultation_escalation_street_answered on consultation_escalation (street_id, answered_at desc, id desc) where answered_at is not null`.execute(db)
  await sql`create index consultation_escalation_topic on consultation_escalation (topic_id, sent_at)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consultation_escalation').execute()
}
