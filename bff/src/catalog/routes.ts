import {
  CategoryListSchema,
  ServiceDetailSchema,
  ServiceListQuerySchema,
  ServicePageSchema,
  ServiceStatusChangeSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { CommunityParamsSchema } from '../region/routes'
import * as catalog from './service'

const ServiceParamsSchema = z.object({ serviceId: z.uuid() })

export function catalogRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/categories',
        tags: ['catalog'],
        summary: '服务类别',
        responses: { 200: { description: 'categories', ...json(CategoryListSchema) } },
      }),
      async (c) => c.json(await catalog.listCategories(deps), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}/services',
        tags: ['catalog'],
        summary: '社区服务清单（类别、关键词、我可以用的）',
        request: { params: CommunityParamsSchema, query: ServiceListQuerySchema },
        responses: { 200: { description: 'services', ...json(ServicePageSchema) }, 404: { description: 'not found' } },
      }),
      async (c) =>
        c.json(
          await catalog.listServices(deps, c.get('auth'), c.req.valid('param').communityId, c.req.valid('query')),
          200,
        ),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/services/{serviceId}',
        tags: ['catalog'],
        summary: '服务详情',
        request: { params: ServiceParamsSchema },
        responses: { 200: { description: 'service', ...json(ServiceDetailSchema) }, 404: { description: 'not found' } },
      }),
      async (c) => c.json(await catalog.getService(deps, c.req.valid('param').serviceId), 200),
    )
    .openapi(
      defineRoute(['staff', 'street_admin'], {
        method: 'put',
        path: '/services/{serviceId}/status',
        tags: ['catalog'],
        summary: '暂停或恢复服务（社区工作者）',
        request: { params: ServiceParamsSchema, ...body(ServiceStatusChangeSchema) },
        responses: { 200: { description: 'service', ...json(ServiceDetailSchema) }, 404: { description: 'not found' } },
      }),
      async (c) =>
        c.json(
          await catalog.changeServiceStatus(
            deps,
            requireAuth(c.get('auth')),
            c.req.valid('param').serviceId,
            c.req.valid('json'),
            c.get('requestId'),
          ),
          200,
        ),
    )
}
