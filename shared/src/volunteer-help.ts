import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { CREDITS_CAP } from './volunteer-help-errors'

/**
 * 志愿服务 — 邻里求助与时间银行 (issue 12 item 6). Schemas shared by the BFF and the mini-program,
 * and this feature's error fragment is in volunteer-help-errors.ts (errors.ts spreads it into ERRORS). Never import './errors'
 * here. Rules: docs/decisions/033-time-bank.md.
 */
export const HELP_PLACE_MAX_LENGTH = 60
export const HELP_NEEDS_MAX_LENGTH = 300
export const HELP_REASON_MAX_LENGTH = 200
export const HELP_CONTACT_NAME_MAX_LENGTH = 20
/** A help request is one visit: at most 4 hours. */
export const HELP_DURATION_MAX_MINUTES = 240

/** Credits are kept in minutes (1 credit = 1 hour = 60 minutes): hours are recorded in minutes, so nothing is rounded. */
export const MINUTES_PER_CREDIT = 60
/** 时间银行: no one holds more than 1,500 credits; kept in volunteer-help-errors.ts with the refusal that names it. */
export { CREDITS_CAP }
export const CREDITS_CAP_MINUTES = CREDITS_CAP * MINUTES_PER_CREDIT
/** Credits may be given in steps of 0.1 (6 minutes). */
export const CREDIT_STEP_MINUTES = 6
/** Give to a family member of this age or over (on the community's today). */
export const GIFT_MIN_AGE = 60

/** Credits as shown: minutes in hours with one decimal. */
export function creditsOf(minutes: number): string {
  return (Math.round(minutes / CREDIT_STEP_MINUTES) / 10).toFixed(1)
}

export const HELP_KINDS = ['escort_medical', 'shopping', 'home_visit', 'bathing', 'other'] as const
export const HelpKindSchema = z.enum(HELP_KINDS)
export type HelpKind = z.infer<typeof HelpKindSchema>
export const HELP_KIND_LABELS: Record<HelpKind, string> = {
  escort_medical: '陪同就医',
  shopping: '代买',
  home_visit: '上门探访',
  bathing: '助浴',
  other: '其他',
}

/** Who pays the volunteer's time: nobody (it is volunteering all the same), her own credits, or the elder's she asks for. Staff may pay from the community pool instead. */
export const HelpPaySchema = z.enum(['none', 'own', 'beneficiary', 'pool'])
export type HelpPay = z.infer<typeof HelpPaySchema>
export const HELP_PAY_LABELS: Record<HelpPay, string> = {
  none: '不使用时间币',
  own: '用我的时间币',
  beneficiary: '用老人自己的时间币',
  pool: '社区公益池（重点空巢老人）',
}

export const HelpStatusSchema = z.enum(['pending', 'approved', 'declined', 'taken', 'done', 'withdrawn'])
export type HelpStatus = z.infer<typeof HelpStatusSchema>
export const HELP_STATUS_LABELS: Record<HelpStatus, string> = {
  pending: '待审核',
  approved: '待接单',
  declined: '未通过',
  taken: '已接单',
  done: '已完成',
  withdrawn: '已撤回',
}

const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:MM')
const minutesBetween = (from: string, to: string) => {
  const [fh, fm] = from.split(':').map(Number) as [number, number]
  const [th, tm] = to.split(':').map(Number) as [number, number]
  return th * 60 + tm - (fh * 60 + fm)
}

export const HelpRequestInputSchema = z
  .object({
    kind: HelpKindSchema,
    /** Absent: for herself. Else one of her 我的家人 (the elder), who must live in her community. */
    familyMemberId: IdSchema.optional(),
    /** On the community's clock. */
    date: LocalDateSchema,
    startTime: LocalTimeSchema,
    endTime: LocalTimeSchema,
    place: text({ label: '服务地点', min: 1, max: HELP_PLACE_MAX_LENGTH }),
    needs: text({ label: '需要什么帮助', min: 5, max: HELP_NEEDS_MAX_LENGTH, multiline: true }),
    contactName: text({ label: '联系人', min: 1, max: HELP_CONTACT_NAME_MAX_LENGTH }),
    contactPhone: z.string().regex(/^1\d{10}$/, '请填写 11 位手机号'),
    pay: HelpPaySchema.exclude(['pool']).default('none'),
  })
  .refine((r) => r.endTime > r.startTime, { path: ['endTime'], message: '结束时间须晚于开始时间' })
  .refine((r) => minutesBetween(r.startTime, r.endTime) <= HELP_DURATION_MAX_MINUTES, { path: ['endTime'], message: `一次求助最长 ${HELP_DURATION_MAX_MINUTES / 60} 小时` })
  .refine((r) => r.pay !== 'beneficiary' || r.familyMemberId !== undefined, { path: ['pay'], message: '为家人求助时才能使用老人的时间币' })
export type HelpRequestInput = z.input<typeof HelpRequestInputSchema>

export const HelpApproveSchema = z.object({
  /** 重点空巢老人: staff pay the volunteer's time from the community pool instead of what was asked. */
  payFromPool: z.boolean().default(false),
})
export const HelpDeclineSchema = z.object({ reason: text({ label: '不通过的原因', min: 2, max: HELP_REASON_MAX_LENGTH }) })

