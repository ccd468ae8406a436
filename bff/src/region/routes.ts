import { AuditPageSchema, AuditQuerySchema, CommunityDetailSchema, CommunityListQuerySchema, CommunityListSchema } from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { defineRoute, json, newRouter, requireAuth } from '../http/route'
import { streetAudit } from './audit'
import * as region from './service'

export const CommunityParamsSchema = z.object({ communityId: z.uuid() })

export function regionRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities',
        tags: ['catalog'],
        summary: '社区列表（按街道分组，可按名称搜索）',
        request: { query: CommunityListQuerySchema },
        responses: { 200: { description: 'communities', ...json(CommunityListSchema) } },
      }),
      async (c) => c.json(await region.listCommunities(deps.db, c.req.valid('query').q), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}',
        tags: ['catalog'],
        summary: '社区详情与服务设施',
        request: { params: CommunityParamsSchema },
        responses: { 200: { description: 'community', ...json(CommunityDetailSchema) }, 404: { description: 'not found' } },
      }),
      async (c) => c.json(await region.getCommunity(deps.db, c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(['street_admin'], {
        method: 'get',
        path: '/staff/audit',
        tags: ['audit'],
        summary: '审计日志（街道管理员：本街道各社区的操作记录，最新在前，分页，个人信息脱敏）',
        request: { query: AuditQuerySchema },
        responses: { 200: { description: 'audit entries', ...json(AuditPageSchema) } },
      }),
      async (c) => c.json(await streetAudit(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
}
