import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * 志愿服务 — 实名注册 (issue 12 item 1, docs/decisions/029-volunteer-registration.md): the sequence
 * volunteer numbers (志愿者编号) are drawn from. A sequence never hands out a number twice, even to
 * registrations that run at the same moment or roll back (a gap is harmless, a duplicate is not).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence volunteer_no_seq`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop sequence volunteer_no_seq`.execute(db)
}
