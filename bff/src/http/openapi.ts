import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env'

/** The security scheme every non-public operation names: `Authorization: Bearer <opaque token>`. */
export const BEARER_AUTH = 'bearerAuth'

/**
 * Every tag a route may carry, declared once with what it groups: a client generator makes one
 * class per tag, and an undeclared tag fails tests/build/openapi-lint.test.ts.
 */
export const API_TAGS = [
  { name: 'platform', description: '运行状态' },
  { name: 'auth', description: '登录、会话与隐私政策同意' },
  { name: 'me', description: '我的资料与社区' },
  { name: 'privacy', description: '个人信息：下载我的数据、注销账号' },
  { name: 'moves', description: '社区迁入：工作人员确认或拒绝' },
  { name: 'catalog', description: '社区服务清单' },
  { name: 'booking', description: '居民预约、取消、改约、签到' },
  { name: 'booking-staff', description: '社区工作者：预约看板、窗口代办、暂停服务' },
  { name: 'family', description: '家人信息（代家人预约）' },
  { name: 'rating', description: '好差评：居民评价与公开满意度' },
  { name: 'rating-staff', description: '好差评：整改工单、申诉、统计' },
  { name: 'survey', description: '满意度问卷' },
  { name: 'notify', description: '我的消息' },
  { name: 'calendar', description: '法定节假日与调休' },
  { name: 'audit', description: '审计日志（街道管理员）' },
  { name: 'consultation', description: '社区协商议事：议题征集、附议、立项' },
  { name: 'volunteer', description: '志愿服务：注册、活动与班次、时长、证明、星级、邻里求助与时间银行' },
] as const

/**
 * `GET /services/{serviceId}/slots` → `getServicesByServiceIdSlots`: unique because method and path
 * are, and stable as long as the path is, so a generated client keeps its method names.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)
      return param ? `by-${param[1]}` : segment
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('')
}

/** Publishes the API document at `path`, with the tags and the bearer scheme the routes refer to. */
export function mountOpenApiDocument(app: OpenAPIHono<AppEnv>, path: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_AUTH, {
    type: 'http',
    scheme: 'bearer',
    description: '登录后得到的令牌：Authorization: Bearer <token>',
  })
  app.doc31(path, {
    openapi: '3.1.0',
    info: {
      title: '邻里 Linli BFF',
      version: '1',
      description: '社区服务清单、预约、好差评、社区协商、志愿服务',
      contact: { name: '邻里 Linli 开发组' },
    },
    servers: [{ url: '/' }],
    tags: [...API_TAGS],
  })
}
