import { type MessageKind, defineMessageKinds } from '../notify/messages'

/**
 * The topic a message is about; `reason` is why (未立项, 已终止) and `detail` what happened, in one
 * line the note shows (the meeting's time and place, the update's progress, the street's answer).
 */
export type TopicMessagePayload = {
  topicId: string
  title: string
  reason?: string
  detail?: string
}

const detail = (p: TopicMessagePayload) => p.detail ?? null

/**
 * Every kind the consultation domain sends. Each opens the topic's page, which shows the state, the
 * meeting, the result and its history; the note says what changed.
 */
export const CONSULTATION_MESSAGES = defineMessageKinds({
  subject: (p: TopicMessagePayload) => ({ service: `议题：${p.title}`, date: '', time: '', place: '', previous: null }),
  target: (p: TopicMessagePayload) => ({ page: 'topic', topicId: p.topicId }),
  kinds: {
    topic_accepted: { title: '您提出的议题已立项', inApp: true, template: 'result', note: () => '社区将组织协商，请留意议题页面的安排' },
    topic_declined: { title: '您提出的议题未立项', inApp: true, template: 'result', note: (p) => (p.reason ? `原因：${p.reason}` : null) },
    // Meetings (item 4): her registration, a seat freed from the waitlist, the reminder before it starts.
    meeting_registered: { title: '议事会报名成功', inApp: false, template: 'result', note: detail },
    meeting_waitlisted: { title: '议事会已满，您在候补名单中', inApp: false, template: 'result', note: detail },
    meeting_seat_offered: { title: '议事会候补转为正式参会', inApp: true, template: 'change', note: detail },
    meeting_cancelled: { title: '议事会已取消', inApp: true, template: 'change', note: detail },
    meeting_reminder: { title: '议事会即将开始', inApp: true, template: 'reminder', note: detail },
    meeting_changed: { title: '议事会时间或地点有变', inApp: true, template: 'change', note: detail },
    // Votes (item 3): the result, to those who took part.
    vote_closed: { title: '表决已结束，结果已公布', inApp: true, template: 'result', note: detail },
    // Outcome (item 6): to followers of the topic, and the answer to her own objection.
    result_published: { title: '协商结果公示', inApp: true, template: 'change', note: detail },
    objection_answered: { title: '您提出的异议已答复', inApp: true, template: 'result', note: detail },
    implementation_updated: { title: '协商结果落实进展', inApp: true, template: 'change', note: detail },
    implementation_done: { title: '协商结果已落实，欢迎评议', inApp: true, template: 'change', note: detail },
    // To the street admins of the topic's street, once, when implementation passed its due day.
    implementation_overdue: { title: '协商结果落实已逾期', inApp: true, template: 'change', note: detail },
    // Escalation (item 8): the street's answer, published on the topic.
    escalation_answered: { title: '街道已答复上报的议题', inApp: true, template: 'change', note: detail },
  },
})

export type ConsultationMessageKind = MessageKind<TopicMessagePayload>
