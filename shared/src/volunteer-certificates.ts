import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { IdSchema, PageQuerySchema, pageOf, text } from './common'
import { VolunteerSkillSchema } from './volunteer'

/**
 * 志愿服务 — certificates (issue 12 items 4, 5, 8): 志愿服务证明 and its public verification, star
 * levels with their 公示, and the community numbers. Schemas shared by the BFF and the mini-program,
 * and this feature's error fragment is in volunteer-certificates-errors.ts (errors.ts spreads it
 * into ERRORS). Never import './errors' here.
 * Rules: docs/decisions/032-volunteer-certificates.md.
 */

/** A certificate's verification code: 12 characters of an alphabet without 0/O, 1/I/L, shown as XXXX-XXXX-XXXX. */
export const CERTIFICATE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const CERTIFICATE_CODE_LENGTH = 12
export const CERTIFICATE_REASON_MAX_LENGTH = 200
/** The earliest year a certificate may cover (records are kept ten years: GB/T 40143). */
export const CERTIFICATE_YEAR_MIN = 2000

/** XXXXXXXXXXXX → XXXX-XXXX-XXXX, as printed. */
export function formatCertificateCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code
}

/** What a person typed or a QR carried, back to the stored form: dashes, spaces and case do not matter. */
export function normalizeCertificateCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase()
}

export const CertificateCodeSchema = z
  .string()
  .max(40)
  .transform(normalizeCertificateCode)
  .pipe(z.string().regex(new RegExp(`^[${CERTIFICATE_CODE_ALPHABET}]{${CERTIFICATE_CODE_LENGTH}}$`), '核验码应为 12 位字母和数字'))

/** Apply for a certificate of all confirmed hours (year null) or of one year's. */
export const CertificateApplySchema = z.object({
  year: z.number().int().min(CERTIFICATE_YEAR_MIN).max(2100).nullable(),
})
export type CertificateApply = z.infer<typeof CertificateApplySchema>

export const CertificateVoidSchema = z.object({ reason: text({ label: '作废原因', min: 1, max: CERTIFICATE_REASON_MAX_LENGTH }) })

export const CertificateStatusSchema = z.enum(['valid', 'voided'])
export type CertificateStatus = z.infer<typeof CertificateStatusSchema>
export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = { valid: '有效', voided: '已作废' }

export const CertificateCategoryHoursSchema = z.object({ category: VolunteerSkillSchema, label: z.string(), hours: z.number() })

/** The immutable content of a certificate as it was issued (服务内容: the activities served). */
export const CertificateContentSchema = z.object({
  code: z.string(),
  volunteerNo: z.string(),
  idMasked: z.string(),
  /** null: every year's confirmed hours. */
  year: z.number().int().nullable(),
  totalHours: z.number(),
  byCategory: z.array(CertificateCategoryHoursSchema),
  activities: z.array(z.object({ title: z.string(), category: VolunteerSkillSchema, label: z.string() })),
  /** Activities served beyond those listed. */
  moreActivities: z.number().int(),
  communityName: z.string(),
  issuedOn: z.iso.date(),
})

/** The holder's (and staff's) view: the name in full, the status, the URL the QR carries. */
export const CertificateSchema = CertificateContentSchema.extend({
  id: IdSchema,
  name: z.string(),
  status: CertificateStatusSchema,
  voidReason: z.string().nullable(),
  voidedOn: z.iso.date().nullable(),
  issuedAtLocal: LocalMomentSchema,
  verifyUrl: z.string(),
  /** The verify URL as a QR code: an SVG data URI an <Image> shows and a printer prints sharp. */
  qrCode: z.string(),
})
export type Certificate = z.infer<typeof CertificateSchema>
export const CertificateListSchema = pageOf(CertificateSchema)
export type CertificateList = z.infer<typeof CertificateListSchema>

/**
 * What anyone with the code sees: what the certificate shows and nothing more (no phone, no full ID
 * number, no birth date), and the name masked — decision 032.
 */
