import { z } from 'zod'

/**
 * 志愿服务 (issue 12): the words every volunteer feature shares. Each feature keeps its own schemas
 * in `volunteer-<feature>.ts` and its error fragment in `volunteer-<feature>-errors.ts`; errors.ts
 * spreads every fragment into ERRORS.
 * Never import './errors' here. Rules: docs/decisions/028-volunteer-domain.md and REFERENCE.md
 * "Volunteer service" (志愿服务条例, 志愿服务记录与证明出具办法, GB/T 40143).
 */

/** 服务类别 / 技能: what a volunteer can do and what an activity's hours are totalled by. */
export const VOLUNTEER_SKILLS = ['elder_care', 'tutoring', 'legal', 'counselling', 'medical', 'emergency', 'culture_sports', 'environment', 'disability', 'other'] as const
export const VolunteerSkillSchema = z.enum(VOLUNTEER_SKILLS)
export type VolunteerSkill = z.infer<typeof VolunteerSkillSchema>
export const VOLUNTEER_SKILL_LABELS: Record<VolunteerSkill, string> = {
  elder_care: '助老',
  tutoring: '助学',
  legal: '法律',
  counselling: '心理',
  medical: '医疗',
  emergency: '应急',
  culture_sports: '文体',
  environment: '环保',
  disability: '助残',
  other: '其他',
}

export const VolunteerStatusSchema = z.enum(['active', 'suspended', 'withdrawn'])
export type VolunteerStatus = z.infer<typeof VolunteerStatusSchema>

/** A community activity, a help request's one shift (时间银行), or helpers for a service slot. */
export const ActivityKindSchema = z.enum(['activity', 'help_request', 'service_slot'])
export type ActivityKind = z.infer<typeof ActivityKindSchema>
export const ActivityStatusSchema = z.enum(['draft', 'published', 'cancelled', 'finished'])
export type ActivityStatus = z.infer<typeof ActivityStatusSchema>
export const SignupStatusSchema = z.enum(['signed_up', 'waitlisted', 'cancelled'])
export type SignupStatus = z.infer<typeof SignupStatusSchema>
/** open: checked in, not out; pending: 待确认; confirmed; revoked (with a reason); superseded by a correction. */
export const RecordStatusSchema = z.enum(['open', 'pending', 'confirmed', 'revoked', 'superseded'])
export type RecordStatus = z.infer<typeof RecordStatusSchema>
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  open: '服务中',
  pending: '待确认',
  confirmed: '已确认',
  revoked: '已撤销',
  superseded: '已更正',
}

export { VOLUNTEER_ERRORS } from './volunteer-errors'
