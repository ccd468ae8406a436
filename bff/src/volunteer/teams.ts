import { LIST_LIMIT_DEFAULT, type Team, type TeamInputSchema, type TeamMember, type TeamMemberPageSchema, type PageQuerySchema } from '@linli/shared'
import type { Selectable } from 'kysely'
import type { z } from 'zod'
import { maskName } from '../booking/rules'
import { localMoment } from '../calendar/local-time'
import type { Db } from '../db/database'
import { inTransaction } from '../db/transaction'
import type { Deps } from '../deps'
import { decodeCursor, pageFrom } from '../http/cursor'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { writeAudit } from '../platform/audit'
import { canManageCommunity } from '../region/access'
import * as regions from '../region/service'
import { assertOrganiser } from './facts'
import { findVolunteer } from './repository'
import type { VolunteerTeamTable } from './table'
import * as repo from './team-repository'

/**
 * 志愿服务队 (issue 12 item 1): staff create their community's teams and appoint leaders (a leader
 * publishes the team's activities: facts.assertOrganiser); a volunteer joins a team of her own
 * community or leaves it.
 */

type TeamRow = Selectable<VolunteerTeamTable>

async function teamOrThrow(db: Db, teamId: string, lock = false): Promise<TeamRow> {
  const team = lock ? await repo.lockTeam(db, teamId) : await repo.findTeam(db, teamId)
  if (!team) throw new AppError('VOLUNTEER_TEAM_NOT_FOUND')
  return team
}

async function isStaffOf(db: Db, auth: Auth, communityId: string): Promise<boolean> {
  const community = await regions.findCommunityById(db, communityId)
  return community !== undefined && canManageCommunity(auth, community)
}

