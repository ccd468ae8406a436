import { z } from 'zod'
import { RoleGrantSchema } from './auth'
import { BookingSchema, FamilyMemberSchema } from './booking'
import { LocalMomentSchema } from './calendar'
import { InboxMessageSchema } from './notify'
import { RatingSchema } from './rating'
import { HelpPersonalDataSchema } from './volunteer-help'
import { HoursTotalSchema, MyRecordSchema } from './volunteer-hours'
import { VolunteerPersonalDataSchema } from './volunteer-registration'

/**
 * 下载我的数据 (个人信息保护法 第四十五条: the right to a copy): everything held about the
 * resident, in one JSON document, decrypted for her — and nothing about anyone else.
 */
const Instant = z.iso.datetime({ offset: true })

/**
 * Her part of 社区协商 (decision 019): what she proposed, supported, wrote, registered for, objected
 * to and rated, and the votes she took part in — THAT she voted (and whether with 代办), never what.
 */
export const ConsultationPersonalDataSchema = z.object({
  topicsProposed: z.array(z.object({ topicId: z.uuid(), title: z.string(), state: z.string(), createdAt: Instant, createdAtLocal: LocalMomentSchema })),
  supports: z.array(z.object({ topicId: z.uuid(), title: z.string(), supportedAt: Instant, supportedAtLocal: LocalMomentSchema })),
  opinions: z.array(
    z.object({
      id: z.uuid(),
      topicId: z.uuid(),
      topicTitle: z.string(),
      stance: z.string().nullable(),
      body: z.string(),
      status: z.string(),
      isReply: z.boolean(),
      createdAt: Instant,
      createdAtLocal: LocalMomentSchema,
    }),
  ),
  votes: z.array(z.object({ voteId: z.uuid(), topicId: z.uuid(), topicTitle: z.string(), voted: z.literal(true), assisted: z.boolean() })),
  objections: z.array(
    z.object({ id: z.uuid(), topicId: z.uuid(), topicTitle: z.string(), body: z.string(), answer: z.string().nullable(), createdAt: Instant, createdAtLocal: LocalMomentSchema }),
  ),
  outcomeRatings: z.array(
    z.object({ topicId: z.uuid(), topicTitle: z.string(), level: z.number().int(), comment: z.string(), createdAt: Instant, createdAtLocal: LocalMomentSchema }),
  ),
  meetingRegistrations: z.array(
    z.object({
      meetingId: z.uuid(),
      topicId: z.uuid(),
      title: z.string(),
      place: z.string(),
      startsAt: Instant,
      startsAtLocal: LocalMomentSchema,
      meetingCancelled: z.boolean(),
      status: z.string(),
      channel: z.string(),
      checkedIn: z.boolean(),
      registeredAt: Instant,
    }),
  ),
})
export type ConsultationPersonalData = z.infer<typeof ConsultationPersonalDataSchema>

export const PersonalDataExportSchema = z.object({
  exportedAt: z.iso.datetime({ offset: true }),
  profile: z.object({
    id: z.uuid(),
    displayName: z.string(),
    /** In full: it is her own. */
    phone: z.string().nullable(),
    birthDate: z.string().nullable(),
    community: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    pendingCommunity: z.object({ id: z.uuid(), name: z.string(), since: z.iso.datetime({ offset: true }) }).nullable(),
    roles: z.array(RoleGrantSchema),
    elderMode: z.boolean(),
    wechatLinked: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
  familyMembers: z.array(FamilyMemberSchema),
  consents: z.array(
    z.object({
      kind: z.string(),
      version: z.string(),
      grantedAt: z.iso.datetime({ offset: true }),
      withdrawnAt: z.iso.datetime({ offset: true }).nullable(),
    }),
  ),
  bookings: z.array(BookingSchema),
  /** Her ratings, each with its rectification case and her feedback on it. */
  ratings: z.array(RatingSchema),
  messages: z.array(InboxMessageSchema),
  consultation: ConsultationPersonalDataSchema,
  /** Her 志愿服务 registration (ID number masked) and teams; null when she never registered. */
  volunteer: VolunteerPersonalDataSchema.nullable(),
  /** Her 志愿服务记录 (every record, with its status) and totals; null when she never registered. */
  volunteerRecords: z.object({ totals: z.array(HoursTotalSchema), items: z.array(MyRecordSchema) }).nullable(),
  /** Her 邻里求助 (posted by her or for her) and her 时间银行 ledger. */
  help: HelpPersonalDataSchema,
  /** Logins: how and when. No device details are collected, so none are listed. */
  sessions: z.array(
    z.object({
      channel: z.enum(['wechat', 'sms', 'demo']),
      createdAt: z.iso.datetime({ offset: true }),
      expiresAt: z.iso.datetime({ offset: true }),
      revokedAt: z.iso.datetime({ offset: true }).nullable(),
      current: z.boolean(),
    }),
  ),
})
export type PersonalDataExport = z.infer<typeof PersonalDataExportSchema>

/** 注销账号 is asked for in so many words, so a stray request cannot delete an account. */
export const AccountDeletionSchema = z.object({ confirm: z.literal(true, '请确认注销账号') })
export const AccountDeletedSchema = z.object({
  /** Open bookings cancelled (their seats went back or to the waitlist). */
  cancelledBookings: z.number().int(),
})
export type AccountDeleted = z.infer<typeof AccountDeletedSchema>

/** 待确认的迁入: a resident who asked to move into the community, as its staff see her. */
export const PendingMoveSchema = z.object({
  userId: z.uuid(),
  /** Masked, as every staff list shows a resident. */
  name: z.string(),
  phoneMasked: z.string().nullable(),
  fromCommunityName: z.string().nullable(),
  since: z.iso.datetime({ offset: true }),
  /** When she asked, on the community's clock. */
  sinceLocal: LocalMomentSchema,
})
export type PendingMove = z.infer<typeof PendingMoveSchema>
export const PendingMoveListSchema = z.object({ items: z.array(PendingMoveSchema) })
export const MoveDecisionSchema = z.object({ decision: z.enum(['confirm', 'reject']) })
