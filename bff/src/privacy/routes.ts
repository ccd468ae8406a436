import { AccountDeletedSchema, AccountDeletionSchema, PersonalDataExportSchema } from '@linli/shared'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as privacy from './service'

/** A resident's rights over her personal information: a copy of it, and deleting her account. */
export function privacyRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/export',
        tags: ['privacy'],
        summary: '下载我的数据：我的资料、家人、同意记录、预约、评价、消息、登录记录，社区协商中我的议题、附议、意见、参与的表决（只记参与，不含所投选项）、议事会报名、异议与评议（JSON，记入审计）',
        responses: { 200: { description: 'everything held about me', ...json(PersonalDataExportSchema) } },
      }),
      async (c) => {
        const data = await privacy.exportMyData(deps, requireAuth(c.get('auth')), c.get('requestId'))
        // A browser that opens the link saves it as a file.
        c.header('content-disposition', `attachment; filename="linli-my-data-${data.exportedAt.slice(0, 10)}.json"`)
        c.header('cache-control', 'no-store')
        return c.json(data, 200)
      },
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/me/delete',
        tags: ['privacy'],
        summary: '注销账号：取消未开始的预约和议事会报名（座位给候补的第一位），删除家人、同意与消息，保留的预约与评价匿名化，立即退出所有登录（记入审计）',
        request: body(AccountDeletionSchema),
        responses: { 200: { description: 'deleted', ...json(AccountDeletedSchema) } },
      }),
      async (c) => c.json(await privacy.deleteMyAccount(deps, requireAuth(c.get('auth')), c.get('requestId')), 200),
    )
}
