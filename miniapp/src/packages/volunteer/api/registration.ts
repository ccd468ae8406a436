import {
  MyVolunteerSchema,
  MyVolunteerViewSchema,
  type TeamInputSchema,
  TeamListSchema,
  TeamMemberPageSchema,
  TeamSchema,
  VolunteerListItemSchema,
  VolunteerPageSchema,
  type VolunteerRegisterSchema,
  type VolunteerStatusChangeSchema,
  type VolunteerUpdateSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 实名注册、我的志愿、志愿服务队 (issue 12 item 1): the BFF's registration and team routes. */
export const registrationApi = {
  mine: () => call(MyVolunteerViewSchema, 'GET', '/volunteer/me'),
  register: (input: Input<typeof VolunteerRegisterSchema>, idempotencyKey: string) => call(MyVolunteerSchema, 'POST', '/volunteer/registration', { body: input, idempotencyKey }),
  update: (input: Input<typeof VolunteerUpdateSchema>) => call(MyVolunteerSchema, 'PUT', '/volunteer/me', { body: input }),
  volunteers: (communityId: string, cursor?: string) => call(VolunteerPageSchema, 'GET', `/staff/communities/${communityId}/volunteers`, { query: { cursor } }),
  setStatus: (userId: string, input: Input<typeof VolunteerStatusChangeSchema>) => call(VolunteerListItemSchema, 'PUT', `/staff/volunteers/${userId}/status`, { body: input }),
  teams: (communityId?: string) => call(TeamListSchema, 'GET', '/volunteer/teams', { query: { communityId } }),
  createTeam: (communityId: string, input: Input<typeof TeamInputSchema>, idempotencyKey: string) =>
    call(TeamSchema, 'POST', `/staff/communities/${communityId}/volunteer-teams`, { body: input, idempotencyKey }),
  join: (teamId: string) => call(TeamSchema, 'POST', `/volunteer/teams/${teamId}/membership`),
  leave: (teamId: string) => call(TeamSchema, 'DELETE', `/volunteer/teams/${teamId}/membership`),
  members: (teamId: string, cursor?: string) => call(TeamMemberPageSchema, 'GET', `/volunteer/teams/${teamId}/members`, { query: { cursor } }),
  setRole: (teamId: string, userId: string, role: 'leader' | 'member') => call(TeamSchema, 'PUT', `/staff/volunteer-teams/${teamId}/members/${userId}/role`, { body: { role } }),
}
