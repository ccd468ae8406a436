import { maskPhone } from '@linli/shared'
import type { Logger } from 'pino'
import type { Config } from '../config'
import { createAliyunSmsSender } from './sms-aliyun'
import { createTencentSmsSender } from './sms-tencent'

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

/**
 * The sender the settings ask for. loadConfig already refuses production without a gateway; the
 * check here keeps a hand-assembled Config from printing codes in production all the same.
 */
export function createSmsSender(config: Pick<Config, 'env' | 'sms'>, logger: Logger): SmsSender {
  const { sms } = config
  if (sms.sender === 'aliyun') return createAliyunSmsSender({ ...sms, logger })
  if (sms.sender === 'tencent') {
    return createTencentSmsSender({ ...sms, secretId: sms.accessKeyId, secretKey: sms.accessKeySecret, logger })
  }
  if (config.env === 'production') throw new Error('SMS_SENDER=console 会把验证码打印在日志里，正式环境不可用')
  return new ConsoleSmsSender()
}
