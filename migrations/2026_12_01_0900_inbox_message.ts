import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // The resident's in-app messages (我的消息), written beside the outbox row in the change's
  // transaction; the outbox stays a delivery queue (docs/decisions/006-inbox-beside-the-outbox.md).
  await db.schema
    .createTable('inbox_message')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('community_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    // Milliseconds, as a JS Date holds them: the list's cursor (created_at, id) then compares exactly.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`date_trunc('milliseconds', now())`))
    .addColumn('read_at', 'timestamptz')
    .execute()
  // Her list, newest first, and the badge's count of what she has not read.
  await sql`create index inbox_message_user_idx on inbox_message (user_id, created_at desc, id desc)`.execute(db)
  await sql`create index inbox_message_unread on inbox_message (user_id) where read_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbox_message').execute()
}