export const HelpListQuerySchema = PageQuerySchema.extend({
  /** mine: what she posted (or for her); open: approved and open to take (volunteers); taken: what she took; pending: to approve (staff). */
  view: z.enum(['mine', 'open', 'taken', 'pending']).default('mine'),
  communityId: IdSchema.optional(),
})

export const HelpRequestSchema = z.object({
  id: IdSchema,
  kind: HelpKindSchema,
  kindLabel: z.string(),
  status: HelpStatusSchema,
  statusLabel: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  place: z.string(),
  needs: z.string(),
  /** The elder's (or her own) name, masked for anyone but the requester. */
  beneficiaryName: z.string(),
  requesterName: z.string(),
  contactName: z.string(),
  /** Whole only to the requester and the volunteer who took it; masked to everyone else. */
  contactPhone: z.string(),
  pay: HelpPaySchema,
  payLabel: z.string(),
  /** The credits the volunteer's time costs the payer (reserved at approval). */
  credits: z.string(),
  declineReason: z.string().nullable(),
  /** Masked. */
  volunteerName: z.string().nullable(),
  createdAtLocal: LocalMomentSchema,
  mine: z.boolean(),
  tookIt: z.boolean(),
  canTake: z.boolean(),
  canGiveBack: z.boolean(),
  /** The requester (or the elder it is for) may withdraw it until the service starts, unless done or decided against. */
  canWithdraw: z.boolean(),
  canDecide: z.boolean(),
  /** The rotating check-in code, for the requester while the service is on (30 min either side). */
  checkIn: z.object({ code: z.string(), expiresAt: z.iso.datetime() }).nullable(),
  activityId: IdSchema.nullable(),
  shiftId: IdSchema.nullable(),
})
export type HelpRequest = z.infer<typeof HelpRequestSchema>
export const HelpRequestPageSchema = pageOf(HelpRequestSchema)

// ——— 时间银行 ———

export const LedgerKindSchema = z.enum(['earned', 'spent', 'released', 'refunded', 'given', 'received', 'donated', 'pool_received', 'pool_spent', 'reversed'])
export type LedgerKind = z.infer<typeof LedgerKindSchema>
export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  earned: '志愿服务获得',
  spent: '求助支付（审核通过时预扣）',
  released: '求助结算退回',
  refunded: '服务记录撤销退回',
  given: '赠予家人',
  received: '家人赠予',
  donated: '捐入社区公益池',
  pool_received: '居民捐赠',
  pool_spent: '公益池支付求助',
  reversed: '服务记录撤销扣回',
}

export const CreditsAmountSchema = z
  .number({ message: '请填写时间币数量' })
  .positive('数量须大于 0')
  .max(CREDITS_CAP, `一次最多 ${CREDITS_CAP}`)
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, { message: '时间币最多保留一位小数' })

export const GiveCreditsSchema = z.object({ familyMemberId: IdSchema, credits: CreditsAmountSchema })
export const DonateCreditsSchema = z.object({ credits: CreditsAmountSchema })

export const LedgerEntrySchema = z.object({
  id: IdSchema,
  kind: LedgerKindSchema,
  kindLabel: z.string(),
  /** Signed, e.g. "+1.5" or "-2.0". */
  credits: z.string(),
  minutes: z.number().int(),
  detail: z.string().nullable(),
  atLocal: LocalMomentSchema,
})
export const LedgerPageSchema = pageOf(LedgerEntrySchema)
export const LedgerQuerySchema = PageQuerySchema

export const CreditsSummarySchema = z.object({
  balance: z.string(),
  balanceMinutes: z.number().int(),
  cap: z.number().int(),
  /** Room left under the cap. */
  room: z.string(),
  /** 我的家人 she may give to: aged 60 or over (a younger one listed with why not). */
  family: z.array(z.object({ id: IdSchema, name: z.string(), relation: z.string(), eligible: z.boolean(), why: z.string().nullable() })),
  pool: z.string(),
})
export type CreditsSummary = z.infer<typeof CreditsSummarySchema>

export const PoolQuerySchema = z.object({ communityId: IdSchema })
export const PoolSchema = z.object({ communityId: IdSchema, balance: z.string(), balanceMinutes: z.number().int() })

export { VOLUNTEER_HELP_ERRORS } from './volunteer-help-errors'

/** Her part of 下载我的数据 (PIPL art. 45): the help requests she posted or that are for her, and her time bank ledger. */
export const HelpPersonalDataSchema = z.object({
  requests: z.array(
    z.object({
      kind: z.string(),
      status: z.string(),
      date: z.string(),
      startTime: z.string(),
      endTime: z.string(),
      place: z.string(),
      needs: z.string(),
      beneficiaryName: z.string(),
      contactName: z.string(),
      contactPhone: z.string(),
      postedByHer: z.boolean(),
      createdAt: z.iso.datetime(),
    }),
  ),
  credits: z.object({ balance: z.string(), entries: z.array(z.object({ kind: z.string(), credits: z.string(), note: z.string().nullable(), at: z.iso.datetime() })) }),
})
export type HelpPersonalData = z.infer<typeof HelpPersonalDataSchema>
