import type { Logger } from 'pino'
import type { ChangeFeed } from './cache/changes'
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
  /**
   * What this process keeps in memory learns of changes here (cache/changes.ts). createApp makes one
   * when none is given and puts its plugin on `db` (`withChanges`), so every write through the app announces itself.
   */
  changes?: ChangeFeed
}
