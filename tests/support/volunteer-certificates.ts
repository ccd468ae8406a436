import type { VolunteerSkill } from '@linli/shared'
import { type Insertable, sql } from 'kysely'
import type { Db } from '../../bff/src/db/database'
import { openRecord } from '../../bff/src/volunteer/hours-repository'
import { afterHoursChanged } from '../../bff/src/volunteer/star-levels'
import type { VolunteerRecordTable } from '../../bff/src/volunteer/table'

/**
 * Scenery for the certificate feature's tests (issue 12 items 4, 5, 8): confirmed hours as the
 * hours feature leaves them — a confirmed record and the rollup raised in one transaction, then
 * afterHoursChanged as confirmed.ts calls it — without going through check-in and confirmation.
 */
export async function confirmHours(
  db: Db,
  values: { userId: string; communityId: string; activityId: string; confirmedBy: string; minutes: number; serviceDate: string; category?: VolunteerSkill },
  now: Date,
) {
  const category = values.category ?? 'elder_care'
  return db.transaction().execute(async (trx) => {
    const checkedIn = new Date(`${values.serviceDate}T01:00:00Z`)
    const record = await trx
      .insertInto('volunteer_record')
      .values({
        ...recordRow({ userId: values.userId, communityId: values.communityId, activityId: values.activityId, category, serviceDate: values.serviceDate, checkedInAt: checkedIn }),
        checked_out_at: new Date(checkedIn.getTime() + values.minutes * 60_000),
        minutes: values.minutes,
        status: 'confirmed',
        confirmed_by: values.confirmedBy,
        confirmed_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await addToRollup(trx, values.userId, Number(values.serviceDate.slice(0, 4)), category, values.minutes, 1)
    await afterHoursChanged(trx, [values.userId], now)
    return record
  })
}

/** A service record as check-in leaves it (open, nothing confirmed, fixed or revoked): the fields a test changes go on top. */
export function recordRow(values: { userId: string; communityId: string; activityId: string; category?: VolunteerSkill; serviceDate: string; checkedInAt: Date }): Insertable<VolunteerRecordTable> {
  return openRecord({
    user_id: values.userId,
    community_id: values.communityId,
    activity_id: values.activityId,
    shift_id: null,
    category: values.category ?? 'elder_care',
    service_date: values.serviceDate,
    checked_in_at: values.checkedInAt,
  })
}

/** A confirmed record revoked, as the hours feature would: the rollup reduced, then afterHoursChanged. */
export async function revokeHours(db: Db, record: { id: string; user_id: string; service_date: string; category: VolunteerSkill; minutes: number | null }, by: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('volunteer_record').set({ status: 'revoked', revoked_by: by, revoked_at: now, revoke_reason: '核实未到岗' }).where('id', '=', record.id).execute()
    await trx
      .updateTable('volunteer_hours_rollup')
      .set({ minutes: sql`minutes - ${record.minutes ?? 0}`, records: sql`records - 1` })
      .where('user_id', '=', record.user_id)
      .where('year', '=', Number(record.service_date.slice(0, 4)))
      .where('category', '=', record.category)
      .execute()
    await afterHoursChanged(trx, [record.user_id], now)
  })
}

async function addToRollup(trx: Db, userId: string, year: number, category: VolunteerSkill, minutes: number, records: number) {
  await trx
    .insertInto('volunteer_hours_rollup')
    .values({ user_id: userId, year, category, minutes, records })
    .onConflict((oc) => oc.columns(['user_id', 'year', 'category']).doUpdateSet({ minutes: sql`volunteer_hours_rollup.minutes + ${minutes}`, records: sql`volunteer_hours_rollup.records + ${records}` }))
    .execute()
}
