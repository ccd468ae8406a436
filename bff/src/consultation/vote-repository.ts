import type { VoteOutcome } from '@linli/shared'
import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import type { ConsultationBallotTable, ConsultationVoteTable, VoteRow } from './table'

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

/**
 * The topic's community and state with its vote, in one read (a ballot's first statement): undefined
 * when the topic does not exist, `vote` null when it has none.
 */
export async function findTopicVote(db: Db, topicId: string): Promise<{ communityId: string; vote: VoteRow | null } | undefined> {
  // A fixed SQL text: every ballot runs it (docs/decisions/027-request-cost.md).
  const row = (await sql<Partial<VoteRow> & { t_community_id: string }>`select t.community_id as t_community_id, v.* from consultation_topic t
    left join consultation_vote v on v.topic_id = t.id where t.id = ${topicId}`.execute(db)).rows[0]
  if (!row) return undefined
  const { t_community_id: communityId, ...vote } = row
  return { communityId, vote: vote.id ? (vote as VoteRow) : null }
}

export function findOptions(db: Db, voteId: string) {
  return db.selectFrom('consultation_vote_option').select(['id', 'label', 'adopts', 'votes', 'area_centi']).where('vote_id', '=', voteId).orderBy('sort_order').execute()
}

/** An option as the vote page reads it. */
export interface VoteOptionRead {
  id: string
  label: string
  adopts: boolean
  votes: number
  area_centi: string
}

type VotePageRow = Partial<VoteRow> & {
  t_community_id: string
  o_id: string | null
  o_label: string
  o_adopts: boolean
  o_votes: number
  o_area_centi: string
  voted_by_me: boolean
}

/**
 * The vote page's read in ONE statement (issue 11 Speed, docs/decisions/027-request-cost.md): the
 * topic's community, its vote, the vote's options in order (one row each) and whether `userId`
 * cast a ballot (the ballot's primary key, one index probe: never a count). Undefined when the
 * topic does not exist; `vote` null when it has none.
 */
export async function readVotePage(db: Db, topicId: string, userId: string | null): Promise<{ communityId: string; vote: VoteRow | null; options: VoteOptionRead[]; votedByMe: boolean } | undefined> {
  const voted = userId ? sql`exists (select 1 from consultation_ballot b where b.vote_id = v.id and b.user_id = ${userId})` : sql`false`
  const result = await sql<VotePageRow>`
    select t.community_id as t_community_id, v.id, v.topic_id, v.rule, v.opens_at, v.closes_at, v.eligible, v.turnout, v.eligible_area_centi, v.turnout_area_centi,
      v.opened_by, v.created_at, v.closed_at, v.outcome, o.id as o_id, o.label as o_label, o.adopts as o_adopts, o.votes as o_votes, o.area_centi as o_area_centi,
      ${voted} as voted_by_me
    from consultation_topic t
    left join consultation_vote v on v.topic_id = t.id
    left join consultation_vote_option o on o.vote_id = v.id
    where t.id = ${topicId}
    order by o.sort_order`.execute(db)
  const first = result.rows[0]
  if (!first) return undefined
  if (!first.id) return { communityId: first.t_community_id, vote: null, options: [], votedByMe: false }
  const { t_community_id: communityId, o_id: _id, o_label: _label, o_adopts: _adopts, o_votes: _votes, o_area_centi: _area, voted_by_me: votedByMe, ...vote } = first
  const options = result.rows.flatMap((r) => (r.o_id ? [{ id: r.o_id, label: r.o_label, adopts: r.o_adopts, votes: r.o_votes, area_centi: r.o_area_centi }] : []))
  return { communityId, vote: vote as VoteRow, options, votedByMe: votedByMe === true }
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
 * A ballot in one statement (no BEGIN/COMMIT of its own; inside `trx` when a 代办 row goes with it):
 * the ballot row only inside the window and for one of the vote's options, then, only if it was
 * written, the turnout (heads and area) and the option's counters. The vote's row lock, taken after
 * the ballot row and before the option's, orders concurrent ballots, so the counters are exact
 * without counting ballots. Undefined when nothing was recorded (refusedBallot says why).
 */
export async function castBallot(db: Db, ballot: Insertable<ConsultationBallotTable>, optionId: string, now: Date, areaCentiM2: number): Promise<VoteRow | undefined> {
  const result = await sql<VoteRow>`
    with b as (
      insert into consultation_ballot (vote_id, user_id, household_id, assisted_by)
      select v.id, ${ballot.user_id}::uuid, ${ballot.household_id ?? null}::uuid, ${ballot.assisted_by ?? null}::uuid
      from consultation_vote v
      where v.id = ${ballot.vote_id} and v.opens_at <= ${now} and v.closes_at > ${now}
        and exists (select 1 from consultation_vote_option o where o.id = ${optionId} and o.vote_id = v.id)
      on conflict do nothing
      returning vote_id
    ), counted_option as (
      update consultation_vote_option set votes = votes + 1, area_centi = area_centi + ${areaCentiM2}::bigint
      where id = ${optionId} and vote_id in (select vote_id from b)
      returning id
    )
    update consultation_vote set turnout = turnout + 1, turnout_area_centi = turnout_area_centi + ${areaCentiM2}::bigint
    where id in (select vote_id from b)
    returning *`.execute(db)
  return result.rows[0]
}

/** Why castBallot recorded nothing, in the order the rules are told: once, once per household, the window, the option. */
export async function refusedBallot(db: Db, voteId: string, userId: string, householdId: string | null, now: Date) {
  const row = await db
    .selectFrom('consultation_vote as v')
    .select((eb) => [
      eb.exists(eb.selectFrom('consultation_ballot').select('vote_id').where('vote_id', '=', voteId).where('user_id', '=', userId)).as('voted'),
      eb.exists(eb.selectFrom('consultation_ballot').select('vote_id').where('vote_id', '=', voteId).where('household_id', '=', householdId)).as('householdVoted'),
      eb.and([eb('v.opens_at', '<=', now), eb('v.closes_at', '>', now)]).as('open'),
    ])
    .where('v.id', '=', voteId)
    .executeTakeFirstOrThrow()
  if (row.voted) return 'ALREADY_VOTED' as const
  if (householdId !== null && row.householdVoted) return 'HOUSEHOLD_ALREADY_VOTED' as const
  return row.open ? ('VOTE_OPTION_NOT_FOUND' as const) : ('VOTE_NOT_OPEN' as const)
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
