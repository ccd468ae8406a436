import {
  ConsentSchema,
  MeSchema,
  PreferencesSchema,
  SessionSchema,
  SmsSendSchema,
  SmsSentSchema,
  SmsVerifySchema,
  SwitchCommunitySchema,
  WechatLoginSchema,
} from '@linli/shared'
import type { Deps } from '../deps'
import { clientIp } from '../http/client-ip'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as auth from './service'

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
      async (c) => c.json(await auth.loginWithWechat(deps, c.req.valid('json'), clientIp(c)), 200),
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
      async (c) => c.json(await auth.sendLoginCode(deps, c.req.valid('json').phone, clientIp(c)), 200),
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
      async (c) => c.json(await auth.verifyLoginCode(deps, c.req.valid('json'), clientIp(c)), 200),
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
        summary: '切换我所在的社区',
        request: body(SwitchCommunitySchema),
        responses: { 200: { description: 'me', ...json(MeSchema) } },
      }),
      async (c) =>
        c.json(await auth.switchCommunity(deps, requireAuth(c.get('auth')), c.req.valid('json').communityId), 200),
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
}
