/**
 * Stable error codes shared by the BFF and the mini-program. The message is Chinese and fit to show
 * to a resident as it is; the mini-program may show a friendlier one from its own table.
 */
import { ASSIST_ERRORS } from './consultation-assist-errors'
import { MEETING_ERRORS } from './consultation-meetings-errors'
import { OUTCOME_ERRORS } from './consultation-outcomes-errors'
import { OVERSIGHT_ERRORS } from './consultation-oversight-errors'
import { VOTE_ERRORS } from './consultation-votes-errors'
import { SERVICE_CHANGE_ERRORS } from './service-changes-errors'
import { VOLUNTEER_ERRORS } from './volunteer-errors'
import { VOLUNTEER_ACTIVITIES_ERRORS } from './volunteer-activities-errors'
import { VOLUNTEER_CERTIFICATES_ERRORS } from './volunteer-certificates-errors'
import { VOLUNTEER_HELP_ERRORS } from './volunteer-help-errors'
import { VOLUNTEER_HOURS_ERRORS } from './volunteer-hours-errors'
import { VOLUNTEER_REGISTRATION_ERRORS } from './volunteer-registration-errors'
import { VOLUNTEER_STAFFING_ERRORS } from './volunteer-staffing-errors'

// Each feature's fragment is in a `<feature>-errors.ts` with no imports, not beside its schemas: the
// mini-program's first screen shows errors by these messages, and must not load every feature's
// schemas for them (the H5 build drops a shared module none of whose exports is used).

