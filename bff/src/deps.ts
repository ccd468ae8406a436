import type { Logger } from 'pino'
import type { SmsSender } from './auth/sms'
import type { WechatAuthClient } from './auth/wechat'
import type { Config } from './config'
import type { Db } from './db/database'
import type { FieldCipher } from './platform/crypto'

/** What the app needs from the outside world; the server and the tests each assemble their own. */
export interface Deps {
  db: Db
  config: Config
  logger: Logger
  cipher: FieldCipher
  wechat: WechatAuthClient
  sms: SmsSender
  now: () => Date
}
