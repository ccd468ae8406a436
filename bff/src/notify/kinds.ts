import { type MessageTarget, type NotificationKind, REPLY_EXCERPT_MAX_LENGTH } from '@linli/shared'

/** A stored payload as read back: the fields of `NotificationPayload`, any of which a kind may lack. */
export type StoredPayload = Readonly<Record<string, string | undefined>>

interface KindSpec {
  title: string
  /**
   * Shown in 我的消息 with a badge on 我的 until read. Off for what she has just done herself
   * (预约成功, 已加入候补): the page she tapped already told her.
   */
  inApp: boolean
  /** What else she should know, after the booking's service, date, time and place. */
  note(p: StoredPayload): string | null
  /** The page that shows what the message is about. */
  page: MessageTarget['page']
}

const reasonNote = (p: StoredPayload, otherwise: string | null) => (p.reason ? `原因：${p.reason}` : otherwise)

/** Every kind the outbox sends, in one place: its title, whether it goes to 我的消息, its note, its page. */
export const MESSAGE_KINDS: Record<NotificationKind, KindSpec> = {
  booked: { title: '预约成功', inApp: false, note: () => null, page: 'booking' },
  waitlisted: { title: '已加入候补', inApp: false, note: () => '有人取消时按顺序为您补上', page: 'booking' },
  confirmed: { title: '预约已确认', inApp: true, note: () => '请按时到场', page: 'booking' },
  declined: { title: '预约未通过', inApp: true, note: (p) => reasonNote(p, '可以改约其他时段'), page: 'booking' },
  reminder: { title: '预约提醒', inApp: true, note: () => '请按时到场', page: 'booking' },
  cancelled_by_staff: { title: '预约已被社区取消', inApp: true, note: (p) => reasonNote(p, null), page: 'booking' },
  cancelled_by_closure: {
    title: '当天暂停服务，预约已取消',
    inApp: true,
    note: (p) => (p.reason ? `原因：${p.reason}，可以改约其他日期` : '可以改约其他日期'),
    page: 'booking',
  },
  promoted: { title: '候补成功，已为您预约', inApp: true, note: () => '请按时到场', page: 'booking' },
  rescheduled: { title: '预约已改期', inApp: true, note: () => '请按新的时间到场', page: 'booking' },
  case_replied: { title: '社区已答复您的评价', inApp: true, note: (p) => (p.reply ? `答复：${p.reply}` : null), page: 'rating' },
  case_escalated: { title: '您的评价已上报街道督办', inApp: true, note: () => '社区未在期限内答复，街道将督促办理', page: 'rating' },
}

/** The start of a 差评 reply for a message; the whole reply is on the rating page. */
export function replyExcerpt(reply: string): string {
  const chars = [...reply.trim()]
  return chars.length > REPLY_EXCERPT_MAX_LENGTH ? `${chars.slice(0, REPLY_EXCERPT_MAX_LENGTH - 1).join('')}…` : chars.join('')
}

export function messageTarget(kind: NotificationKind, p: StoredPayload): MessageTarget {
  return { page: MESSAGE_KINDS[kind].page, bookingId: p.bookingId ?? '' }
}
