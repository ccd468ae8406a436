import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

// The audit log (newest first) and the appeals (oldest first) page by a cursor of (instant, id),
// and the cursor carries the instant as a JS Date: milliseconds. now() stamps microseconds, so the
// cursor fell short of its own row: the audit log skipped rows one transaction had stamped alike
// and the appeals list served its last page again and again. Stamped in milliseconds, as
// inbox_message already is, the cursor compares exactly. Filed appeals are truncated too; the
// audit entries already written stay as they are, since the log is append-only evidence.
const STAMPS = [
  ['audit_log', 'at'],
  ['rating_appeal', 'filed_at'],
] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update rating_appeal set filed_at = date_trunc('milliseconds', filed_at)`.execute(db)
  for (const [table, column] of STAMPS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set default date_trunc('milliseconds', now())`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of STAMPS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set default now()`.execute(db)
  }
}
