import {
  FollowResultSchema,
  ImplementationStartSchema,
  ImplementationUpdateSchema,
  ObjectionAnswerSchema,
  ObjectionInputSchema,
  ObjectionListQuerySchema,
  ObjectionPageSchema,
  ObjectionSchema,
  OutcomePublishSchema,
  OutcomeRatingInputSchema,
  OutcomeViewSchema,
  OverdueListQuerySchema,
  OverduePageSchema,
  PublicityNoticeSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as outcomes from './outcomes'

const TopicParams = z.object({ topicId: z.uuid() })
const ObjectionParams = z.object({ objectionId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const

/** Routes of 协商结果、公示、异议、落实与评议 (issue 11); app.ts mounts them beside consultationRoutes. */
export function outcomeRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/outcome',
        tags: ['consultation'],
        summary: '协商结果、公示期（工作日）、落实进展与评议人数',
        request: { params: TopicParams },
        responses: { 200: { description: 'outcome', ...json(OutcomeViewSchema) } },
      }),
      async (c) => c.json(await outcomes.getOutcome(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/outcome',
          tags: ['consultation'],
          summary: '公布协商结果（协商中或已形成结果，本社区工作人员）：采纳或不采纳及原因，公示期按工作日计。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(OutcomePublishSchema) },
          responses: { 201: { description: 'outcome', ...json(OutcomeViewSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await outcomes.publishOutcome(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'put',
        path: '/consultation/topics/{topicId}/follow',
        tags: ['consultation'],
        summary: '关注议题（本社区居民），收到结果与落实进展通知',
        request: { params: TopicParams },
        responses: { 200: { description: 'following', ...json(FollowResultSchema) } },
      }),
      async (c) => c.json(await outcomes.setFollowing(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, true), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'delete',
        path: '/consultation/topics/{topicId}/follow',
        tags: ['consultation'],
        summary: '取消关注议题',
        request: { params: TopicParams },
        responses: { 200: { description: 'following', ...json(FollowResultSchema) } },
      }),
      async (c) => c.json(await outcomes.setFollowing(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, false), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/objections',
        tags: ['consultation'],
        summary: '协商结果的异议与答复（最早在前，姓名打码）',
        request: { params: TopicParams, query: ObjectionListQuerySchema },
        responses: { 200: { description: 'objections', ...json(ObjectionPageSchema) } },
      }),
      async (c) => c.json(await outcomes.listObjections(deps, c.get('auth'), c.req.valid('param').topicId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/objections',
          tags: ['consultation'],
          summary: '对协商结果提出异议（公示期内，本社区居民每人一次）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(ObjectionInputSchema) },
          responses: { 201: { description: 'objection', ...json(ObjectionSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await outcomes.raiseObjection(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/consultation/objections/{objectionId}/answer',
        tags: ['consultation'],
        summary: '答复异议（公开显示，通知提出人）',
        request: { params: ObjectionParams, ...body(ObjectionAnswerSchema) },
        responses: { 200: { description: 'objection', ...json(ObjectionSchema) } },
      }),
      async (c) => c.json(await outcomes.answerObjection(deps, requireAuth(c.get('auth')), c.req.valid('param').objectionId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/consultation/topics/{topicId}/implementation',
        tags: ['consultation'],
        summary: '开始落实（公示期结束且异议均已答复）：责任单位、完成期限与里程碑',
        request: { params: TopicParams, ...body(ImplementationStartSchema) },
        responses: { 200: { description: 'outcome', ...json(OutcomeViewSchema) } },
      }),
      async (c) => c.json(await outcomes.startImplementation(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/implementation/updates',
          tags: ['consultation'],
          summary: '落实进展：情况、进度、里程碑、责任单位与期限（进度回退须说明原因）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(ImplementationUpdateSchema) },
          responses: { 201: { description: 'outcome', ...json(OutcomeViewSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await outcomes.updateImplementation(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/consultation/topics/{topicId}/implementation/done',
        tags: ['consultation'],
        summary: '确认已落实（进度 100% 且里程碑全部完成），邀请参与的居民评议',
        request: { params: TopicParams },
        responses: { 200: { description: 'outcome', ...json(OutcomeViewSchema) } },
      }),
      async (c) => c.json(await outcomes.completeImplementation(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/ratings',
          tags: ['consultation'],
          summary: '评议落实情况（已落实，参与过该议题的居民每人一次，好差评五级）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(OutcomeRatingInputSchema) },
          responses: { 201: { description: 'outcome', ...json(OutcomeViewSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await outcomes.rateOutcome(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/publicity-notice',
        tags: ['consultation'],
        summary: '可打印的公示（A4）：协商结果、公示期、异议方式与返回议题的二维码',
        request: { params: TopicParams },
        responses: { 200: { description: 'notice', ...json(PublicityNoticeSchema) } },
      }),
      // The QR code points where this request came: the BFF serves the H5 app on the same origin.
      async (c) => c.json(await outcomes.publicityNotice(deps, c.req.valid('param').topicId, new URL(c.req.url).origin), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/overdue-implementations',
        tags: ['consultation'],
        summary: '逾期未落实的协商结果（街道管理员看本街道各社区，工作人员看本社区），最早到期在前',
        request: { query: OverdueListQuerySchema },
        responses: { 200: { description: 'overdue', ...json(OverduePageSchema) } },
      }),
      async (c) => c.json(await outcomes.listOverdue(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
}
