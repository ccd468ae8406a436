import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { PageQuerySchema, pageOf } from './common'

/** The page a message opens: the booking, the rating with its rectification and reply, a 协商 topic, or a 志愿服务 page. */
export const MessageTargetSchema = z.discriminatedUnion('page', [
  z.object({ page: z.enum(['booking', 'rating']), bookingId: z.uuid() }),
  z.object({ page: z.literal('topic'), topicId: z.uuid() }),
  // 志愿服务: an activity (a shift she signed up for), a help request, or her own 我的志愿 (hours, levels, credits).
  z.object({ page: z.literal('activity'), activityId: z.uuid() }),
  z.object({ page: z.literal('help'), helpRequestId: z.uuid() }),
  z.object({ page: z.literal('volunteer') }),
])
export type MessageTarget = z.infer<typeof MessageTargetSchema>

/** Mini-program path of a target (no leading slash, as WeChat's subscribe message `page` wants it). */
export function messagePagePath(target: MessageTarget): string {
  switch (target.page) {
    case 'topic':
      return `packages/consultation/pages/topic/index?id=${target.topicId}`
    case 'rating':
      return `packages/rating/pages/rate/index?bookingId=${target.bookingId}`
    case 'booking':
      return `packages/booking/pages/detail/index?id=${target.bookingId}`
    case 'activity':
      return `packages/volunteer/pages/activity/index?id=${target.activityId}`
    case 'help':
      return `packages/volunteer/pages/help/index?id=${target.helpRequestId}`
    case 'volunteer':
      return 'packages/volunteer/pages/profile/index'
  }
}

export const InboxMessageSchema = z.object({
  id: z.uuid(),
  /** The kind's name (`booked`, `case_replied` …): each domain defines its own kinds in the BFF. */
  kind: z.string().min(1),
  title: z.string(),
  /** The booking it is about: date `YYYY-MM-DD` and time `HH:mm–HH:mm` in the community's zone; a topic: its title, the rest empty. */
  service: z.string(),
  date: z.string(),
  time: z.string(),
  place: z.string(),
  /** A reschedule's old slot. */
  previous: z.object({ date: z.string(), time: z.string() }).nullable(),
  /** What else she should know: the reason, the start of the reply, what to do next. */
  note: z.string().nullable(),
  target: MessageTargetSchema,
  createdAt: z.iso.datetime({ offset: true }),
  /** When it was sent, on the clock of the community it is about. */
  createdAtLocal: LocalMomentSchema,
  read: z.boolean(),
})
export type InboxMessage = z.infer<typeof InboxMessageSchema>

export const InboxQuerySchema = PageQuerySchema
export const InboxPageSchema = pageOf(InboxMessageSchema)
export const UnreadCountSchema = z.object({ unread: z.number().int().min(0) })
export type UnreadCount = z.infer<typeof UnreadCountSchema>
