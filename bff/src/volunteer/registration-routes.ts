import {
  MyVolunteerSchema,
  MyVolunteerViewSchema,
  PageQuerySchema,
  TeamInputSchema,
  TeamListQuerySchema,
  TeamListSchema,
  TeamMemberPageSchema,
  TeamRoleSchema,
  TeamSchema,
  VolunteerListItemSchema,
  VolunteerListQuerySchema,
  VolunteerPageSchema,
  VolunteerRegisterSchema,
  VolunteerStatusChangeSchema,
  VolunteerUpdateSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as registration from './registration'
import * as teams from './teams'

const CommunityParams = z.object({ communityId: z.uuid() })
const UserParams = z.object({ userId: z.uuid() })
const TeamParams = z.object({ teamId: z.uuid() })
const MemberParams = z.object({ teamId: z.uuid(), userId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const TAGS = ['volunteer'] as const

/** Routes of 志愿服务 — 实名注册、志愿服务队 (issue 12 item 1); app.ts mounts them. */
export function registrationRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/volunteer/registration',
          tags: [...TAGS],
          summary: '实名注册志愿者：姓名、身份证号码（单独同意收集）、手机号、技能、服务时间；未满18周岁须监护人同意。支持 Idempotency-Key',
          request: body(VolunteerRegisterSchema),
          responses: { 201: { description: 'registered', ...json(MyVolunteerSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await registration.register(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/me',
        tags: [...TAGS],
        summary: '我的志愿：志愿者编号、脱敏的身份证号和手机号、技能、服务时间、所在服务队、已确认服务时长（未注册时为空）',
        responses: { 200: { description: 'mine', ...json(MyVolunteerViewSchema) } },
      }),
      async (c) => c.json(await registration.myVolunteer(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'put',
        path: '/volunteer/me',
        tags: [...TAGS],
        summary: '修改我的手机号、技能和服务时间（姓名和身份证号码为实名信息，不能修改）',
        request: body(VolunteerUpdateSchema),
        responses: { 200: { description: 'mine', ...json(MyVolunteerSchema) } },
      }),
      async (c) => c.json(await registration.updateMine(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/communities/{communityId}/volunteers',
        tags: [...TAGS],
        summary: '本社区志愿者名单：姓名与身份证号脱敏、技能、注册日期、状态（记入审计）',
        request: { params: CommunityParams, query: VolunteerListQuerySchema },
        responses: { 200: { description: 'volunteers', ...json(VolunteerPageSchema) } },
      }),
      async (c) => c.json(await registration.listVolunteers(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('query'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/volunteers/{userId}/status',
        tags: [...TAGS],
        summary: '暂停或恢复志愿者身份（须填原因，记入审计；暂停期间不能报名志愿活动）',
        request: { params: UserParams, ...body(VolunteerStatusChangeSchema) },
        responses: { 200: { description: 'volunteer', ...json(VolunteerListItemSchema) } },
      }),
      async (c) => c.json(await registration.changeStatus(deps, requireAuth(c.get('auth')), c.req.valid('param').userId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/teams',
        tags: [...TAGS],
        summary: '志愿服务队列表（默认本社区）：简介、队员人数、队长（脱敏）、我是否已加入',
        request: { query: TeamListQuerySchema },
        responses: { 200: { description: 'teams', ...json(TeamListSchema) } },
      }),
      async (c) => c.json(await teams.listTeams(deps, requireAuth(c.get('auth')), c.req.valid('query').communityId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/communities/{communityId}/volunteer-teams',
          tags: [...TAGS],
          summary: '成立志愿服务队（名称在本社区内不重复，记入审计）。支持 Idempotency-Key',
          request: { params: CommunityParams, ...body(TeamInputSchema) },
          responses: { 201: { description: 'team', ...json(TeamSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await teams.createTeam(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/volunteer/teams/{teamId}/membership',
        tags: [...TAGS],
        summary: '加入志愿服务队（本社区的注册志愿者；再次加入不重复）',
        request: { params: TeamParams },
        responses: { 200: { description: 'team', ...json(TeamSchema) } },
      }),
      async (c) => c.json(await teams.join(deps, requireAuth(c.get('auth')), c.req.valid('param').teamId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'delete',
        path: '/volunteer/teams/{teamId}/membership',
        tags: [...TAGS],
        summary: '退出志愿服务队',
        request: { params: TeamParams },
        responses: { 200: { description: 'team', ...json(TeamSchema) } },
      }),
      async (c) => c.json(await teams.leave(deps, requireAuth(c.get('auth')), c.req.valid('param').teamId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/teams/{teamId}/members',
        tags: [...TAGS],
        summary: '服务队队员名单（姓名脱敏），本社区工作人员和队长可看',
        request: { params: TeamParams, query: PageQuerySchema },
        responses: { 200: { description: 'members', ...json(TeamMemberPageSchema) } },
      }),
      async (c) => c.json(await teams.listMembers(deps, requireAuth(c.get('auth')), c.req.valid('param').teamId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/volunteer-teams/{teamId}/members/{userId}/role',
        tags: [...TAGS],
        summary: '任命或撤销队长（记入审计）；队长可以发布本队的志愿活动',
        request: { params: MemberParams, ...body(TeamRoleSchema) },
        responses: { 200: { description: 'team', ...json(TeamSchema) } },
      }),
      async (c) => {
        const { teamId, userId } = c.req.valid('param')
        return c.json(await teams.setRole(deps, requireAuth(c.get('auth')), teamId, userId, c.req.valid('json').role, c.get('requestId')), 200)
      },
    )
}
