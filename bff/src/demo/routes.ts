import { DemoLoginSchema, DemoPersonaListSchema, SessionSchema } from '@linli/shared'
import * as auth from '../auth/service'
import type { Deps } from '../deps'
import { AppError } from '../http/errors'
import { body, defineRoute, json, newRouter } from '../http/route'
import { DEMO_PERSONAS } from './personas'

/**
 * The demo personas' login, for trying every role in a browser. It lives with the demo data, on
 * top of auth: auth knows how to start a session, not who the personas are.
 */
export function demoRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/auth/demo-personas',
        tags: ['auth'],
        summary: '演示身份列表（仅开发环境）',
        responses: { 200: { description: 'personas', ...json(DemoPersonaListSchema) } },
      }),
      (c) => {
        if (!deps.config.demoLogin) throw new AppError('DEMO_DISABLED')
        return c.json({ items: DEMO_PERSONAS.map(({ id, name, description }) => ({ id, name, description })) }, 200)
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'post',
        path: '/auth/demo',
        tags: ['auth'],
        summary: '以演示身份登录（仅开发环境）',
        request: body(DemoLoginSchema),
        responses: { 200: { description: 'session', ...json(SessionSchema) } },
      }),
      async (c) => c.json(await auth.demoLogin(deps, c.req.valid('json')), 200),
    )
}
