import { AssistInputSchema, AssistLogPageSchema, AssistLogQuerySchema, AssistLookupResultSchema, AssistLookupSchema, AssistOptionsSchema, AssistResultSchema } from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as assist from './assist'

const TopicParams = z.object({ topicId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const

/** Routes of 代办 (issue 11 item 5); app.ts mounts them beside consultationRoutes. */
export function assistRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/consultation/topics/{topicId}/assist-options',
        tags: ['consultation'],
        summary: '代办：我能否替他人办理本议题当前的事项（工作人员、网格员，或替“我的家人”）',
        request: { params: TopicParams },
        responses: { 200: { description: 'options', ...json(AssistOptionsSchema) } },
      }),
      async (c) => c.json(await assist.assistOptions(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/consultation/topics/{topicId}/assist/lookup',
        tags: ['consultation'],
        summary: '代办：按姓名和出生日期（同名时加手机尾号）查找本社区居民，或选择家人',
        request: { params: TopicParams, ...body(AssistLookupSchema) },
        responses: { 200: { description: 'resident', ...json(AssistLookupResultSchema) } },
      }),
      async (c) => c.json(await assist.lookupResident(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/assisted-acts',
          tags: ['consultation'],
          summary: '代办：替在场居民附议、发表意见或投票，须填原因，记为代办并留痕。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(AssistInputSchema) },
          responses: { 201: { description: 'assisted act', ...json(AssistResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await assist.assistAct(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/assisted-acts',
        tags: ['consultation'],
        summary: '代办日清单（居务监督委员会）：某社区某一天的全部代办，最新在前',
        request: { query: AssistLogQuerySchema },
        responses: { 200: { description: 'assisted acts', ...json(AssistLogPageSchema) } },
      }),
      async (c) => c.json(await assist.listAssistLog(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
}
