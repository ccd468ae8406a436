import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/** 撤回求助: a help request its requester withdrew before the service (status 'withdrawn', when). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table volunteer_help_request drop constraint volunteer_help_request_status_check`.execute(db)
  await sql`alter table volunteer_help_request add constraint volunteer_help_request_status_check
    check (status in ('pending', 'approved', 'declined', 'taken', 'done', 'withdrawn'))`.execute(db)
  await sql`alter table volunteer_help_request add column withdrawn_at timestamptz`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table volunteer_help_request drop column withdrawn_at`.execute(db)
  await sql`alter table volunteer_help_request drop constraint volunteer_help_request_status_check`.execute(db)
  await sql`alter table volunteer_help_request add constraint volunteer_help_request_status_check
    check (status in ('pending', 'approved', 'declined', 'taken', 'done'))`.execute(db)
}
