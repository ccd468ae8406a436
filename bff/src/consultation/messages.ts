import { type MessageKind, defineMessageKinds } from '../notify/messages'

/** The topic a message is about, and for 未立项 the reason staff (or the expiry) gave. */
export type TopicMessagePayload = {
  topicId: string
  title: string
  reason?: string
}

/** What became of the topic she raised: both open its page, which shows the state and its history. */
export const CONSULTATION_MESSAGES = defineMessageKinds({
  subject: (p: TopicMessagePayload) => ({ service: `议题：${p.title}`, date: '', time: '', place: '', previous: null }),
  target: (p: TopicMessagePayload) => ({ page: 'topic', topicId: p.topicId }),
  kinds: {
    topic_accepted: { title: '您提出的议题已立项', inApp: true, template: 'result', note: () => '社区将组织协商，请留意议题页面的安排' },
    topic_declined: { title: '您提出的议题未立项', inApp: true, template: 'result', note: (p) => (p.reason ? `原因：${p.reason}` : null) },
  },
})

export type ConsultationMessageKind = MessageKind<TopicMessagePayload>
