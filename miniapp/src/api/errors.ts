import { ERRORS, isErrorCode } from '@linli/shared'

/** Codes only the client raises: the request never got an answer, an answer it could not read, or the camera read no code. */
const CLIENT_MESSAGES: Record<string, string> = {
  NETWORK: '网络不太好，请检查网络后重试',
  BAD_RESPONSE: '服务器返回的内容有误，请稍后再试',
  SCAN_FAILED: '没有扫到签到码，可以手动输入',
}

/** A plain-Chinese message for every error code, the server's and the client's. */
export function messageFor(code: string): string {
  if (isErrorCode(code)) return ERRORS[code].message
  return CLIENT_MESSAGES[code] ?? ERRORS.INTERNAL.message
}
