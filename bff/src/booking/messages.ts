import { localDate, localTime } from '../calendar/local-time'
import { type MessageKind, type MessageSubject, defineMessageKinds } from '../notify/messages'

/**
 * What every booking message carries: the booking (its service, date, time and place) and, by
 * kind, the reason (declined, cancelled) or the old slot (rescheduled: `fromDate`, `fromTime`).
 */
export type BookingMessagePayload = {
  bookingId: string
  service: string
  date: string
  time: string
  place: string
  reason?: string
  fromDate?: string
  fromTime?: string
}

/** The payload of a booking's message, in its community's zone; `reason` when staff gave one. */
export function bookingMessagePayload(
  row: { id: string; service_name: string; starts_at: Date; ends_at: Date; timezone: string; facility_name: string | null },
  reason?: string | null,
): BookingMessagePayload {
  return {
    bookingId: row.id,
    service: row.service_name,
    date: localDate(row.starts_at, row.timezone),
    time: `${localTime(row.starts_at, row.timezone)}–${localTime(row.ends_at, row.timezone)}`,
    place: row.facility_name ?? '社区党群服务中心',
    ...(reason ? { reason } : {}),
  }
}

/** The booking a message is about; a reschedule also names the slot it left. */
export function bookingSubject(p: BookingMessagePayload): MessageSubject {
  return { service: p.service, date: p.date, time: p.time, place: p.place, previous: p.fromDate ? { date: p.fromDate, time: p.fromTime ?? '' } : null }
}

const reasonNote = (p: BookingMessagePayload, otherwise: string | null) => (p.reason ? `原因：${p.reason}` : otherwise)

/**
 * Everything booking tells a resident. 预约成功 and 已加入候补 report what she has just done, so
 * they go to WeChat only; every change someone else made also waits in 我的消息.
 */
export const BOOKING_MESSAGES = defineMessageKinds({
  subject: bookingSubject,
  target: (p: BookingMessagePayload) => ({ page: 'booking', bookingId: p.bookingId }),
  kinds: {
    booked: { title: '预约成功', inApp: false, template: 'result' },
    waitlisted: { title: '已加入候补', inApp: false, template: 'result', note: () => '有人取消时按顺序为您补上' },
    confirmed: { title: '预约已确认', inApp: true, template: 'result', note: () => '请按时到场' },
    promoted: { title: '候补成功，已为您预约', inApp: true, template: 'result', note: () => '请按时到场' },
    declined: { title: '预约未通过', inApp: true, template: 'change', note: (p) => reasonNote(p, '可以改约其他时段') },
    cancelled_by_staff: { title: '预约已被社区取消', inApp: true, template: 'change', note: (p) => reasonNote(p, null) },
    cancelled_by_closure: {
      title: '当天暂停服务，预约已取消',
      inApp: true,
      template: 'change',
      note: (p) => (p.reason ? `原因：${p.reason}，可以改约其他日期` : '可以改约其他日期'),
    },
    rescheduled: { title: '预约已改期', inApp: true, template: 'change', note: () => '请按新的时间到场' },
    reminder: { title: '预约提醒', inApp: true, template: 'reminder', note: () => '请按时到场' },
  },
})

export type BookingMessageKind = MessageKind<BookingMessagePayload>
