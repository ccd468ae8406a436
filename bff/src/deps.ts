import type { Logger } from 'pino'
import type { Config } from './config'
import type { Db } from './db/database'
import type { FieldCipher } from './platform/crypto'
import type { SmsSender } from './platform/sms'
import type { WechatAuthClient } from './platform/wechat'

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
