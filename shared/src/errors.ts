/**
 * Stable error codes shared by the BFF and the mini-program. The message is Chinese and fit to show
 * to a resident as it is; the mini-program may show a friendlier one from its own table.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: '填写的内容有误，请检查后再试' },
  MALFORMED_JSON: { status: 400, message: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  LOGIN_CODE_INVALID: { status: 400, message: '验证码不正确' },
  LOGIN_CODE_EXPIRED: { status: 400, message: '验证码已过期，请重新获取' },
  WECHAT_LOGIN_FAILED: { status: 502, message: '微信登录失败，请稍后再试' },
  FORBIDDEN: { status: 403, message: '您没有权限进行此操作' },
  DEMO_DISABLED: { status: 403, message: '演示登录在正式环境不可用' },
  NOT_FOUND: { status: 404, message: '没有找到您要的内容' },
  COMMUNITY_NOT_FOUND: { status: 404, message: '没有找到该社区' },
  SERVICE_NOT_FOUND: { status: 404, message: '没有找到该服务' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后再试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容太大' },
  UNPROCESSABLE: { status: 422, message: '请求无法处理' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '系统繁忙，请稍后再试' },
  INTERNAL: { status: 500, message: '系统出了点问题，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, code)
}