/** What each error fragment is: a code's HTTP status and the Chinese message a resident reads. */
export type ErrorDefinition = { status: number; message: string }

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '填写的内容有误，请检查后再试' },
  MALFORMED_JSON: { status: 400, message: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  LOGIN_CODE_INVALID: { status: 400, message: '验证码不正确' },
  LOGIN_CODE_EXPIRED: { status: 400, message: '验证码已过期，请重新获取' },
  WECHAT_LOGIN_FAILED: { status: 502, message: '微信登录失败，请稍后再试' },
  SMS_SEND_FAILED: { status: 502, message: '短信发送失败，请稍后再试' },
  PRIVACY_CONSENT_REQUIRED: { status: 400, message: '请先阅读并同意《隐私政策》再登录' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  DEMO_DISABLED: { status: 403, message: '演示登录在正式环境不可用' },
  NOT_FOUND: { status: 404, message: '没有找到您要的内容' },
  COMMUNITY_NOT_FOUND: { status: 404, message: '没有找到该社区' },
  SERVICE_NOT_FOUND: { status: 404, message: '没有找到该服务' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后再试' },
  SLOT_NOT_FOUND: { status: 404, message: '没有找到该时段' },
  BOOKING_NOT_FOUND: { status: 404, message: '没有找到该预约' },
  FAMILY_MEMBER_NOT_FOUND: { status: 404, message: '没有找到该家人' },
  SLOT_FULL: { status: 409, message: '该时段已约满' },
  SLOT_CLOSED: { status: 409, message: '该时段暂停预约' },
  OUTSIDE_BOOKING_WINDOW: { status: 409, message: '该时段现在不能预约' },
  ALREADY_BOOKED: { status: 409, message: '您已预约过这个时段' },
  BOOKING_LIMIT_REACHED: { status: 409, message: '已达到预约次数上限' },
  NOT_ELIGIBLE: { status: 409, message: '不符合该服务的预约条件' },
  BOOKING_SUSPENDED: { status: 409, message: '因多次未到场，暂停自助预约' },
  CANCEL_DEADLINE_PASSED: { status: 409, message: '已过取消时间，如需取消请联系社区' },
  INVALID_STATUS: { status: 409, message: '预约当前状态不能进行此操作' },
  SERVICE_NOT_BOOKABLE: { status: 409, message: '该服务暂不支持线上预约' },
  CHECK_IN_NOT_OPEN: { status: 409, message: '还没到签到时间' },
  SERVICE_NOT_STARTED: { status: 409, message: '服务还没开始，开始后才能标记已服务' },
  RESIDENT_AMBIGUOUS: { status: 409, message: '本社区有不止一位同名、同出生日期的居民，请填写手机号以确认身份' },
  CLOSURE_NOT_FOUND: { status: 404, message: '没有找到该暂停服务安排' },
  CHILD_CONSENT_REQUIRED: { status: 400, message: '添加14周岁以下儿童需要监护人单独同意' },
  NOT_RATABLE: { status: 409, message: '服务完成后才能评价' },
  RATING_WINDOW_CLOSED: { status: 409, message: '已超过评价期限' },
  ALREADY_RATED: { status: 409, message: '这次服务已经评价过了' },
  TAG_NOT_ALLOWED: { status: 400, message: '标签与评价等级不符' },
  CASE_NOT_FOUND: { status: 404, message: '没有找到该整改工单' },
  CASE_STEP_OUT_OF_ORDER: { status: 409, message: '请按回访核实、整改、答复的顺序办理' },
  APPEAL_EXISTS: { status: 409, message: '该评价已经申诉过' },
  APPEAL_NOT_FOUND: { status: 404, message: '没有找到该申诉' },
  SURVEY_NOT_FOUND: { status: 404, message: '没有找到该问卷' },
  MESSAGE_NOT_FOUND: { status: 404, message: '没有找到这条消息' },
  SURVEY_CLOSED: { status: 409, message: '问卷不在填写时间内' },
  ALREADY_ANSWERED: { status: 409, message: '您已经填写过这份问卷' },
  TOPIC_NOT_FOUND: { status: 404, message: '没有找到该议题' },
  TOPIC_MOVE_NOT_ALLOWED: { status: 409, message: '议题当前状态不能进行此操作' },
  TOPIC_BELOW_THRESHOLD: { status: 409, message: '附议人数未达到立项门槛，暂不能立项' },
  TOPIC_NOT_COLLECTING: { status: 409, message: '议题已不在征集期，不能附议' },
  VOTE_NOT_FOUND: { status: 404, message: '该议题还没有发起表决' },
  VOTE_EXISTS: { status: 409, message: '该议题已经发起过表决' },
  VOTE_NOT_OPEN: { status: 409, message: '不在表决时间内，不能投票' },
  VOTE_OPTION_NOT_FOUND: { status: 400, message: '没有这个表决选项' },
  VOTER_MOVE_PENDING: { status: 403, message: '您的社区变更正在审核中，暂不能参加表决' },
  ALREADY_VOTED: { status: 409, message: '您已经投过票了，每人只能投一次' },
  VOTE_RULE_NEEDS_REGISTRY: { status: 409, message: '按户或按业主表决须先导入户籍或业主名册，目前请选择居民会议或意见征询' },
  TOPIC_NOT_DELIBERATING: { status: 409, message: '议题不在协商中，不能发表意见' },
  OPINION_NOT_FOUND: { status: 404, message: '没有找到这条意见' },
  OPINION_REPLY_TOO_DEEP: { status: 409, message: '只能回复意见，不能回复回复' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, message: '上一次提交还在处理中，请稍候' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '重复提交的内容与第一次不同' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容太大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请以 JSON 格式提交（Content-Type: application/json）' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求头太大，无法处理' },
  REQUEST_TIMEOUT: { status: 408, message: '请求超时，请重试' },
  DATE_OUT_OF_RANGE: { status: 400, message: '所选日期超出了可查询的范围' },
  UNPROCESSABLE: { status: 422, message: '请求无法处理' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '系统繁忙，请稍后再试' },
  INTERNAL: { status: 500, message: '系统出了点问题，请稍后再试' },
  // Each consultation feature (and the service changes outcomes carry) keeps its codes beside its schemas.
  ...VOTE_ERRORS,
  ...MEETING_ERRORS,
  ...ASSIST_ERRORS,
  ...OUTCOME_ERRORS,
  ...OVERSIGHT_ERRORS,
  ...SERVICE_CHANGE_ERRORS,
  ...VOLUNTEER_ERRORS,
  ...VOLUNTEER_REGISTRATION_ERRORS,
  ...VOLUNTEER_ACTIVITIES_ERRORS,
  ...VOLUNTEER_HOURS_ERRORS,
  ...VOLUNTEER_CERTIFICATES_ERRORS,
  ...VOLUNTEER_HELP_ERRORS,
  ...VOLUNTEER_STAFFING_ERRORS,
} as const satisfies Record<string, ErrorDefinition>

export type ErrorCode = keyof typeof ERRORS

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code)
}