export const CertificateVerificationSchema = CertificateContentSchema.extend({
  nameMasked: z.string(),
  status: CertificateStatusSchema,
  voidedOn: z.iso.date().nullable(),
})
export type CertificateVerification = z.infer<typeof CertificateVerificationSchema>

export const CertificateVerifyParamsSchema = z.object({ code: CertificateCodeSchema })

export const StaffCertificateQuerySchema = PageQuerySchema.extend({ communityId: IdSchema.optional() })

// --- Star levels (星级志愿者) ---

/** 一星…五星 at 100 / 300 / 600 / 1,000 / 1,500 confirmed hours. */
export const STAR_LEVEL_HOURS = [100, 300, 600, 1000, 1500] as const
export const STAR_LEVEL_LABELS = ['一星', '二星', '三星', '四星', '五星'] as const
/** The 公示 before a level is awarded, in working days. */
export const STAR_PUBLICITY_WORKING_DAYS = 5

/** The highest level (1–5) `minutes` of confirmed service reach, or 0. */
export function starLevelOf(minutes: number): number {
  let level = 0
  for (const [i, hours] of STAR_LEVEL_HOURS.entries()) if (minutes >= hours * 60) level = i + 1
  return level
}

export const StarStatusSchema = z.enum(['announced', 'awarded', 'withdrawn'])
export type StarStatus = z.infer<typeof StarStatusSchema>
export const STAR_STATUS_LABELS: Record<StarStatus, string> = { announced: '公示中', awarded: '已授予', withdrawn: '已撤回' }

export const StarEntrySchema = z.object({
  id: IdSchema,
  nameMasked: z.string(),
  volunteerNo: z.string(),
  level: z.number().int().min(1).max(5),
  levelLabel: z.string(),
  hours: z.number(),
  status: StarStatusSchema,
  announcedOn: z.iso.date(),
  /** The last day of the 公示 on the community's clock. */
  publicityEndsOn: z.iso.date(),
})
export type StarEntry = z.infer<typeof StarEntrySchema>
export const StarListSchema = pageOf(StarEntrySchema).extend({ communityName: z.string() })
export type StarList = z.infer<typeof StarListSchema>
export const StarListQuerySchema = PageQuerySchema

/** A volunteer's own level: the highest awarded, the one on 公示, and the hours to the next. */
export const MyStarSchema = z.object({
  hours: z.number(),
  level: z.number().int(),
  levelLabel: z.string().nullable(),
  announced: StarEntrySchema.nullable(),
  nextLevelHours: z.number().nullable(),
})
export type MyStar = z.infer<typeof MyStarSchema>

// --- Community numbers ---

export const VolunteerNumbersQuerySchema = z.object({ communityId: IdSchema.optional() })
export const VolunteerCommunityNumbersSchema = z.object({
  communityId: IdSchema,
  communityName: z.string(),
  residents: z.number().int(),
  volunteers: z.number().int(),
  /** volunteers / residents, 0–1 (0 without residents). */
  share: z.number(),
  /** The seed target: 15 % of residents (issue 12 item 8). */
  target: z.number(),
  months: z.array(z.object({ month: z.string(), hours: z.number() })),
  categories: z.array(z.object({ category: VolunteerSkillSchema, label: z.string(), activities: z.number().int() })),
  help: z.object({ requests: z.number().int(), answeredWithin48h: z.number().int() }),
  stars: z.array(z.object({ level: z.number().int(), label: z.string(), awarded: z.number().int(), announced: z.number().int() })),
})
export type VolunteerCommunityNumbers = z.infer<typeof VolunteerCommunityNumbersSchema>
export const VolunteerNumbersSchema = z.object({ communities: z.array(VolunteerCommunityNumbersSchema) })
export type VolunteerNumbers = z.infer<typeof VolunteerNumbersSchema>

export const VOLUNTEER_SHARE_TARGET = 0.15

export { VOLUNTEER_CERTIFICATES_ERRORS } from './volunteer-certificates-errors'
