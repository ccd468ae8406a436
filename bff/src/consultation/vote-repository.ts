import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import type { ConsultationBallotTable, ConsultationVoteTable } from './table'

export function insertVote(db: Db, values: Insertable<ConsultationVoteTable>) {
  return db.insertInto('consultation_vote').values(values).onConflict((oc) => oc.column('topic_id').doNothing()).returningAll().executeTakeFirst()
}

export function insertOptions(db: Db, voteId: string, options: readonly { label: string; adopts: boolean }[]) {
  return db
    .insertInto('consultation_vote_option')
    .values(options.map((o, i) => ({ vote_id: voteId, label: o.label, adopts: o.adopts, sort_order: i })))
    .execute()
}

export function findVoteByTopic(db: Db, topicId: string) {
  return db.selectFrom('consultation_vote').selectAll().where('topic_id', '=', topicId).executeTakeFirst()
}

export function findOptions(db: Db, voteId: string) {
  return db.selectFrom('consultation_vote_option').select(['id', 'label', 'adopts', 'votes']).where('vote_id', '=', voteId).orderBy('sort_order').execute()
}

/** True for her first ballot in this vote; a second one records nothing. */
export async function insertBallot(db: Db, ballot: Insertable<ConsultationBallotTable>): Promise<boolean> {
  const row = await db.insertInto('consultation_ballot').values(ballot).onConflict((oc) => oc.doNothing()).returning('vote_id').executeTakeFirst()
  return row !== undefined
}

export async function hasVoted(db: Db, voteId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('consultation_ballot').select('vote_id').where('vote_id', '=', voteId).where('user_id', '=', userId).executeTakeFirst()
  return row !== undefined
}

/**
 * One more participant, only inside the window: the row lock this update takes orders concurrent
 * ballots, so the counter is exact without counting ballots.
 */
export function incrementTurnout(db: Db, voteId: string, now: Date) {
  return db
    .updateTable('consultation_vote')
    .set((eb) => ({ turnout: eb('turnout', '+', 1) }))
    .where('id', '=', voteId)
    .where('opens_at', '<=', now)
    .where('closes_at', '>', now)
    .returningAll()
    .executeTakeFirst()
}

export function incrementOption(db: Db, voteId: string, optionId: string) {
  return db
    .updateTable('consultation_vote_option')
    .set((eb) => ({ votes: eb('votes', '+', 1) }))
    .where('id', '=', optionId)
    .where('vote_id', '=', voteId)
    .returning('id')
    .executeTakeFirst()
}
