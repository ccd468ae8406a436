import type { HolidayKind } from '@linli/shared'
import type { Generated } from 'kysely'

/** One State Council notice per year; a year without a row falls back to the fixed-date days. */
export interface HolidayNoticeTable {
  year: number
  source: string
  loaded_at: Generated<Date>
  loaded_by: string | null
}

/** A day the notice lists: 休 (off) or 班 (a make-up working day). Days it does not list follow the week. */
export interface HolidayDayTable {
  date: string
  year: number
  kind: HolidayKind
  name: string
}
