import type { Evaluation } from '@linli/shared'
import { servedBookingIdsOfSlots } from '../booking/service'
import type { Db } from '../db/database'
import type { Auth } from '../http/env'
import { AppError } from '../http/errors'
import { ratingTallyOfBookings } from '../rating/stats'
import { canManageCommunity } from '../region/access'
import { findCommunityById } from '../region/service'
import * as core from './repository'
import { servedSlotIds } from './staffing-repository'

/**
 * 评价情况 (issue 12 item 5 ★; docs/decisions/034-volunteers-staff-services.md): beneficiaries' 好差评
 * of the service slots a volunteer served with confirmed hours. Counts only — never who rated or
 * what they wrote. 好评 = levels 4–5, 中评 = 3, 差评 = 1–2; ratings an upheld appeal took out are not
 * counted (rating decides which count).
 */

export async function evaluationOf(db: Db, userId: string): Promise<Evaluation> {
  const slotIds = await servedSlotIds(db, userId)
  if (slotIds.length === 0) return { slotsServed: 0, ratings: 0, good: 0, neutral: 0, poor: 0, goodShare: null }
  // Booking knows whom the slots served, rating how they rated it: each asked once, by ids.
  const tally = await ratingTallyOfBookings(db, await servedBookingIdsOfSlots(db, slotIds))
  const ratings = tally.good + tally.neutral + tally.poor
  return { slotsServed: slotIds.length, ratings, ...tally, goodShare: ratings === 0 ? null : tally.good / ratings }
}

/** Her own 评价情况. */
export async function myEvaluation(db: Db, auth: Auth): Promise<Evaluation> {
  const volunteer = await core.findVolunteer(db, auth.userId)
  if (!volunteer) throw new AppError('VOLUNTEER_NOT_REGISTERED')
  return evaluationOf(db, auth.userId)
}

/** A volunteer's 评价情况 as staff of her community (or the street admin over it) see it. */
export async function volunteerEvaluation(db: Db, auth: Auth, userId: string): Promise<Evaluation> {
  const volunteer = await core.findVolunteer(db, userId)
  if (!volunteer) throw new AppError('NOT_FOUND', { message: '没有找到该志愿者' })
  const community = await findCommunityById(db, volunteer.community_id)
  if (!community || !canManageCommunity(auth, community)) throw new AppError('FORBIDDEN')
  return evaluationOf(db, userId)
}
