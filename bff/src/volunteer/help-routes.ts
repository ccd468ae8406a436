import {
  CreditsSummarySchema,
  DonateCreditsSchema,
  GiveCreditsSchema,
  HelpApproveSchema,
  HelpDeclineSchema,
  HelpListQuerySchema,
  HelpRequestInputSchema,
  HelpRequestPageSchema,
  HelpRequestSchema,
  LedgerPageSchema,
  LedgerQuerySchema,
  PoolQuerySchema,
  PoolSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as help from './help'
import * as bank from './time-bank'

const RequestParams = z.object({ requestId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const TAGS = ['volunteer'] as const

/**
 * Routes of 志愿服务 — 求助与时间银行 (issue 12 item 6); app.ts mounts them. Time credits are never
 * exchanged for money: there is no route that pays them out, and none will be added.
 */
export function helpRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/volunteer/help-requests',
          tags: [...TAGS],
          summary: '我要求助：为自己或“我的家人”中的老人发布需求（陪同就医、代买、上门探访、助浴等），待社区审核。支持 Idempotency-Key',
          request: body(HelpRequestInputSchema),
          responses: { 201: { description: 'posted', ...json(HelpRequestSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await help.postRequest(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/help-requests',
        tags: [...TAGS],
        summary: '求助列表：我的求助、可接单的求助（志愿者）、我接的单、待审核（工作人员），按游标分页',
        request: { query: HelpListQuerySchema },
        responses: { 200: { description: 'requests', ...json(HelpRequestPageSchema) } },
      }),
      async (c) => c.json(await help.listRequests(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/help-requests/{requestId}',
        tags: [...TAGS],
        summary: '求助详情：状态、接单志愿者（姓名脱敏）、服务时求助人看到的签到码',
        request: { params: RequestParams },
        responses: { 200: { description: 'request', ...json(HelpRequestSchema) } },
      }),
      async (c) => c.json(await help.getRequest(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/volunteer/help-requests/{requestId}/approve',
        tags: [...TAGS],
        summary: '审核通过：成为一个班次、一个名额的志愿活动；需用时间币支付的预扣（重点空巢老人可由社区公益池支付）',
        request: { params: RequestParams, ...body(HelpApproveSchema) },
        responses: { 200: { description: 'approved', ...json(HelpRequestSchema) } },
      }),
      async (c) => c.json(await help.approveRequest(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/volunteer/help-requests/{requestId}/decline',
        tags: [...TAGS],
        summary: '审核不通过（须填原因，通知求助人）',
        request: { params: RequestParams, ...body(HelpDeclineSchema) },
        responses: { 200: { description: 'declined', ...json(HelpRequestSchema) } },
      }),
      async (c) => c.json(await help.declineRequest(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId, c.req.valid('json').reason, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['volunteer'],
        {
          method: 'post',
          path: '/volunteer/help-requests/{requestId}/take',
          tags: [...TAGS],
          summary: '志愿者接单（本社区已审核通过的求助，一单一人）。支持 Idempotency-Key',
          request: { params: RequestParams },
          responses: { 200: { description: 'taken', ...json(HelpRequestSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await help.takeRequest(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['volunteer'], {
        method: 'delete',
        path: '/volunteer/help-requests/{requestId}/take',
        tags: [...TAGS],
        summary: '退回接单（服务开始前；求助重新开放给其他志愿者）',
        request: { params: RequestParams },
        responses: { 200: { description: 'given back', ...json(HelpRequestSchema) } },
      }),
      async (c) => c.json(await help.giveBack(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/volunteer/help-requests/{requestId}/withdraw',
        tags: [...TAGS],
        summary: '撤回求助（服务开始前；已通过的求助活动一并取消、预扣的时间币退回，已接单的志愿者会收到通知）',
        request: { params: RequestParams },
        responses: { 200: { description: 'withdrawn', ...json(HelpRequestSchema) } },
      }),
      async (c) => c.json(await help.withdrawRequest(deps, requireAuth(c.get('auth')), c.req.valid('param').requestId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/credits',
        tags: [...TAGS],
        summary: '我的时间币：余额、1500 上限、可赠予的家人、社区公益池',
        responses: { 200: { description: 'credits', ...json(CreditsSummarySchema) } },
      }),
      async (c) => c.json(await bank.creditsSummary(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/volunteer/credits/ledger',
        tags: [...TAGS],
        summary: '时间币明细（按游标分页，最新在前）',
        request: { query: LedgerQuerySchema },
        responses: { 200: { description: 'ledger', ...json(LedgerPageSchema) } },
      }),
      async (c) => c.json(await bank.ledger(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/volunteer/credits/gifts',
          tags: [...TAGS],
          summary: '赠予时间币给“我的家人”中 60 周岁及以上、已在本社区登记的家人。支持 Idempotency-Key',
          request: body(GiveCreditsSchema),
          responses: { 200: { description: 'given', ...json(CreditsSummarySchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await bank.giveCredits(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/volunteer/credits/donations',
          tags: [...TAGS],
          summary: '捐入社区公益池（用于重点空巢老人的求助）。支持 Idempotency-Key',
          request: body(DonateCreditsSchema),
          responses: { 200: { description: 'donated', ...json(CreditsSummarySchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await bank.donateCredits(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/volunteer/credits/pool',
        tags: [...TAGS],
        summary: '社区公益池余额',
        request: { query: PoolQuerySchema },
        responses: { 200: { description: 'pool', ...json(PoolSchema) } },
      }),
      async (c) => c.json(await bank.poolBalance(deps, requireAuth(c.get('auth')), c.req.valid('query').communityId), 200),
    )
}
