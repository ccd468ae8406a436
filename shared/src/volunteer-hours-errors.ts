/** The refusals of volunteer-hours.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_HOURS_ERRORS = {
  VOLUNTEER_CODE_INVALID: { status: 400, message: '签到码不正确或已过期，请输入组织者屏幕上最新的 6 位数字' },
  VOLUNTEER_NO_SEAT: { status: 403, message: '您没有报名这个班次（候补或已取消不能签到）' },
  VOLUNTEER_CHECK_IN_NOT_OPEN: { status: 409, message: '签到在班次开始前 30 分钟开放，请稍后再来' },
  VOLUNTEER_CHECK_IN_CLOSED: { status: 409, message: '班次已结束，不能再签到；请联系组织者补录' },
  VOLUNTEER_ALREADY_CHECKED_IN: { status: 409, message: '您已经签到过了' },
  VOLUNTEER_NOT_CHECKED_IN: { status: 409, message: '您还没有签到，不能签退' },
  VOLUNTEER_ALREADY_CHECKED_OUT: { status: 409, message: '您已经签退过了' },
  VOLUNTEER_CHECK_OUT_CLOSED: { status: 409, message: '已超过签退时间（班次结束后 30 分钟），请联系组织者补录' },
  VOLUNTEER_RECORD_NOT_FOUND: { status: 404, message: '没有找到该服务记录' },
  VOLUNTEER_RECORD_NOT_FIXABLE: { status: 409, message: '该记录已撤销或已被更正，不能再更正' },
  VOLUNTEER_RECORD_NOT_REVOCABLE: { status: 409, message: '只有待确认或已确认的记录可以撤销' },
  VOLUNTEER_MINUTES_OVER_CAP: { status: 400, message: '服务时长不能超过班次时长' },
  VOLUNTEER_CONFIRM_OWN: { status: 409, message: '不能确认或更正自己的服务时长（谁记录谁证明）' },
} as const
