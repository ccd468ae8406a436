import {
  ConsentSchema,
  MeSchema,
  MoveDecisionSchema,
  PendingMoveListSchema,
  PreferencesSchema,
  SessionSchema,
  SmsSendSchema,
  SmsSentSchema,
  SmsVerifySchema,
  SwitchCommunitySchema,
  WechatLoginSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { clientIp } from '../http/client-ip'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as moves from './moves'
import * as auth from './service'

const CommunityParams = z.object({ communityId: z.uuid() })
const MoveParams = CommunityParams.extend({ userId: z.uuid() })

export function authRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'post',
        path: '/auth/wechat',
        tags: ['auth'],
        summary: '微信登录：用 Taro.login 的 code 换取会话（须带已同意的隐私政策版本）',
        request: body(WechatLoginSchema),
        responses: { 200: { description: 'session', ...json(SessionSchema) } },
      }),
      async (c) => c.json(await auth.loginWithWechat(deps, c.req.valid('json'), clientIp(c, deps.config.trustedProxies)), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'post',
        path: '/auth/sms/send',
        tags: ['auth'],
        summary: '发送手机验证码（H5）',
        request: body(SmsSendSchema),
        responses: { 200: { description: 'sent', ...json(SmsSentSchema) } },
      }),
      async (c) => c.json(await auth.sendLoginCode(deps, c.req.valid('json').phone, clientIp(c, deps.config.trustedProxies)), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'post',
        path: '/auth/sms/verify',
        tags: ['auth'],
        summary: '手机验证码登录（H5，须带已同意的隐私政策版本）',
        request: body(SmsVerifySchema),
        responses: { 200: { description: 'session', ...json(SessionSchema) } },
      }),
      async (c) => c.json(await auth.verifyLoginCode(deps, c.req.valid('json'), clientIp(c, deps.config.trustedProxies)), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/auth/logout',
        tags: ['auth'],
        summary: '退出登录（吊销当前会话）',
        responses: { 204: { description: 'logged out' } },
      }),
      async (c) => {
        await auth.logout(deps, requireAuth(c.get('auth')))
        return c.body(null, 204)
      },
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me',
        tags: ['me'],
        summary: '我的信息、角色与偏好',
        responses: { 200: { description: 'me', ...json(MeSchema) } },
      }),
      async (c) => c.json(await auth.getMe(deps, requireAuth(c.get('auth')).userId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'put',
        path: '/me/preferences',
        tags: ['me'],
        summary: '保存偏好（长辈模式）',
        request: body(PreferencesSchema),
        responses: { 200: { description: 'me', ...json(MeSchema) } },
      }),
      async (c) => c.json(await auth.setPreferences(deps, requireAuth(c.get('auth')), c.req.valid('json').elderMode), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'put',
        path: '/me/community',
        tags: ['me'],
        summary: '切换我所在的社区：第一次选择即生效，迁往其他社区须该社区工作人员确认',
        request: body(SwitchCommunitySchema),
        responses: { 200: { description: 'me', ...json(MeSchema) } },
      }),
      async (c) =>
        c.json(await auth.switchCommunity(deps, requireAuth(c.get('auth')), c.req.valid('json').communityId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/me/consents',
        tags: ['me'],
        summary: '同意新版隐私政策（登录后政策更新时）',
        request: body(ConsentSchema),
        responses: { 200: { description: 'me', ...json(MeSchema) } },
      }),
      async (c) => c.json(await auth.acceptPrivacyPolicy(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(['staff', 'street_admin'], {
        method: 'get',
        path: '/communities/{communityId}/moves',
        tags: ['moves'],
        summary: '待确认的迁入：申请迁入本社区的居民（工作人员）',
        request: { params: CommunityParams },
        responses: { 200: { description: 'pending moves', ...json(PendingMoveListSchema) } },
      }),
      async (c) => c.json(await moves.listPendingMoves(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(['staff', 'street_admin'], {
        method: 'post',
        path: '/communities/{communityId}/moves/{userId}',
        tags: ['moves'],
        summary: '确认或拒绝一位居民迁入本社区（工作人员，记入审计）',
        request: { params: MoveParams, ...body(MoveDecisionSchema) },
        responses: { 200: { description: 'the pending moves left', ...json(PendingMoveListSchema) } },
      }),
      async (c) => {
        const { communityId, userId } = c.req.valid('param')
        const { decision } = c.req.valid('json')
        return c.json(await moves.decideMove(deps, requireAuth(c.get('auth')), { communityId, userId, decision }, c.get('requestId')), 200)
      },
    )
}
