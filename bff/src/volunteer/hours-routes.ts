import {
  ActivityHoursSchema,
  CheckCodeSchema,
  ConfirmHoursSchema,
  ConfirmResultSchema,
  HoursRecordSchema,
  MyRecordsQuerySchema,
  MyRecordsSchema,
  MyShiftListSchema,
  MyShiftSchema,
  RecordFixSchema,
  RecordRevokeSchema,
  RecordsExportQuerySchema,
  ShiftCodeSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as hours from './hours'
import * as records from './records'

const ShiftParams = z.object({ shiftId: z.uuid() })
const ActivityParams = z.object({ activityId: z.uuid() })
const RecordParams = z.object({ recordId: z.uuid() })
const CommunityParams = z.object({ communityId: z.uuid() })
const TAGS = ['volunteer'] as const
/** Organisers are staff or team leaders (who are volunteers): the service checks which activity. */
const ANYONE = ['resident'] as const
const VOLUNTEER = ['volunteer'] as const
const STAFF = ['staff', 'street_admin'] as const

/** Routes of 志愿服务 — 签到签退、时长确认与更正、服务记录 (issue 12 items 3, 4); app.ts mounts them. */
export function hoursRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(ANYONE, {
        method: 'get',
        path: '/volunteer/shifts/{shiftId}/code',
        tags: [...TAGS],
        summary: '组织者：班次当前的签到码（每分钟更换）与签到二维码',
        request: { params: ShiftParams },
        responses: { 200: { description: 'code', ...json(ShiftCodeSchema) } },
      }),
      // The QR points where this request came: the BFF serves the H5 app on the same origin.
      async (c) => c.json(await hours.shiftCode(deps, requireAuth(c.get('auth')), c.req.valid('param').shiftId, new URL(c.req.url).origin), 200),
    )
    .openapi(
      defineRoute(
        VOLUNTEER,
        {
          method: 'post',
          path: '/volunteer/shifts/{shiftId}/check-in',
          tags: [...TAGS],
          summary: '志愿者签到：输入或扫描组织者的签到码（班次开始前 30 分钟至结束）。支持 Idempotency-Key',
          request: { params: ShiftParams, ...body(CheckCodeSchema) },
          responses: { 200: { description: 'checked in', ...json(MyShiftSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await hours.checkIn(deps, requireAuth(c.get('auth')), c.req.valid('param').shiftId, c.req.valid('json').code), 200),
    )
    .openapi(
      defineRoute(
        VOLUNTEER,
        {
          method: 'post',
          path: '/volunteer/shifts/{shiftId}/check-out',
          tags: [...TAGS],
          summary: '志愿者签退（至班次结束后 30 分钟）：时长按签退减签到计，不超过班次时长，待组织者确认。支持 Idempotency-Key',
          request: { params: ShiftParams, ...body(CheckCodeSchema) },
          responses: { 200: { description: 'checked out', ...json(MyShiftSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await hours.checkOut(deps, requireAuth(c.get('auth')), c.req.valid('param').shiftId, c.req.valid('json').code), 200),
    )
    .openapi(
      defineRoute(VOLUNTEER, {
        method: 'get',
        path: '/volunteer/me/shifts',
        tags: [...TAGS],
        summary: '我的班次：即将开始或进行中的班次与签到签退状态',
        responses: { 200: { description: 'shifts', ...json(MyShiftListSchema) } },
      }),
      async (c) => c.json(await hours.myShifts(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(VOLUNTEER, {
        method: 'get',
        path: '/volunteer/me/records',
        tags: [...TAGS],
        summary: '我的服务记录：按年度和类别的已确认时长，及记录列表（按服务日期倒序分页）',
        request: { query: MyRecordsQuerySchema },
        responses: { 200: { description: 'records', ...json(MyRecordsSchema) } },
      }),
      // The kept page's own JSON text (records.ts): the same answer, not serialised again.
      async (c) => c.body(await records.myRecordsJson(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200, { 'content-type': 'application/json' }),
    )
    .openapi(
      defineRoute(ANYONE, {
        method: 'get',
        path: '/volunteer/activities/{activityId}/hours',
        tags: [...TAGS],
        summary: '组织者：活动各班次的签到名单（姓名脱敏）、签到签退时间与时长',
        request: { params: ActivityParams },
        responses: { 200: { description: 'roster', ...json(ActivityHoursSchema) } },
      }),
      async (c) => c.json(await hours.activityHours(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId), 200),
    )
    .openapi(
      defineRoute(
        ANYONE,
        {
          method: 'post',
          path: '/volunteer/activities/{activityId}/hours/confirm',
          tags: [...TAGS],
          summary: '组织者批量确认时长：所选记录，或某班次全部待确认记录（不能确认自己的）。支持 Idempotency-Key',
          request: { params: ActivityParams, ...body(ConfirmHoursSchema) },
          responses: { 200: { description: 'confirmed', ...json(ConfirmResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await hours.confirmRecords(deps, requireAuth(c.get('auth')), c.req.valid('param').activityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ANYONE,
        {
          method: 'post',
          path: '/volunteer/records/{recordId}/fix',
          tags: [...TAGS],
          summary: '组织者更正记录（漏签退等）：须填原因，生成新的待确认记录，原记录标为已更正。支持 Idempotency-Key',
          request: { params: RecordParams, ...body(RecordFixSchema) },
          responses: { 200: { description: 'the new record', ...json(HoursRecordSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await hours.fixRecord(deps, requireAuth(c.get('auth')), c.req.valid('param').recordId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ANYONE,
        {
          method: 'post',
          path: '/volunteer/records/{recordId}/revoke',
          tags: [...TAGS],
          summary: '组织者撤销待确认或已确认的记录（须填原因；已确认的时长随之扣除）。支持 Idempotency-Key',
          request: { params: RecordParams, ...body(RecordRevokeSchema) },
          responses: { 200: { description: 'revoked', ...json(HoursRecordSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await hours.revokeRecord(deps, requireAuth(c.get('auth')), c.req.valid('param').recordId, c.req.valid('json').reason, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/communities/{communityId}/volunteer-records/export',
        tags: [...TAGS],
        summary: '导出已确认的志愿服务记录（全国志愿服务信息系统字段，CSV）',
        request: { params: CommunityParams, query: RecordsExportQuerySchema },
        responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      }),
      async (c) => {
        const csv = await records.exportNationalCsv(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('query'), c.get('requestId'))
        return c.body(csv.body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${csv.filename}"` })
      },
    )
}
