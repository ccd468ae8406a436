import { type Insertable, sql } from 'kysely'
import type { Db } from '../db/database'
import { readTogether } from '../platform/together'
import type { SeatTables } from '../seats/seats'
import type { VolunteerActivityTable, VolunteerShiftTable } from './table'

/**
 * The volunteer domain's core reads and writes, shared by its features (each feature keeps its
 * own in `<feature>-repository.ts`). Only this domain names its tables (table-ownership.test.ts).
 */

/** Shifts are capacity rows of the seats kernel, sign-ups its holders (decision 013). */
export const SHIFT_SEATS: SeatTables = {
  capacity: { table: 'volunteer_shift', taken: 'taken' },
  holders: {
    table: 'volunteer_signup',
    capacityId: 'shift_id',
    status: 'status',
    waiting: 'waitlisted',
    open: ['signed_up', 'waitlisted'],
    codeScope: 'community_id',
    code: 'check_in_code',
  },
}

/** Her registration; registrations asked for at the same moment are read in one statement (platform/together). */
export const findVolunteer = readTogether(async (db: Db, userIds: readonly string[]) => {
  const rows = await db.selectFrom('volunteer').selectAll().where(sql<boolean>`user_id = any(${userIds}::uuid[])`).execute()
  return new Map(rows.map((r) => [r.user_id, r]))
})

export function findActivity(db: Db, activityId: string) {
  return db.selectFrom('volunteer_activity').selectAll().where('id', '=', activityId).executeTakeFirst()
}

export function findShift(db: Db, shiftId: string) {
  return db.selectFrom('volunteer_shift').selectAll().where('id', '=', shiftId).executeTakeFirst()
}

/** The shift with its activity, for rules that need both (eligibility, check-in, organiser). */
export function findShiftWithActivity(db: Db, shiftId: string) {
  return db
    .selectFrom('volunteer_shift as s')
    .innerJoin('volunteer_activity as a', 'a.id', 's.activity_id')
    .selectAll('s')
    .select(['a.kind', 'a.title', 'a.category', 'a.status as activity_status', 'a.team_id', 'a.min_age', 'a.minors_with_guardian', 'a.required_skills', 'a.place', 'a.slot_id'])
    .where('s.id', '=', shiftId)
    .executeTakeFirst()
}

export function insertActivity(db: Db, values: Insertable<VolunteerActivityTable>) {
  return db.insertInto('volunteer_activity').values(values).returningAll().executeTakeFirstOrThrow()
}

export function insertShifts(db: Db, values: Insertable<VolunteerShiftTable>[]) {
  return db.insertInto('volunteer_shift').values(values).returningAll().execute()
}

/** Is she a leader of this team? */
export async function leadsTeam(db: Db, userId: string, teamId: string): Promise<boolean> {
  const row = await db.selectFrom('volunteer_team_member').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).where('role', '=', 'leader').executeTakeFirst()
  return row !== undefined
}
