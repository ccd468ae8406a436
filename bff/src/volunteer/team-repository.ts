import type { Insertable } from 'kysely'
import type { Db } from '../db/database'
import { type Position, afterPosition } from '../http/cursor'
import type { VolunteerTeamTable } from './table'

/** 志愿服务队's reads and writes (issue 12 item 1): plain queries, no rules. */

export function insertTeam(db: Db, values: Insertable<VolunteerTeamTable>) {
  return db
    .insertInto('volunteer_team')
    .values(values)
    .onConflict((oc) => oc.constraint('volunteer_team_name').doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function findTeam(db: Db, teamId: string) {
  return db.selectFrom('volunteer_team').selectAll().where('id', '=', teamId).executeTakeFirst()
}

/** The team row locked: joins, leaves and appointments of one team are ordered by it. */
export function lockTeam(db: Db, teamId: string) {
  return db.selectFrom('volunteer_team').selectAll().where('id', '=', teamId).forUpdate().executeTakeFirst()
}

export function findTeamsOfCommunity(db: Db, communityId: string) {
  return db.selectFrom('volunteer_team').selectAll().where('community_id', '=', communityId).orderBy('created_at').orderBy('id').execute()
}

/** Members per team, for a community's few teams (the primary key's index answers it). */
export async function countMembers(db: Db, teamIds: readonly string[]): Promise<Map<string, number>> {
  if (teamIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('volunteer_team_member')
    .select(['team_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('team_id', 'in', teamIds)
    .groupBy('team_id')
    .execute()
  return new Map(rows.map((r) => [r.team_id, Number(r.n)]))
}

/** The leaders of some teams, with their sealed names. */
export function findLeaders(db: Db, teamIds: readonly string[]) {
  if (teamIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_team_member as m')
    .innerJoin('volunteer as v', 'v.user_id', 'm.user_id')
    .select(['m.team_id', 'v.name_enc'])
    .where('m.team_id', 'in', teamIds)
    .where('m.role', '=', 'leader')
    .orderBy('m.joined_at')
    .execute()
}

export function findMembership(db: Db, teamId: string, userId: string) {
  return db.selectFrom('volunteer_team_member').selectAll().where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()
}

/** Her teams, with her role: 我的志愿 and 下载我的数据. */
export function findTeamsOf(db: Db, userId: string) {
  return db
    .selectFrom('volunteer_team_member as m')
    .innerJoin('volunteer_team as t', 't.id', 'm.team_id')
    .select(['t.id', 't.name', 'm.role', 'm.joined_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.joined_at')
    .execute()
}

/** Joins her to a team; a second join adds nothing. `joinedAt` from the app's clock (milliseconds, as cursors carry it). */
export function insertMember(db: Db, teamId: string, userId: string, role: 'leader' | 'member', joinedAt: Date) {
  return db.insertInto('volunteer_team_member').values({ team_id: teamId, user_id: userId, role, joined_at: joinedAt }).onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing()).execute()
}

export async function deleteMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('volunteer_team_member').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** 注销: she leaves every team. */
export function deleteMembershipsOf(db: Db, userId: string) {
  return db.deleteFrom('volunteer_team_member').where('user_id', '=', userId).execute()
}

export function updateRole(db: Db, teamId: string, userId: string, role: 'leader' | 'member') {
  return db.updateTable('volunteer_team_member').set({ role }).where('team_id', '=', teamId).where('user_id', '=', userId).returningAll().executeTakeFirst()
}

/** A team's members in the order they joined, a page. */
export function listMembers(db: Db, filter: { teamId: string; after?: Position<Date>; limit: number }) {
  let q = db
    .selectFrom('volunteer_team_member as m')
    .innerJoin('volunteer as v', 'v.user_id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.joined_at', 'v.name_enc', 'v.volunteer_no'])
    .where('m.team_id', '=', filter.teamId)
  if (filter.after) q = q.where(afterPosition('m.joined_at', 'm.user_id', filter.after, 'asc'))
  return q.orderBy('m.joined_at').orderBy('m.user_id').limit(filter.limit + 1).execute()
}
