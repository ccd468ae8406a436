import { ActivityHoursSchema, ConfirmResultSchema, HoursRecordSchema, MyRecordsSchema, MyShiftListSchema, MyShiftSchema, ShiftCodeSchema } from '@linli/shared'
import { call } from '../../../api/client'

/** 志愿服务 hours (issue 12 items 3, 4): the BFF's check-in, confirmation and records routes. */
export const hoursApi = {
  code: (shiftId: string) => call(ShiftCodeSchema, 'GET', `/volunteer/shifts/${shiftId}/code`),
  myShifts: () => call(MyShiftListSchema, 'GET', '/volunteer/me/shifts'),
  checkIn: (shiftId: string, code: string, idempotencyKey: string) => call(MyShiftSchema, 'POST', `/volunteer/shifts/${shiftId}/check-in`, { body: { code }, idempotencyKey }),
  checkOut: (shiftId: string, code: string, idempotencyKey: string) => call(MyShiftSchema, 'POST', `/volunteer/shifts/${shiftId}/check-out`, { body: { code }, idempotencyKey }),
  activity: (activityId: string) => call(ActivityHoursSchema, 'GET', `/volunteer/activities/${activityId}/hours`),
  confirm: (activityId: string, body: { recordIds: string[] } | { shiftId: string }, idempotencyKey: string) =>
    call(ConfirmResultSchema, 'POST', `/volunteer/activities/${activityId}/hours/confirm`, { body, idempotencyKey }),
  fix: (recordId: string, body: { minutes: number; reason: string }, idempotencyKey: string) => call(HoursRecordSchema, 'POST', `/volunteer/records/${recordId}/fix`, { body, idempotencyKey }),
  revoke: (recordId: string, reason: string, idempotencyKey: string) => call(HoursRecordSchema, 'POST', `/volunteer/records/${recordId}/revoke`, { body: { reason }, idempotencyKey }),
  records: (cursor?: string) => call(MyRecordsSchema, 'GET', '/volunteer/me/records', { query: cursor ? { cursor } : {} }),
}
