import { CalendarStatusSchema, HolidayNoticeInputSchema, HolidayYearParamsSchema, HolidayYearSchema, TodayQuerySchema, TodaySchema } from '@linli/shared'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as calendar from './service'

const STAFF = ['staff', 'street_admin'] as const
// The notice is the State Council's, the same for every community: a street admin loads it, audited.
const STREET_ADMIN = ['street_admin'] as const

export function calendarRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/calendar/today',
        tags: ['calendar'],
        summary: '服务器时钟的今天和现在（社区所在时区；不传社区为北京时间）',
        request: { query: TodayQuerySchema },
        responses: { 200: { description: 'today', ...json(TodaySchema) }, 404: { description: 'COMMUNITY_NOT_FOUND' } },
      }),
      async (c) => c.json(await calendar.today(deps, c.req.valid('query').communityId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/calendar/status',
        tags: ['calendar'],
        summary: '节假日安排是否已导入（自 12 月 1 日起提醒导入下一年）',
        responses: { 200: { description: 'status', ...json(CalendarStatusSchema) } },
      }),
      async (c) => c.json(await calendar.calendarStatus(deps), 200),
    )
    .openapi(
      defineRoute(STREET_ADMIN, {
        method: 'get',
        path: '/staff/holidays/{year}',
        tags: ['calendar'],
        summary: '某年的节假日与调休上班日',
        request: { params: HolidayYearParamsSchema },
        responses: { 200: { description: 'year', ...json(HolidayYearSchema) } },
      }),
      async (c) => c.json(await calendar.getYear(deps, c.req.valid('param').year), 200),
    )
    .openapi(
      defineRoute(STREET_ADMIN, {
        method: 'put',
        path: '/staff/holidays/{year}',
        tags: ['calendar'],
        summary: '导入某年的国务院节假日安排（整年替换，记入审计日志）',
        request: { params: HolidayYearParamsSchema, ...body(HolidayNoticeInputSchema) },
        responses: { 200: { description: 'loaded', ...json(HolidayYearSchema) } },
      }),
      async (c) =>
        c.json(
          await calendar.loadNotice(deps, requireAuth(c.get('auth')), c.req.valid('param').year, c.req.valid('json'), c.get('requestId')),
          200,
        ),
    )
}
