import {
  type ConsentSchema,
  type DemoLoginSchema,
  type DemoPersonaId,
  DemoPersonaListSchema,
  MeSchema,
  PRIVACY_POLICY_VERSION,
  type PreferencesSchema,
  SessionSchema,
  type SmsSendSchema,
  SmsSentSchema,
  type SmsVerifySchema,
  type SwitchCommunitySchema,
  type WechatLoginSchema,
} from '@linli/shared'
import { type Input, NoContent, call } from './client'

/** 登录 and the signed-in person: the session, 长辈模式, her community, the 《隐私政策》 she agreed to. */
export const accountApi = {
  demoPersonas: () => call(DemoPersonaListSchema, 'GET', '/auth/demo-personas'),
  /** Logins carry the 《隐私政策》 version the person agreed to on the login page; the BFF refuses one without it. */
  demoLogin: (persona: DemoPersonaId, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/demo', { body: { persona, privacyPolicyVersion } satisfies Input<typeof DemoLoginSchema> }),
  wechatLogin: (code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/wechat', { body: { code, privacyPolicyVersion } satisfies Input<typeof WechatLoginSchema> }),
  sendSmsCode: (phone: string) => call(SmsSentSchema, 'POST', '/auth/sms/send', { body: { phone } satisfies Input<typeof SmsSendSchema> }),
  verifySmsCode: (phone: string, code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/sms/verify', { body: { phone, code, privacyPolicyVersion } satisfies Input<typeof SmsVerifySchema> }),
  logout: () => call(NoContent, 'POST', '/auth/logout'),
  me: () => call(MeSchema, 'GET', '/me'),
  setPreferences: (elderMode: boolean) =>
    call(MeSchema, 'PUT', '/me/preferences', { body: { elderMode } satisfies Input<typeof PreferencesSchema> }),
  switchCommunity: (communityId: string) =>
    call(MeSchema, 'PUT', '/me/community', { body: { communityId } satisfies Input<typeof SwitchCommunitySchema> }),
  acceptPrivacy: () =>
    call(MeSchema, 'POST', '/me/consents', {
      body: { kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION } satisfies Input<typeof ConsentSchema>,
    }),
}
