import {
  ActivityCancelSchema,
  ActivityInputSchema,
  ActivityListQuerySchema,
  ActivityPageSchema,
  ActivitySchema,
  MySignupPageSchema,
  MySignupsQuerySchema,
  ScheduleChangeSchema,
  SignupInputSchema,
  SignupResultSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as activities from './activities'
import * as signups from './signups'

const ActivityParams = z.object({ activityId: z.uuid() })
const ShiftParams = z.object({ shiftId: z.uuid() })
const TAGS = ['volunteer'] as const
/** Staff, the street admin, or a team leader (a volunteer): the service checks which activity she organises. */
const ORGANISERS = ['staff', 'street_admin', 'volunteer'] as const

/** Routes of 志愿服务 — 活动与班次、报名与候补 (issue 12 item 2); app.ts mounts them. */
export function activityRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/volunteer/activities',
        tags: [...TAGS],
        summary: '志愿活动：社区（默认本人所在社区）已发布、尚未开始的活动（可按类别筛选，分页）',
        request: { query: ActivityListQuerySchema },
        responses: { 200: { description: 'activities', ...json(ActivityPageSchema) } },
      }),
      async (c) => c.json(await activities.listActivities(deps, c.get('auth'), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/volunteer/activities/{activityId}',
        tags: [...TAGS],
        summary: '志愿活动详情：内容、条件、风险与保险、各班次名额与候补、我的报名',
        request: { params: ActivityParams },
        responses: { 200: { description: 'activity', ...json(ActivitySchema) } },
      }),
      async (c) => c.json(await activities.getActivity(deps, c.get('auth'), c.req.valid('param').activityId), 200),
    )
    .openapi(
      defineRoute(
        ORGANISERS,
        {
          method: 'post',
          path: '/volunteer/activities',
          tags: [...TAGS],
          summary: '发布志愿活动或保存草稿（本社区工作人员或志愿服务队队长）：GB/T 40143 要求公布的信息与班次。支持 Idempotency-Key',
          request: body(ActivityInputSchema),
          responses: { 201: { description: 'activity', ...json(ActivitySchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await activities.createActivity(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(ORGANISERS, {
        method: 'post',
        path: '/volunteer/activities/{activityId}/publish',
        tags: [...TAGS],
        summary: '发布草稿（有风险的活动须已安排保险）',
        request: { params: ActivityParams },
        responses: { 200: { description: 'activity', ...json(ActivitySchema) } },
      }),
      async (c) => c.json(await activities.publishActivity(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(ORGANISERS, {
        method: 'put',
        path: '/volunteer/activities/{activityId}/schedule',
        tags: [...TAGS],
        summary: '修改活动地点或班次时间（班次开始前），通知已报名和候补的志愿者',
        request: { params: ActivityParams, ...body(ScheduleChangeSchema) },
        responses: { 200: { description: 'activity', ...json(ActivitySchema) } },
      }),
      async (c) => c.json(await activities.changeSchedule(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(ORGANISERS, {
        method: 'post',
        path: '/volunteer/activities/{activityId}/cancel',
        tags: [...TAGS],
        summary: '取消活动（须填原因）：所有报名取消、名额清空，通知已报名和候补的志愿者',
        request: { params: ActivityParams, ...body(ActivityCancelSchema) },
        responses: { 200: { description: 'activity', ...json(ActivitySchema) } },
      }),
      async (c) => c.json(await activities.cancelActivity(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['volunteer'],
        {
          method: 'post',
          path: '/volunteer/shifts/{shiftId}/signup',
          tags: [...TAGS],
          summary: '报名班次（已注册志愿者，符合年龄、技能、培训等条件；满员进入候补）。支持 Idempotency-Key',
          request: { params: ShiftParams, ...body(SignupInputSchema) },
          responses: { 201: { description: 'signed up or waitlisted', ...json(SignupResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await signups.signUp(deps, requireAuth(c.get('auth')), c.req.valid('param').shiftId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['volunteer'], {
        method: 'delete',
        path: '/volunteer/shifts/{shiftId}/signup',
        tags: [...TAGS],
        summary: '取消报名（报名截止前；空出的名额给第一位候补）',
        request: { params: ShiftParams },
        responses: { 200: { description: 'activity', ...json(ActivitySchema) } },
      }),
      async (c) => c.json(await signups.cancelSignup(deps, requireAuth(c.get('auth')), c.req.valid('param').shiftId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/signups/mine',
        tags: [...TAGS],
        summary: '我的报名：即将开始或已过去的班次（分页）',
        request: { query: MySignupsQuerySchema },
        responses: { 200: { description: 'my sign-ups', ...json(MySignupPageSchema) } },
      }),
      async (c) => c.json(await signups.mySignups(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
}
