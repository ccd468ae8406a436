import { z } from 'zod'
import { BirthDateSchema, IdSchema, LocalDateSchema, PageQuerySchema, pageOf, text } from './common'
import { LocalMomentSchema } from './calendar'
import { AssistHelperRoleSchema } from './consultation-assist-mark'
import { OPINION_BODY_MAX_LENGTH, OpinionStanceSchema } from './consultation-opinions'

export * from './consultation-assist-mark'

/**
 * 代办：工作人员、网格员或家人替在场居民附议、发表意见、投票，须填原因、全程留痕 (issue 11 item 5).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment in consultation-assist-errors.ts into ERRORS.
 */
export { ASSIST_ERRORS } from './consultation-assist-errors'

export const ASSIST_REASON_MAX_LENGTH = 200
export const PHONE_TAIL_LENGTH = 4
/** What a helper writes when she has nothing better: the common case at the door. */
export const ASSIST_REASON_EXAMPLE = '老人无智能手机，本人到场口述'

export const AssistKindSchema = z.enum(['support', 'opinion', 'ballot'])
export type AssistKind = z.infer<typeof AssistKindSchema>
export const ASSIST_KIND_LABELS: Record<AssistKind, string> = { support: '附议', opinion: '发表意见', ballot: '投票' }

/**
 * Who the act is for: a resident of the topic's community found by name and birth date (the
 * last four digits of her phone tell two namesakes apart), or one of the helper's own 家人.
 */
export const AssistResidentSchema = z.union([
  z.object({ familyMemberId: IdSchema }),
  z.object({
    name: text({ label: '居民姓名', min: 1, max: 20 }),
    birthDate: BirthDateSchema,
    phoneTail: z.string().regex(new RegExp(`^\\d{${PHONE_TAIL_LENGTH}}$`), `请输入手机号后${PHONE_TAIL_LENGTH}位`).optional(),
  }),
])
export type AssistResident = z.input<typeof AssistResidentSchema>

export const AssistLookupSchema = z.object({ resident: AssistResidentSchema })
/** Enough for the helper to confirm aloud who she found, nothing more. */
export const AssistLookupResultSchema = z.object({ residentName: z.string(), helperRole: AssistHelperRoleSchema })

/** The act, as the resident would have done it herself. */
export const AssistActSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('support') }),
  z.object({ kind: z.literal('opinion'), stance: OpinionStanceSchema, body: text({ label: '意见内容', min: 1, max: OPINION_BODY_MAX_LENGTH, multiline: true }) }),
  z.object({ kind: z.literal('ballot'), optionId: IdSchema }),
])
export type AssistAct = z.input<typeof AssistActSchema>

/** The reason is checked by the service, so a missing one is ASSIST_REASON_REQUIRED, not a field error. */
export const AssistInputSchema = z.object({
  resident: AssistResidentSchema,
  act: AssistActSchema,
  reason: text({ label: '代办原因', max: ASSIST_REASON_MAX_LENGTH }).optional(),
})
export type AssistInput = z.input<typeof AssistInputSchema>

export const AssistResultSchema = z.object({
  id: IdSchema,
  kind: AssistKindSchema,
  topicId: IdSchema,
  /** Masked (王*兰). */
  residentName: z.string(),
  helperRole: AssistHelperRoleSchema,
  reason: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  createdAtLocal: LocalMomentSchema,
})
export type AssistResult = z.infer<typeof AssistResultSchema>

/** What the caller may do for others on this topic now: the topic page shows 代办 only when something is there. */
export const AssistOptionsSchema = z.object({
  /** Her role in the topic's community (staff, 网格员, street admin); null for a resident. */
  helperRole: AssistHelperRoleSchema.nullable(),
  /** Her own 家人 she may act for (same community as hers and the topic's). */
  familyMembers: z.array(z.object({ id: IdSchema, name: z.string(), relation: z.string() })),
  /** The act the topic's state allows now, if any. */
  kind: AssistKindSchema.nullable(),
})
export type AssistOptions = z.infer<typeof AssistOptionsSchema>

/** The 居务监督委员会's daily list: one community's 代办 acts on one day of its clock. */
export const AssistLogQuerySchema = PageQuerySchema.extend({ communityId: IdSchema, date: LocalDateSchema })
export const AssistLogEntrySchema = z.object({
  id: IdSchema,
  kind: AssistKindSchema,
  topicId: IdSchema,
  topicTitle: z.string(),
  /** Masked: the list is read by the committee, and the act is hers. */
  residentName: z.string(),
  /** In full: the committee checks who acted for whom. */
  helperName: z.string(),
  helperRole: AssistHelperRoleSchema,
  reason: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  createdAtLocal: LocalMomentSchema,
})
export type AssistLogEntry = z.infer<typeof AssistLogEntrySchema>
export const AssistLogPageSchema = pageOf(AssistLogEntrySchema)
