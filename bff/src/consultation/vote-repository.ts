import type { VoteOutcome } from '@linli/shared'
import { type Insertable, sql } from 'kysely'
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
  return db.selectFrom('consultation_vote_option').select(['id', 'label', 'adopts', 'votes', 'area_centi']).where('vote_id', '=', voteId).orderBy('sort_order').execute()
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

export async function hasHouseholdVoted(db: Db, voteId: string, householdId: string): Promise<boolean> {
  const row = await db.selectFrom('consultation_ballot').select('vote_id').where('vote_id', '=', voteId).where('household_id', '=', householdId).executeTakeFirst()
  return row !== undefined
}

/** Votes whose window ended and that the close job has not closed yet, oldest first. */
export function findVotesToClose(db: Db, now: Date, limit: number) {
  return db.selectFrom('consultation_vote').selectAll().where('closed_at', 'is', null).where('closes_at', '<=', now).orderBy('closes_at').limit(limit).execute()
}

/** Closes a vote once: a second run (or a concurrent one) finds it closed and gets undefined. */
export function markClosed(db: Db, voteId: string, now: Date, outcome: VoteOutcome) {
  return db.updateTable('consultation_vote').set({ closed_at: now, outcome }).where('id', '=', voteId).where('closed_at', 'is', null).returningAll().executeTakeFirst()
}

/** Who took part, to tell them the result: the ballots' residents, never with what they chose. */
export async function votersOf(db: Db, voteId: string): Promise<string[]> {
  return (await db.selectFrom('consultation_ballot').select('user_id').where('vote_id', '=', voteId).execute()).map((r) => r.user_id)
}

/**
 * One more participant, only inside the window: the row lock this update takes orders concurrent
 * ballots, so the counter is exact without counting ballots.
 */
export function incrementTurnout(db: Db, voteId: string, now: Date, areaCentiM2: number) {
  return db
    .updateTable('consultation_vote')
    .set((eb) => ({ turnout: eb('turnout', '+', 1), turnout_area_centi: sql<string>`turnout_area_centi + ${areaCentiM2}::bigint` }))
    .where('id', '=', voteId)
    .where('opens_at', '<=', now)
    .where('closes_at', '>', now)
    .returningAll()
    .executeTakeFirst()
}

export function incrementOption(db: Db, voteId: string, optionId: string, areaCentiM2: number) {
  return db
    .updateTable('consultation_vote_option')
    .set((eb) => ({ votes: eb('votes', '+', 1), area_centi: sql<string>`area_centi + ${areaCentiM2}::bigint` }))
    .where('id', '=', optionId)
    .where('vote_id', '=', voteId)
    .returning('id')
    .executeTakeFirst()
}
