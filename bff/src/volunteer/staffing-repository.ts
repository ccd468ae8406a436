import { type VolunteerSkill } from '@linli/shared'
import { sql } from 'kysely'
import type { Db } from '../db/database'

/**
 * The staffing feature's reads and writes (issue 12 item 7): a slot's helper request is a
 * volunteer_activity of kind 'service_slot' with one shift, so everything here reads the core tables.
 */

const OPEN_SIGNUPS = ['signed_up', 'waitlisted'] as const

/** The helper requests (live or ended) of some slots, each with its one shift: newest first per slot. */
export function requestsOfSlots(db: Db, slotIds: readonly string[]) {
  if (slotIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_activity as a')
    .innerJoin('volunteer_shift as s', 's.activity_id', 'a.id')
    .select([
      'a.id as activity_id',
      'a.slot_id',
      'a.community_id',
      'a.title',
      'a.category',
      'a.required_skills',
      'a.place',
      'a.status',
      'a.cancel_reason',
      'a.created_at',
      's.id as shift_id',
      's.role',
      's.starts_at',
      's.ends_at',
      's.capacity',
      's.taken',
    ])
    .where('a.kind', '=', 'service_slot')
    .where('a.slot_id', 'in', [...slotIds])
    .orderBy('a.created_at', 'desc')
    .execute()
}
export type RequestRow = Awaited<ReturnType<typeof requestsOfSlots>>[number]

/** The request behind an activity id, locked for the caller's transaction (two cancels queue). */
export function lockRequest(db: Db, activityId: string) {
  return db
    .selectFrom('volunteer_activity as a')
    .innerJoin('volunteer_shift as s', 's.activity_id', 'a.id')
    .select(['a.id as activity_id', 'a.slot_id', 'a.community_id', 'a.title', 'a.status', 's.id as shift_id'])
    .where('a.id', '=', activityId)
    .where('a.kind', '=', 'service_slot')
    .forUpdate('a')
    .executeTakeFirst()
}

/** Live requests of some slots, locked: what a closed or cancelled slot ends. */
export function lockLiveRequestsOfSlots(db: Db, slotIds: readonly string[]) {
  if (slotIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_activity as a')
    .innerJoin('volunteer_shift as s', 's.activity_id', 'a.id')
    .select(['a.id as activity_id', 'a.slot_id', 'a.community_id', 'a.title', 'a.status', 's.id as shift_id'])
    .where('a.kind', '=', 'service_slot')
    .where('a.slot_id', 'in', [...slotIds])
    .where('a.status', 'in', ['draft', 'published'])
    .forUpdate('a')
    .execute()
}

/** Sign-ups holding or waiting for a seat on some shifts, oldest first, with the sealed name. */
export function openSignupsOf(db: Db, shiftIds: readonly string[]) {
  if (shiftIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('volunteer_signup as g')
    .innerJoin('volunteer as v', 'v.user_id', 'g.user_id')
    .select(['g.id', 'g.shift_id', 'g.user_id', 'g.community_id', 'g.status', 'v.name_enc'])
    .where('g.shift_id', 'in', [...shiftIds])
    .where('g.status', 'in', [...OPEN_SIGNUPS])
    .orderBy('g.created_at')
    .execute()
}

export async function markCancelled(db: Db, activityId: string, reason: string): Promise<void> {
  await db.updateTable('volunteer_activity').set({ status: 'cancelled', cancel_reason: reason }).where('id', '=', activityId).execute()
}

/**
 * Cancels every open sign-up of a shift and gives its seats back in the same statement pair:
 * nobody is promoted (the activity is over), so the counter goes to zero with them.
 */
export async function cancelSignupsOf(db: Db, shiftId: string, at: Date) {
  const cancelled = await db
    .updateTable('volunteer_signup')
    .set({ status: 'cancelled', cancelled_at: at })
    .where('shift_id', '=', shiftId)
    .where('status', 'in', [...OPEN_SIGNUPS])
    .returning(['user_id', 'community_id', 'status'])
    .execute()
  await db.updateTable('volunteer_shift').set({ taken: 0 }).where('id', '=', shiftId).execute()
  return cancelled
}

/** Active volunteers of a community with any of the skills, oldest registration first, at most `limit`. */
export function volunteersWithSkills(db: Db, communityId: string, skills: readonly VolunteerSkill[], limit: number) {
  return db
    .selectFrom('volunteer')
    .select(['user_id', 'community_id'])
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .where(sql<boolean>`skills && ${sql.val([...skills])}::text[]`)
    .orderBy('registered_at')
    .limit(limit)
    .execute()
}

/** The slots she served with confirmed hours (评价情况): one row per slot however many records. */
export async function servedSlotIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('volunteer_record as r')
    .innerJoin('volunteer_activity as a', 'a.id', 'r.activity_id')
    .select('a.slot_id')
    .distinct()
    .where('r.user_id', '=', userId)
    .where('r.status', '=', 'confirmed')
    .where('a.kind', '=', 'service_slot')
    .where('a.slot_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.slot_id ? [r.slot_id] : []))
}

/** A helper holding a seat she has taken (the demo's scenery; volunteers sign up through activities/signups). */
export async function insertSignup(db: Db, values: { shiftId: string; userId: string; communityId: string; at: Date }): Promise<void> {
  await db
    .insertInto('volunteer_signup')
    .values({ shift_id: values.shiftId, user_id: values.userId, community_id: values.communityId, status: 'signed_up', created_at: values.at })
    .execute()
}
