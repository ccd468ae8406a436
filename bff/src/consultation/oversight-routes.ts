import {
  EscalationAnswerSchema,
  EscalationInputSchema,
  EscalationPageSchema,
  EscalationSchema,
  ModerationPageSchema,
  ModerationQuerySchema,
  OversightQuerySchema,
  OversightSchema,
  StreetEscalationQuerySchema,
  TopicEscalationsSchema,
  VoteOverviewPageSchema,
  VoteOverviewQuerySchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as escalation from './escalation'
import * as oversight from './oversight'

const TopicParams = z.object({ topicId: z.uuid() })
const EscalationParams = z.object({ escalationId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const STREET_ADMIN = ['street_admin'] as const
const csv = { content: { 'text/csv': { schema: z.string() } } }
/** A download's headers: the filename is ASCII, so every browser and WeChat's file viewer keep it. */
const download = (filename: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` })

/** Routes of 上报街道与工作人员、街道的议题看板和统计 (issue 11 items 8, 9); app.ts mounts them beside consultationRoutes. */
export function oversightRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/escalations',
        tags: ['consultation'],
        summary: '议题上报街道的情况与街道答复（公开）',
        request: { params: TopicParams },
        responses: { 200: { description: 'escalations', ...json(TopicEscalationsSchema) } },
      }),
      async (c) => c.json(await escalation.topicEscalations(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/consultation/topics/{topicId}/escalations',
          tags: ['consultation'],
          summary: '上报街道：超出社区权限的议题，写明原因与答复期限（已立项至落实中）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(EscalationInputSchema) },
          responses: { 201: { description: 'escalation', ...json(EscalationSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await escalation.escalateTopic(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STREET_ADMIN, {
        method: 'get',
        path: '/street/consultation/escalations',
        tags: ['consultation'],
        summary: '街道待答复（按期限，逾期在前）或已答复的上报议题',
        request: { query: StreetEscalationQuerySchema },
        responses: { 200: { description: 'escalations', ...json(EscalationPageSchema) } },
      }),
      async (c) => c.json(await escalation.streetEscalations(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        STREET_ADMIN,
        {
          method: 'post',
          path: '/street/consultation/escalations/{escalationId}/answer',
          tags: ['consultation'],
          summary: '街道答复上报的议题：答复公布在议题页并通知提议人和附议居民。支持 Idempotency-Key',
          request: { params: EscalationParams, ...body(EscalationAnswerSchema) },
          responses: { 200: { description: 'escalation', ...json(EscalationSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await escalation.answerEscalation(deps, requireAuth(c.get('auth')), c.req.valid('param').escalationId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/oversight',
        tags: ['consultation'],
        summary: '议事看板：各社区议题按状态计数与本月统计（提出、立项、落实、平均办理天数、参与率）',
        request: { query: OversightQuerySchema },
        responses: { 200: { description: 'oversight', ...json(OversightSchema) } },
      }),
      async (c) => c.json(await oversight.oversight(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/oversight/stats.csv',
        tags: ['consultation'],
        summary: '导出本月各社区协商统计（CSV）',
        request: { query: OversightQuerySchema },
        responses: { 200: { description: 'CSV', ...csv } },
      }),
      async (c) => {
        const { month, csv: text } = await oversight.statsCsv(deps, requireAuth(c.get('auth')), c.req.valid('query'))
        return c.body(text, 200, download(`consultation-stats-${month}.csv`))
      },
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/oversight/pipeline.csv',
        tags: ['consultation'],
        summary: '导出各社区议题及其状态（CSV）',
        request: { query: OversightQuerySchema },
        responses: { 200: { description: 'CSV', ...csv } },
      }),
      async (c) => c.body(await oversight.pipelineCsv(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200, download('consultation-pipeline.csv')),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/moderation',
        tags: ['consultation'],
        summary: '意见审核队列：三人举报待审核与已隐藏的意见（最新在前）',
        request: { query: ModerationQuerySchema },
        responses: { 200: { description: 'opinions', ...json(ModerationPageSchema) } },
      }),
      async (c) => c.json(await oversight.moderationQueue(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/votes',
        tags: ['consultation'],
        summary: '社区的表决：进行中与已结束，参与人数（不含谁投了什么）',
        request: { query: VoteOverviewQuerySchema },
        responses: { 200: { description: 'votes', ...json(VoteOverviewPageSchema) } },
      }),
      async (c) => c.json(await oversight.voteOverview(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
}
