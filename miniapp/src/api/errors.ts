import { ERRORS, isErrorCode } from '@linli/shared'

/** Codes only the client raises: the request never got an answer, or an answer it could not read. */
const CLIENT_MESSAGES: Record<string, string> = {
  NETWORK: '网络不太好，请检查网络后重试',
  BAD_RESPONSE: '服务器返回的内容有误，请稍后再试',
}

/** A plain-Chinese message for every error code, the server's and the client's. */
export function messageFor(code: string): string {
  if (isErrorCode(code)) return ERRORS[code].message
  return CLIENT_MESSAGES[code] ?? ERRORS.INTERNAL.message
}
