import { createHmac } from 'node:crypto'

/**
 * The organiser's rotating check-in code (志愿北京's 时长码): six digits from the shift's secret
 * and the minute, like a TOTP. Shown on the organiser's screen (and as a QR), it proves the
 * volunteer stood there; a code read out over the phone an hour later is worthless.
 */
export const CODE_STEP_MS = 60_000
export const CODE_DIGITS = 6

function codeAt(secret: string, step: number): string {
  const mac = createHmac('sha256', secret).update(String(step)).digest()
  const n = mac.readUInt32BE(mac[mac.length - 1]! & 0x0f) & 0x7fffffff
  return String(n % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0')
}

/** The code to show now, and when it changes. */
export function currentCode(secret: string, now: Date): { code: string; expiresAt: Date } {
  const step = Math.floor(now.getTime() / CODE_STEP_MS)
  return { code: codeAt(secret, step), expiresAt: new Date((step + 1) * CODE_STEP_MS) }
}

/** The code of this minute or the one before: a volunteer who typed it as it turned still gets in. */
export function codeMatches(secret: string, code: string, now: Date): boolean {
  const step = Math.floor(now.getTime() / CODE_STEP_MS)
  return code === codeAt(secret, step) || code === codeAt(secret, step - 1)
}
