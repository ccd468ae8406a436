import {
  EvidenceInputSchema,
  ServiceChangeInputSchema,
  ServiceChangeListSchema,
  ServiceChangeSchema,
  ServiceVersionPageSchema,
  ServiceVersionQuerySchema,
  TopicDetailSchema,
  TopicDraftEditSchema,
  TopicEvidenceSchema,
} from '@linli/shared'
import { z } from 'zod'
import { editDraft, raiseDraft, topicEvidence } from '../consultation/evidence'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as changes from './service-changes'

const TopicParams = z.object({ topicId: z.uuid() })
const ChangeParams = z.object({ changeId: z.uuid() })
const ServiceParams = z.object({ serviceId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const

/**
 * Issue 11 item 7 both ways (decision 025): the service changes a 协商结果 carries, versioned; and
 * 差评 evidence raised as a draft topic. app.ts mounts them.
 */
export function serviceChangeRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/service-changes',
        tags: ['consultation'],
        summary: '议题的协商结果带来的服务调整（工作人员另见可调整的服务）',
        request: { params: TopicParams },
        responses: { 200: { description: 'changes', ...json(ServiceChangeListSchema) } },
      }),
      async (c) => c.json(await changes.listTopicChanges(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/service-changes',
          tags: ['consultation'],
          summary: '提出服务调整（已形成结果的议题，本社区工作人员）：开放时间、名额、收费方式或新增服务。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(ServiceChangeInputSchema) },
          responses: { 201: { description: 'change', ...json(ServiceChangeSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await changes.proposeChange(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/service-changes/{changeId}/apply',
        tags: ['consultation'],
        summary: '实施服务调整：服务记下新版本（调整前后、议题、经办人），只能实施一次',
        request: { params: ChangeParams },
        responses: { 200: { description: 'change', ...json(ServiceChangeSchema) } },
      }),
      async (c) => c.json(await changes.applyChange(deps, requireAuth(c.get('auth')), c.req.valid('param').changeId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/services/{serviceId}/versions',
        tags: ['catalog'],
        summary: '服务的调整记录（因居民协商调整的各版本，最新在前）',
        request: { params: ServiceParams, query: ServiceVersionQuerySchema },
        responses: { 200: { description: 'versions', ...json(ServiceVersionPageSchema) } },
      }),
      async (c) => c.json(await changes.serviceHistory(deps, c.req.valid('param').serviceId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/consultation/evidence-drafts',
          tags: ['consultation'],
          summary: '差评转为协商议题草稿：超期的整改工单，或当月差评率超过 20% 的服务（每件只能转一次）。支持 Idempotency-Key',
          request: body(EvidenceInputSchema),
          responses: { 201: { description: 'draft topic', ...json(TopicDetailSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await raiseDraft(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/topics/{topicId}/evidence',
        tags: ['consultation'],
        summary: '议题所依据的差评证据（工作人员）',
        request: { params: TopicParams },
        responses: { 200: { description: 'evidence', ...json(z.object({ evidence: TopicEvidenceSchema.nullable() })) } },
      }),
      async (c) => c.json({ evidence: await topicEvidence(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId) }, 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/topics/{topicId}/draft',
        tags: ['consultation'],
        summary: '修改议题草稿的标题和内容（发布前）',
        request: { params: TopicParams, ...body(TopicDraftEditSchema) },
        responses: { 200: { description: 'topic', ...json(TopicDetailSchema) } },
      }),
      async (c) => c.json(await editDraft(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 200),
    )
}
