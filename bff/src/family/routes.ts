import { FamilyListSchema, FamilyMemberInputSchema, FamilyMemberSchema } from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as family from './service'

const FamilyParams = z.object({ memberId: z.uuid() })

/** 亲情代办: the people a resident books for. */
export function familyRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/family',
        tags: ['family'],
        summary: '我的家人（亲情代办）',
        responses: { 200: { description: 'family', ...json(FamilyListSchema) } },
      }),
      async (c) => c.json(await family.listFamily(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/me/family',
        tags: ['family'],
        summary: '添加家人（14岁以下儿童需监护人单独同意）',
        request: body(FamilyMemberInputSchema),
        responses: { 201: { description: 'member', ...json(FamilyMemberSchema) } },
      }),
      async (c) => c.json(await family.addFamilyMember(deps, requireAuth(c.get('auth')), c.req.valid('json')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'delete',
        path: '/me/family/{memberId}',
        tags: ['family'],
        summary: '删除家人（并撤回儿童信息同意）',
        request: { params: FamilyParams },
        responses: { 204: { description: 'removed' } },
      }),
      async (c) => {
        await family.removeFamilyMember(deps, requireAuth(c.get('auth')), c.req.valid('param').memberId)
        return c.body(null, 204)
      },
    )
}
