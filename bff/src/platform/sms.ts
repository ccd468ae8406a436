import { maskPhone } from '@linli/shared'

/** Sends the one-time login code. Production plugs in an SMS provider behind this interface. */
export interface SmsSender {
  sendLoginCode(phone: string, code: string): Promise<void>
}

/** Development: prints the code on the server console (not into the JSON log, which stays free of codes). */
export class ConsoleSmsSender implements SmsSender {
  async sendLoginCode(phone: string, code: string): Promise<void> {
    process.stdout.write(`[开发短信] 发往 ${maskPhone(phone)} 的登录验证码: ${code}（5分钟内有效）\n`)
  }
}
