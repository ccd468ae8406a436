import { type BookingMessagePayload, bookingSubject } from '../booking/messages'
import { type MessageKind, defineMessageKinds } from '../notify/messages'

/** How much of a 差评 reply a message quotes; the whole reply is on the rating page. */
export const REPLY_EXCERPT_MAX_LENGTH = 40

/** The rated booking, the case, and for a 答复 the start of the reply. */
export type RatingMessagePayload = BookingMessagePayload & { caseId: string; reply?: string }

/** The start of a 差评 reply for a message. */
export function replyExcerpt(reply: string): string {
  const chars = [...reply.trim()]
  return chars.length > REPLY_EXCERPT_MAX_LENGTH ? `${chars.slice(0, REPLY_EXCERPT_MAX_LENGTH - 1).join('')}…` : chars.join('')
}

/** What became of her 差评: both open the rating page, which shows the case and the whole reply. */
export const RATING_MESSAGES = defineMessageKinds({
  subject: (p: RatingMessagePayload) => bookingSubject(p),
  target: (p: RatingMessagePayload) => ({ page: 'rating', bookingId: p.bookingId }),
  kinds: {
    case_replied: { title: '社区已答复您的评价', inApp: true, template: 'result', note: (p) => (p.reply ? `答复：${p.reply}` : null) },
    case_escalated: { title: '您的评价已上报街道督办', inApp: true, template: 'change', note: () => '社区未在期限内答复，街道将督促办理' },
  },
})

export type RatingMessageKind = MessageKind<RatingMessagePayload>
