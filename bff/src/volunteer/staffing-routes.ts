import {
  EvaluationSchema,
  SlotHelpersBoardSchema,
  SlotHelpersCancelSchema,
  SlotHelpersInputSchema,
  SlotHelpersQuerySchema,
  SlotHelpersRequestSchema,
  SlotServiceListSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import { myEvaluation, volunteerEvaluation } from './evaluation'
import * as staffing from './staffing'

const CommunityParams = z.object({ communityId: z.uuid() })
const ServiceParams = z.object({ serviceId: z.uuid() })
const ActivityParams = z.object({ activityId: z.uuid() })
const UserParams = z.object({ userId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const TAGS = ['volunteer'] as const

/** Routes of 志愿服务 — 志愿者服务社区服务时段 (issue 12 item 7) and 评价情况 (item 5 ★); app.ts mounts them. */
export function staffingRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/communities/{communityId}/slot-services',
        tags: [...TAGS],
        summary: '可招募志愿者的社区服务（开通线上预约、在运营中的服务）',
        request: { params: CommunityParams },
        responses: { 200: { description: 'services', ...json(SlotServiceListSchema) } },
      }),
      async (c) => c.json(await staffing.slotServices(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/services/{serviceId}/slot-helpers',
        tags: [...TAGS],
        summary: '服务的近期时段与志愿者招募：名额、已报名、报名志愿者（姓名脱敏）',
        request: { params: ServiceParams, query: SlotHelpersQuerySchema },
        responses: { 200: { description: 'slots with helper requests', ...json(SlotHelpersBoardSchema) } },
      }),
      async (c) => c.json(await staffing.slotBoard(deps, requireAuth(c.get('auth')), c.req.valid('param').serviceId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/volunteer/slot-helpers',
          tags: [...TAGS],
          summary: '为服务时段招募志愿者（一个时段一次）：名额、岗位、技能要求，立即发布并通知有该技能的志愿者。支持 Idempotency-Key',
          request: body(SlotHelpersInputSchema),
          responses: { 201: { description: 'helper request', ...json(SlotHelpersRequestSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await staffing.requestHelpers(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/volunteer/slot-helpers/{activityId}/cancel',
        tags: [...TAGS],
        summary: '取消服务时段的志愿者招募（须填原因）：报名一并取消并通知志愿者',
        request: { params: ActivityParams, ...body(SlotHelpersCancelSchema) },
        responses: { 200: { description: 'cancelled', ...json(z.object({ signupsCancelled: z.number().int() })) } },
      }),
      async (c) =>
        c.json(await staffing.cancelHelpers(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId, c.req.valid('json').reason, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['volunteer'], {
        method: 'get',
        path: '/volunteer/me/evaluation',
        tags: [...TAGS],
        summary: '我的评价情况：我服务过的社区服务时段收到的好评、中评、差评数（不显示评价人）',
        responses: { 200: { description: 'evaluation', ...json(EvaluationSchema) } },
      }),
      async (c) => c.json(await myEvaluation(deps.db, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/volunteers/{userId}/evaluation',
        tags: [...TAGS],
        summary: '志愿者的评价情况（本社区工作人员查看）',
        request: { params: UserParams },
        responses: { 200: { description: 'evaluation', ...json(EvaluationSchema) } },
      }),
      async (c) => c.json(await volunteerEvaluation(deps.db, requireAuth(c.get('auth')), c.req.valid('param').userId), 200),
    )
}
