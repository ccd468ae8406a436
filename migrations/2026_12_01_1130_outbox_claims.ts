import type { Kysely } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

export async function up(db: Kysely<any>): Promise<void> {
  // Delivery claims a row for a while instead of holding its lock while WeChat answers
  // (docs/decisions/010-outbox-and-jobs.md): a claim that runs out (the process died) is taken
  // again; a failed send waits until `next_attempt_at` (backoff) before its next attempt.
  await db.schema
    .alterTable('notification_outbox')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('next_attempt_at', 'timestamptz')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notification_outbox').dropColumn('claimed_until').dropColumn('next_attempt_at').execute()
}
