import { z } from 'zod'

export const LOGIN_CODE_LENGTH = 6
export const LOGIN_CODE_TTL_SECONDS = 5 * 60
export const SESSION_TTL_DAYS = 30
export const DISPLAY_NAME_MAX_LENGTH = 20

/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const PhoneSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入11位手机号')

/** 网格员 (grid_worker): granted per community like staff; does 代办 there, none of staff's acts. */
export const RoleSchema = z.enum(['resident', 'staff', 'street_admin', 'provider', 'volunteer', 'grid_worker'])
export type Role = z.infer<typeof RoleSchema>
export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  staff: '社区工作者',
  street_admin: '街道管理员',
  provider: '服务提供方',
  volunteer: '志愿者',
  grid_worker: '网格员',
}

export const PRIVACY_POLICY_VERSION = '2026-11'
export const POLICY_VERSION_MAX_LENGTH = 16

/**
 * Every login carries the version of the 《隐私政策》 the person agreed to on the login page:
 * consent comes before any personal information is collected (个人信息保护法 第十三、十四条).
 * Optional here so that a login without it is refused with its own code, PRIVACY_CONSENT_REQUIRED,
 * rather than a field error.
 */
const LoginConsentSchema = z.object({ privacyPolicyVersion: z.string().trim().max(POLICY_VERSION_MAX_LENGTH).optional() })

export const WechatLoginSchema = LoginConsentSchema.extend({ code: z.string().trim().min(1).max(128) })
export const SmsSendSchema = z.object({ phone: PhoneSchema })
export const SmsVerifySchema = LoginConsentSchema.extend({
  phone: PhoneSchema,
  code: z.string().trim().regex(new RegExp(`^\\d{${LOGIN_CODE_LENGTH}}$`), `请输入${LOGIN_CODE_LENGTH}位验证码`),
})
export const SmsSentSchema = z.object({ expiresInSeconds: z.number().int() })

export const DemoPersonaIdSchema = z.enum(['elder', 'parent', 'staff', 'lawyer', 'volunteer', 'street_admin', 'grid_worker'])
export type DemoPersonaId = z.infer<typeof DemoPersonaIdSchema>
export const DemoLoginSchema = LoginConsentSchema.extend({ persona: DemoPersonaIdSchema })
export const DemoPersonaSchema = z.object({
  id: DemoPersonaIdSchema,
  name: z.string(),
  description: z.string(),
})
export const DemoPersonaListSchema = z.object({ items: z.array(DemoPersonaSchema) })

export const RoleGrantSchema = z.object({
  role: RoleSchema,
  communityId: z.uuid().nullable(),
  communityName: z.string().nullable(),
  streetId: z.uuid().nullable(),
  providerName: z.string().nullable(),
})
export type RoleGrant = z.infer<typeof RoleGrantSchema>

export const MeSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  /** Shown masked, e.g. 138****1234. */
  phoneMasked: z.string().nullable(),
  /** `YYYY-MM-DD`; the resident's own, used to explain age limits. */
  birthDate: z.string().nullable(),
  community: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** A move she asked for that the new community's staff have not confirmed yet. */
  pendingCommunity: z.object({ id: z.uuid(), name: z.string(), since: z.iso.datetime({ offset: true }) }).nullable(),
  roles: z.array(RoleGrantSchema),
  elderMode: z.boolean(),
  privacyAccepted: z.boolean(),
})
export type Me = z.infer<typeof MeSchema>

export const SessionSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  me: MeSchema,
})
export type Session = z.infer<typeof SessionSchema>

export const PreferencesSchema = z.object({ elderMode: z.boolean() })
export const SwitchCommunitySchema = z.object({ communityId: z.uuid() })

export const ConsentSchema = z.object({
  kind: z.enum(['privacy_policy']),
  version: z.literal(PRIVACY_POLICY_VERSION),
})
