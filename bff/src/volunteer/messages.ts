import { type MessageKind, defineMessageKinds } from '../notify/messages'

/**
 * What a volunteer message is about: an activity (its shift), a help request, or neither (her
 * 我的志愿: hours, levels, credits). `detail` is the one line the note shows (the shift's time and
 * place, the hours, the reason).
 */
export type VolunteerMessagePayload = {
  title: string
  activityId?: string
  helpRequestId?: string
  detail?: string
}

const detail = (p: VolunteerMessagePayload) => p.detail ?? null

/** Every kind the volunteer domain sends; each feature uses its own. */
export const VOLUNTEER_MESSAGES = defineMessageKinds({
  subject: (p: VolunteerMessagePayload) => ({ service: `志愿服务：${p.title}`, date: '', time: '', place: '', previous: null }),
  target: (p: VolunteerMessagePayload) =>
    p.activityId ? { page: 'activity', activityId: p.activityId } : p.helpRequestId ? { page: 'help', helpRequestId: p.helpRequestId } : { page: 'volunteer' },
  kinds: {
    // Activities and shifts (item 2).
    shift_signed_up: { title: '志愿活动报名成功', inApp: false, template: 'result', note: detail },
    shift_waitlisted: { title: '班次已满，您在候补名单中', inApp: false, template: 'result', note: detail },
    shift_seat_offered: { title: '候补转为正式报名', inApp: true, template: 'change', note: detail },
    shift_reminder: { title: '志愿服务即将开始', inApp: true, template: 'reminder', note: detail },
    activity_cancelled: { title: '志愿活动已取消', inApp: true, template: 'change', note: detail },
    activity_changed: { title: '志愿活动时间或地点有变', inApp: true, template: 'change', note: detail },
    // Hours (item 3).
    hours_confirmed: { title: '志愿服务时长已确认', inApp: true, template: 'result', note: detail },
    hours_fixed: { title: '志愿服务时长已更正', inApp: true, template: 'change', note: detail },
    hours_revoked: { title: '志愿服务记录已撤销', inApp: true, template: 'change', note: detail },
    // Certificates and star levels (items 4, 5).
    certificate_issued: { title: '志愿服务证明已出具', inApp: true, template: 'result', note: detail },
    star_level_announced: { title: '星级志愿者公示中', inApp: true, template: 'result', note: detail },
    star_level_awarded: { title: '您已获评星级志愿者', inApp: true, template: 'result', note: detail },
    // Help requests and the time bank (item 6).
    help_request_approved: { title: '求助已通过审核', inApp: true, template: 'result', note: detail },
    help_request_declined: { title: '求助未通过审核', inApp: true, template: 'result', note: detail },
    help_request_taken: { title: '志愿者已接单', inApp: true, template: 'change', note: detail },
    help_request_given_back: { title: '志愿者退回了求助，正在等待其他志愿者接单', inApp: true, template: 'change', note: detail },
    help_request_done: { title: '求助服务已完成', inApp: true, template: 'result', note: detail },
    help_request_withdrawn: { title: '求助人已撤回求助', inApp: true, template: 'change', note: detail },
    credits_received: { title: '收到时间银行时长', inApp: true, template: 'change', note: detail },
    // Volunteers for service slots (item 7).
    slot_helpers_needed: { title: '社区服务需要志愿者', inApp: true, template: 'change', note: detail },
  },
})

export type VolunteerMessageKind = MessageKind<VolunteerMessagePayload>
