import { leadsTeam } from '../../bff/src/volunteer/repository'
import { createVolunteer } from '../support/volunteer'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { useTestContext } from '../support/context'

const ctx = useTestContext()
const FAR = new Date('2030-01-01')

let streetId: string

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

/** A community with a staff member and a team 桂花社区志愿服务队. */
async function community() {
  const communityId = (await createCommunity(ctx.db, { streetId })).id
  const staff = await createUser(ctx.db, { name: '张丽', grant: { role: 'staff', communityId } })
  const staffToken = await sessionFor(ctx.db, staff.id, FAR)
  const res = await ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-teams`, {
    method: 'POST',
    token: staffToken,
    json: { name: '桂花社区志愿服务队', description: '助老、助学、环境整治' },
    headers: { 'idempotency-key': `team-${communityId}` },
  })
  expect(res.status).toBe(201)
  const team = (await res.json()) as { id: string }
  return { communityId, staff, staffToken, teamId: team.id }
}

const join = (teamId: string, token: string) => ctx.request(`/api/v1/volunteer/teams/${teamId}/membership`, { method: 'POST', token })
const leave = (teamId: string, token: string) => ctx.request(`/api/v1/volunteer/teams/${teamId}/membership`, { method: 'DELETE', token })
const setRole = (teamId: string, userId: string, role: string, token: string) =>
  ctx.request(`/api/v1/staff/volunteer-teams/${teamId}/members/${userId}/role`, { method: 'PUT', token, json: { role } })

beforeAll(async () => {
  streetId = (await createStreet(ctx.db)).id
})

describe('志愿服务队', () => {
  it('staff create a team for their community (audited); the name is unique there; nobody else may', async () => {
    const { communityId, staff, staffToken, teamId } = await community()
    const audit = await ctx.db.selectFrom('audit_log').select(['actor_user_id', 'detail']).where('action', '=', 'volunteer.team_created').where('target_id', '=', teamId).execute()
    expect(audit).toEqual([{ actor_user_id: staff.id, detail: { name: '桂花社区志愿服务队' } }])
    const same = await ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-teams`, { method: 'POST', token: staffToken, json: { name: '桂花社区志愿服务队' } })
    expect(same.status).toBe(409)
    expect(await errorCode(same)).toBe('VOLUNTEER_TEAM_NAME_TAKEN')
    const blank = await ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-teams`, { method: 'POST', token: staffToken, json: { name: '  ' } })
    expect(blank.status).toBe(400)
    const elsewhere = await community()
    const foreign = await ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-teams`, { method: 'POST', token: elsewhere.staffToken, json: { name: '外来服务队' } })
    expect(foreign.status).toBe(403)
    const { token } = await createVolunteer(ctx.db, { communityId })
    expect((await ctx.request(`/api/v1/staff/communities/${communityId}/volunteer-teams`, { method: 'POST', token, json: { name: '自发服务队' } })).status).toBe(403)
    expect(await ctx.db.selectFrom('volunteer_team').select('name').where('community_id', '=', communityId).execute()).toEqual([{ name: '桂花社区志愿服务队' }])
  })

  it('a volunteer of the community joins (once, however often she taps) and leaves; the list counts members', async () => {
    const { communityId, teamId } = await community()
    const { user, token } = await createVolunteer(ctx.db, { communityId })
    const before = await (await ctx.request('/api/v1/volunteer/teams', { token })).json()
    expect(before.items).toEqual([expect.objectContaining({ id: teamId, memberCount: 0, mine: null, canJoin: true, canManage: false, leaders: [] })])
    const answers = await Promise.all([join(teamId, token), join(teamId, token), join(teamId, token)])
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    const after = await (await ctx.request('/api/v1/volunteer/teams', { token })).json()
    expect(after.items[0]).toMatchObject({ memberCount: 1, mine: 'member', canJoin: false })
    const me = await (await ctx.request('/api/v1/volunteer/me', { token })).json()
    expect(me.registration.teams).toEqual([{ id: teamId, name: '桂花社区志愿服务队', role: 'member' }])
    const left = await leave(teamId, token)
    expect(left.status).toBe(200)
    expect(await left.json()).toMatchObject({ memberCount: 0, mine: null, canJoin: true })
    expect(await ctx.db.selectFrom('volunteer_team_member').select('user_id').where('user_id', '=', user.id).execute()).toEqual([])
  })

  it('refuses a resident who is not a volunteer, one of another community and a suspended one', async () => {
    const { communityId, teamId } = await community()
    const plain = await createUser(ctx.db, { communityId })
    const notRegistered = await join(teamId, await sessionFor(ctx.db, plain.id, FAR))
    expect([notRegistered.status, await errorCode(notRegistered)]).toEqual([403, 'VOLUNTEER_NOT_REGISTERED'])
    const other = await community()
    const outsider = await createVolunteer(ctx.db, { communityId: other.communityId })
    const foreign = await join(teamId, outsider.token)
    expect([foreign.status, await errorCode(foreign)]).toEqual([403, 'VOLUNTEER_TEAM_OTHER_COMMUNITY'])
    const suspended = await createVolunteer(ctx.db, { communityId, status: 'suspended' })
    const barred = await join(teamId, suspended.token)
    expect([barred.status, await errorCode(barred)]).toEqual([403, 'VOLUNTEER_SUSPENDED'])
    const missing = await join('00000000-0000-4000-8000-000000000000', suspended.token)
    expect(missing.status).toBe(404)
    expect(await ctx.db.selectFrom('volunteer_team_member').select('user_id').where('team_id', '=', teamId).execute()).toEqual([])
  })

  it('staff appoint a member leader (she may then organise the team’s activities) and remove her, audited', async () => {
    const { communityId, staff, staffToken, teamId } = await community()
    const leader = await createVolunteer(ctx.db, { communityId, name: '陈志远' })
    const member = await createVolunteer(ctx.db, { communityId, name: '刘芳' })
    const notMember = await setRole(teamId, leader.user.id, 'leader', staffToken)
    expect([notMember.status, await errorCode(notMember)]).toEqual([409, 'VOLUNTEER_NOT_TEAM_MEMBER'])
    await join(teamId, leader.token)
    await join(teamId, member.token)
    expect((await setRole(teamId, leader.user.id, 'leader', member.token)).status).toBe(403)
    const appointed = await setRole(teamId, leader.user.id, 'leader', staffToken)
    expect(appointed.status).toBe(200)
    expect(await appointed.json()).toMatchObject({ memberCount: 2, leaders: ['陈*远'], canManage: true })
    expect(await leadsTeam(ctx.db, leader.user.id, teamId)).toBe(true)

    // Staff and the leader see the members, masked; a plain member does not.
    const members = await ctx.request(`/api/v1/volunteer/teams/${teamId}/members?limit=1`, { token: leader.token })
    expect(members.status).toBe(200)
    const page = await members.json()
    expect(page.items).toEqual([expect.objectContaining({ userId: leader.user.id, name: '陈*远', role: 'leader' })])
    const rest = await (await ctx.request(`/api/v1/volunteer/teams/${teamId}/members?cursor=${page.nextCursor}`, { token: staffToken })).json()
    expect(rest).toMatchObject({ items: [{ name: '刘*', role: 'member' }], nextCursor: null })
    const refused = await ctx.request(`/api/v1/volunteer/teams/${teamId}/members`, { token: member.token })
    expect([refused.status, await errorCode(refused)]).toEqual([403, 'VOLUNTEER_NOT_ORGANISER'])

    expect((await setRole(teamId, leader.user.id, 'member', staffToken)).status).toBe(200)
    expect(await leadsTeam(ctx.db, leader.user.id, teamId)).toBe(false)
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'detail']).where('target_id', '=', teamId).where('action', 'like', 'volunteer.team_leader%').orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'volunteer.team_leader_appointed', actor_user_id: staff.id, detail: { userId: leader.user.id } },
      { action: 'volunteer.team_leader_removed', actor_user_id: staff.id, detail: { userId: leader.user.id } },
    ])
  })
})
