import { type Kysely, sql } from 'kysely'

// Frozen: never import application code here, never edit after it has landed.

/**
 * A signed-in resident's opinions page is the kept public page plus what is hers (issue 11 Speed,
 * docs/decisions/036): one question is whether she has an opinion on the topic others do not see
 * (hidden by staff or by reports). Few opinions are ever hidden, so the index is tiny.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index consultation_opinion_hidden on consultation_opinion (topic_id, author_user_id) where status <> 'visible'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index consultation_opinion_hidden`.execute(db)
}
