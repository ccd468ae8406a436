import { CommunityDetailSchema, CommunityListQuerySchema, CommunityListSchema } from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { defineRoute, json, newRouter } from '../http/route'
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
}
