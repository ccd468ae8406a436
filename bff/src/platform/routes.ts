import { HealthDownSchema, HealthSchema } from '@linli/shared'
import type { Deps } from '../deps'
import { AppError } from '../http/errors'
import { defineRoute, json, newRouter } from '../http/route'
import { outboxBacklog } from '../notify/delivery'

/**
 * The health check answers within this even when PostgreSQL does not (a hung server, an exhausted
 * pool): a probe that waits as long as the requests it guards tells a load balancer nothing.
 */
export const HEALTH_TIMEOUT_MS = 2000

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`health check timed out after ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

export function platformRoutes(deps: Deps) {
  return newRouter().openapi(
    defineRoute('public', {
      method: 'get',
      path: '/health',
      tags: ['platform'],
      summary: '健康检查（数据库、待发通知积压）',
      responses: {
        200: { description: 'healthy', ...json(HealthSchema) },
        503: { description: 'SERVICE_UNAVAILABLE: the database does not answer in time', ...json(HealthDownSchema) },
      },
    }),
    async (c) => {
      const now = deps.now()
      const time = now.toISOString()
      try {
        // The backlog query is the database check too: one round trip.
        const outbox = await within(HEALTH_TIMEOUT_MS, outboxBacklog(deps.db, now))
        return c.json({ status: 'ok' as const, database: 'ok' as const, outbox, time }, 200)
      } catch (err) {
        deps.logger.error({ err }, 'health check: database down')
        // Answered here, not thrown: a monitor reads which part is down, a client the usual error.
        const { code, message } = new AppError('SERVICE_UNAVAILABLE')
        return c.json({ status: 'down' as const, database: 'down' as const, outbox: null, time, error: { code, message } }, 503)
      }
    },
  )
}
