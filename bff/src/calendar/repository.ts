import type { HolidayDay } from '@linli/shared'
import type { Db } from '../db/database'

export function findAllDays(db: Db): Promise<HolidayDay[]> {
  return db.selectFrom('holiday_day').select(['date', 'kind', 'name']).orderBy('date').execute()
}

export async function findNoticeYears(db: Db): Promise<number[]> {
  return (await db.selectFrom('holiday_notice').select('year').execute()).map((r) => r.year)
}

export function findNotice(db: Db, year: number) {
  return db.selectFrom('holiday_notice').selectAll().where('year', '=', year).executeTakeFirst()
}

export function findDaysOfYear(db: Db, year: number): Promise<HolidayDay[]> {
  return db.selectFrom('holiday_day').select(['date', 'kind', 'name']).where('year', '=', year).orderBy('date').execute()
}

/** Replaces a year's notice and days; call it inside a transaction so no reader sees half a year. */
export async function replaceYear(db: Db, year: number, source: string, loadedBy: string, now: Date, days: readonly HolidayDay[]): Promise<void> {
  await db.deleteFrom('holiday_day').where('year', '=', year).execute()
  await db
    .insertInto('holiday_notice')
    .values({ year, source, loaded_by: loadedBy, loaded_at: now })
    .onConflict((oc) => oc.column('year').doUpdateSet({ source, loaded_by: loadedBy, loaded_at: now }))
    .execute()
  if (days.length > 0) await db.insertInto('holiday_day').values(days.map((d) => ({ ...d, year }))).execute()
}

/** The zones of some communities (the column's default is Asia/Shanghai). */
export function findCommunityZones(db: Db, communityIds: readonly string[]) {
  return db.selectFrom('community').select(['id', 'timezone']).where('id', 'in', communityIds).execute()
}
