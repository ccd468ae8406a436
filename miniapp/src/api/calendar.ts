import {
  CalendarStatusSchema,
  type HolidayNoticeInputSchema,
  HolidayYearSchema,
  type TodayQuerySchema,
  TodaySchema,
} from '@linli/shared'
import { type Input, call } from './client'

/** The server's today, and the holiday notices working days are counted by. */
export const calendarApi = {
  today: (communityId?: string) => call(TodaySchema, 'GET', '/calendar/today', { query: { communityId } satisfies Input<typeof TodayQuerySchema> }),
  calendarStatus: () => call(CalendarStatusSchema, 'GET', '/staff/calendar/status'),
  holidayYear: (year: number) => call(HolidayYearSchema, 'GET', `/staff/holidays/${year}`),
  loadHolidayNotice: (year: number, input: Input<typeof HolidayNoticeInputSchema>) =>
    call(HolidayYearSchema, 'PUT', `/staff/holidays/${year}`, { body: input }),
}
