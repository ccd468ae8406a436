import { HealthSchema } from '@linli/shared'
import { sql } from 'kysely'
import type { Deps } from '../deps'
import { defineRoute, json, newRouter } from '../http/route'

export function platformRoutes(deps: Deps) {
  return newRouter().openapi(
    defineRoute('public', {
      method: 'get',
      path: '/health',
      tags: ['platform'],
      summary: '健康检查（含数据库）',
      responses: {
        200: { description: 'healthy', ...json(HealthSchema) },
        503: { description: 'SERVICE_UNAVAILABLE: the database cannot be reached' },
      },
    }),
    async (c) => {
      // A failing query surfaces as 503 SERVICE_UNAVAILABLE through the error handler.
      await sql`select 1`.execute(deps.db)
      return c.json({ status: 'ok' as const, database: 'ok' as const, time: deps.now().toISOString() }, 200)
    },
  )
}