async function assertStaffOf(db: Db, auth: Auth, communityId: string): Promise<void> {
  const community = await regions.findCommunityById(db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  if (!canManageCommunity(auth, community)) throw new AppError('FORBIDDEN', { message: '只有本社区工作人员可以管理志愿服务队' })
}

/** Teams as the caller sees them: members, leaders (masked), her own role, whether she may join or manage. */
async function toTeams(deps: Deps, auth: Auth, rows: readonly TeamRow[]): Promise<Team[]> {
  const ids = rows.map((t) => t.id)
  const [counts, leaders, volunteer] = await Promise.all([repo.countMembers(deps.db, ids), repo.findLeaders(deps.db, ids), findVolunteer(deps.db, auth.userId)])
  const mine = new Map((volunteer ? await repo.findTeamsOf(deps.db, auth.userId) : []).map((t) => [t.id, t.role]))
  const staffOf = new Map<string, boolean>()
  for (const communityId of new Set(rows.map((t) => t.community_id))) staffOf.set(communityId, await isStaffOf(deps.db, auth, communityId))
  return rows.map((t) => ({
    id: t.id,
    communityId: t.community_id,
    name: t.name,
    description: t.description,
    memberCount: counts.get(t.id) ?? 0,
    leaders: leaders.filter((l) => l.team_id === t.id).map((l) => maskName(deps.cipher.decrypt(l.name_enc))),
    mine: mine.get(t.id) ?? null,
    canJoin: volunteer?.status === 'active' && volunteer.community_id === t.community_id && !mine.has(t.id),
    canManage: staffOf.get(t.community_id) ?? false,
  }))
}

async function teamView(deps: Deps, auth: Auth, teamId: string): Promise<Team> {
  const [team] = await toTeams(deps, auth, [await teamOrThrow(deps.db, teamId)])
  if (!team) throw new AppError('VOLUNTEER_TEAM_NOT_FOUND')
  return team
}

/** A community's teams (the caller's own community unless she names one), oldest first. */
export async function listTeams(deps: Deps, auth: Auth, communityId: string | undefined): Promise<{ items: Team[] }> {
  const id = communityId ?? auth.communityId
  if (!id) return { items: [] }
  return { items: await toTeams(deps, auth, await repo.findTeamsOfCommunity(deps.db, id)) }
}

/** Staff create a team for their community; its name is unique there. Audited. */
export async function createTeam(deps: Deps, auth: Auth, communityId: string, input: z.output<typeof TeamInputSchema>, requestId: string): Promise<Team> {
  await assertStaffOf(deps.db, auth, communityId)
  const team = await inTransaction(deps.db, async (trx) => {
    const created = await repo.insertTeam(trx, { community_id: communityId, name: input.name, description: input.description, created_by: auth.userId, created_at: deps.now() })
    if (!created) throw new AppError('VOLUNTEER_TEAM_NAME_TAKEN')
    await writeAudit(trx, { actorUserId: auth.userId, communityId, action: 'volunteer.team_created', targetType: 'volunteer_team', targetId: created.id, detail: { name: input.name }, requestId })
    return created
  })
  return teamView(deps, auth, team.id)
}

/**
 * She joins a team: an active volunteer (a suspended one may not), of the team's community. A
 * second join is answered like the first.
 */
export async function join(deps: Deps, auth: Auth, teamId: string): Promise<Team> {
  await inTransaction(deps.db, async (trx) => {
    const team = await teamOrThrow(trx, teamId, true)
    const volunteer = await findVolunteer(trx, auth.userId)
    if (!volunteer || volunteer.status === 'withdrawn') throw new AppError('VOLUNTEER_NOT_REGISTERED')
    if (volunteer.status === 'suspended') throw new AppError('VOLUNTEER_SUSPENDED')
    if (volunteer.community_id !== team.community_id) throw new AppError('VOLUNTEER_TEAM_OTHER_COMMUNITY')
    await repo.insertMember(trx, teamId, auth.userId, 'member', deps.now())
  })
  return teamView(deps, auth, teamId)
}

/** She leaves a team (a leader too: the role goes with her). Leaving one she is not in changes nothing. */
export async function leave(deps: Deps, auth: Auth, teamId: string): Promise<Team> {
  await inTransaction(deps.db, async (trx) => {
    await teamOrThrow(trx, teamId, true)
    await repo.deleteMember(trx, teamId, auth.userId)
  })
  return teamView(deps, auth, teamId)
}

/** The team's members (masked names), for staff of its community and its leaders, a page. */
export async function listMembers(deps: Deps, auth: Auth, teamId: string, query: z.output<typeof PageQuerySchema>): Promise<z.infer<typeof TeamMemberPageSchema>> {
  const team = await teamOrThrow(deps.db, teamId)
  await assertOrganiser(deps.db, auth, { community_id: team.community_id, team_id: team.id })
  const community = await regions.findCommunityById(deps.db, team.community_id)
  const tz = community?.timezone ?? 'Asia/Shanghai'
  const limit = query.limit ?? LIST_LIMIT_DEFAULT
  const rows = await repo.listMembers(deps.db, { teamId, after: query.cursor ? decodeCursor(query.cursor, 'instant') : undefined, limit })
  const page = pageFrom(rows, limit, (r) => ({ key: r.joined_at, id: r.user_id }))
  const items: TeamMember[] = page.rows.map((r) => ({
    userId: r.user_id,
    name: maskName(deps.cipher.decrypt(r.name_enc)),
    volunteerNo: r.volunteer_no,
    role: r.role,
    joinedAtLocal: localMoment(r.joined_at, tz),
  }))
  return { items, nextCursor: page.nextCursor }
}

/** Staff appoint a member as leader, or make a leader a member again. Audited. */
export async function setRole(deps: Deps, auth: Auth, teamId: string, userId: string, role: 'leader' | 'member', requestId: string): Promise<Team> {
  await inTransaction(deps.db, async (trx) => {
    const team = await teamOrThrow(trx, teamId, true)
    await assertStaffOf(trx, auth, team.community_id)
    const member = await repo.findMembership(trx, teamId, userId)
    if (!member) throw new AppError('VOLUNTEER_NOT_TEAM_MEMBER')
    if (member.role === role) return
    await repo.updateRole(trx, teamId, userId, role)
    await writeAudit(trx, {
      actorUserId: auth.userId,
      communityId: team.community_id,
      action: role === 'leader' ? 'volunteer.team_leader_appointed' : 'volunteer.team_leader_removed',
      targetType: 'volunteer_team',
      targetId: teamId,
      detail: { userId },
      requestId,
    })
  })
  return teamView(deps, auth, teamId)
}
