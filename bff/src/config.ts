import { BlockList, isIP } from 'node:net'
import { z } from 'zod'

// What `npm start` uses when WeChat is not configured; production refuses to start with them.
const DEVELOPMENT_WECHAT_APPID = 'wx-dev-appid'
const DEVELOPMENT_WECHAT_SECRET = 'dev-secret'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  /** Port of the embedded PostgreSQL; its own, so it never meets a system server on 5432. */
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32 bytes, base64: AES-256-GCM key for personal information at rest, and the HMAC key for lookups. */
  DATA_KEY: z.string().optional(),
  WECHAT_APPID: z.string().default(DEVELOPMENT_WECHAT_APPID),
  WECHAT_SECRET: z.string().default(DEVELOPMENT_WECHAT_SECRET),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  /** Where login codes go. Unset means `console` outside production; production needs a gateway. */
  SMS_SENDER: z.enum(['console', 'aliyun', 'tencent']).optional(),
  SMS_ACCESS_KEY_ID: z.string().optional(),
  SMS_ACCESS_KEY_SECRET: z.string().optional(),
  SMS_SIGN_NAME: z.string().optional(),
  SMS_TEMPLATE_ID: z.string().optional(),
  /** Tencent only: the SmsSdkAppId of the 短信应用. */
  SMS_SDK_APP_ID: z.string().optional(),
  /** The gateway's address; its public one unless set (tests point it at a fake). */
  SMS_API_BASE: z.url().optional(),
  SMS_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: z.string().default(''),
  /** Subscribe-message template ids; without them notifications print on the console. */
  WECHAT_TEMPLATE_RESULT: z.string().optional(),
  WECHAT_TEMPLATE_CHANGE: z.string().optional(),
  WECHAT_TEMPLATE_REMINDER: z.string().optional(),
  /** Set to 0 to run the API without the background worker (e.g. a second API-only process). */
  WORKER: z.enum(['0', '1']).default('1'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  /** Connections this process holds to PostgreSQL (pg-boss keeps its own few beside them). */
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Longest wait for a connection, from the pool or a new one. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  /** Longest one statement may run; PostgreSQL cancels it then (57014). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Longest one statement may wait for a row or table lock (55P03). */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  /** A transaction left open without a statement this long is ended by PostgreSQL (25P03). */
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
})

/** How many connections, and how long any wait on PostgreSQL may last. */
export interface DatabaseSettings {
  poolMax: number
  connectTimeoutMs: number
  statementTimeoutMs: number
  lockTimeoutMs: number
  idleInTransactionTimeoutMs: number
}

interface SmsGatewaySettings {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templateId: string
  apiBase: string
  timeoutMs: number
}

/** Login-code delivery: the console (development) or a gateway with everything it needs. */
export type SmsSettings =
  | { sender: 'console' }
  | ({ sender: 'aliyun' } & SmsGatewaySettings)
  | ({ sender: 'tencent'; sdkAppId: string } & SmsGatewaySettings)

const SMS_API_BASES = { aliyun: 'https://dysmsapi.aliyuncs.com', tencent: 'https://sms.tencentcloudapi.com' } as const

export interface Config {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  databaseUrl: string | undefined
  embeddedPgPort: number
  logLevel: string
  dataKey: Buffer
  wechat: { appid: string; secret: string; apiBase: string }
  sms: SmsSettings
  /** Peers whose X-Forwarded-For counts for the client address; empty: none. */
  trustedProxies: BlockList
  /** All three template ids, or null to use the console sender. */
  wechatTemplates: { result: string; change: string; reminder: string } | null
  worker: boolean
  bodyLimitBytes: number
  database: DatabaseSettings
  /** Demo personas exist only outside production. */
  demoLogin: boolean
}

// A fixed key for development and tests only; production refuses to start without DATA_KEY.
const DEVELOPMENT_DATA_KEY = Buffer.alloc(32, 'linli-development-key-not-secret')

/** A startup refusal naming every setting that is wrong or missing, so one run tells the operator all. */
export class ConfigError extends Error {
  constructor(readonly settings: string[], problems: string[]) {
    super(`配置有误，未启动（${settings.length} 项需要处理）: ${problems.join('；')}`)
    this.name = 'ConfigError'
  }
}

/** An empty value in an env file means "not set", not "set to nothing". */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** `10.0.0.1, 10.8.0.0/16, ::1` → a BlockList; entries that are not an address or CIDR are returned. */
function parseTrustedProxies(value: string): { list: BlockList; invalid: string[] } {
  const list = new BlockList()
  const invalid: string[] = []
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address = '', prefix, extra] = entry.split('/')
    const family = isIP(address)
    const type = family === 6 ? 'ipv6' : 'ipv4'
    const maxPrefix = family === 6 ? 128 : 32
    if (family === 0 || extra !== undefined) invalid.push(entry)
    else if (prefix === undefined) list.addAddress(address, type)
    else if (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix) list.addSubnet(address, Number(prefix), type)
    else invalid.push(entry)
  }
  return { list, invalid }
}

/**
 * Reads the settings from the environment.
 * 1. Malformed values are refused, all of them in one error.
 * 2. Production refuses to start without DATA_KEY, with the development WeChat appid or secret,
 *    or without a real SMS gateway (the console sender would print every login code into the
 *    logs); every missing gateway setting is named at once.
 * 3. A gateway chosen anywhere must have all its settings.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // 1.
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues
    throw new ConfigError(
      [...new Set(issues.map((i) => i.path.join('.')))],
      issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    )
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  const settings: string[] = []
  const problems: string[] = []
  const refuse = (setting: string, problem: string) => {
    settings.push(setting)
    problems.push(`${setting} ${problem}`)
  }

  let dataKey = DEVELOPMENT_DATA_KEY
  if (e.DATA_KEY) {
    dataKey = Buffer.from(e.DATA_KEY, 'base64')
    if (dataKey.length !== 32) refuse('DATA_KEY', '须为 32 字节、base64 编码的密钥')
  } else if (production) {
    refuse('DATA_KEY', '未设置（32 字节、base64 编码的密钥，例如 openssl rand -base64 32）')
  }
  // 2.
  if (production && e.WECHAT_APPID === DEVELOPMENT_WECHAT_APPID) refuse('WECHAT_APPID', '仍是开发默认值，请填小程序的 AppID')
  if (production && e.WECHAT_SECRET === DEVELOPMENT_WECHAT_SECRET) refuse('WECHAT_SECRET', '仍是开发默认值，请填小程序的 AppSecret')
  const sender = e.SMS_SENDER ?? 'console'
  if (production && sender === 'console') {
    refuse('SMS_SENDER', `${e.SMS_SENDER ? '为 console' : '未设置'}，正式环境须为 aliyun 或 tencent（console 会把验证码打印在日志里）`)
  }
  // 3. Every missing gateway setting is refused here, so an empty value never reaches a sender.
  const take = (name: 'SMS_ACCESS_KEY_ID' | 'SMS_ACCESS_KEY_SECRET' | 'SMS_SIGN_NAME' | 'SMS_TEMPLATE_ID' | 'SMS_SDK_APP_ID') => {
    const value = present(e[name])
    if (!value) refuse(name, '未设置')
    return value ?? ''
  }
  let sms: SmsSettings = { sender: 'console' }
  if (production || sender !== 'console') {
    const gateway: SmsGatewaySettings = {
      accessKeyId: take('SMS_ACCESS_KEY_ID'),
      accessKeySecret: take('SMS_ACCESS_KEY_SECRET'),
      signName: take('SMS_SIGN_NAME'),
      templateId: take('SMS_TEMPLATE_ID'),
      apiBase: e.SMS_API_BASE ?? SMS_API_BASES[sender === 'tencent' ? 'tencent' : 'aliyun'],
      timeoutMs: e.SMS_TIMEOUT_MS,
    }
    if (sender === 'aliyun') sms = { sender, ...gateway }
    if (sender === 'tencent') sms = { sender, sdkAppId: take('SMS_SDK_APP_ID'), ...gateway }
  }
  const trusted = parseTrustedProxies(e.TRUSTED_PROXIES)
  if (trusted.invalid.length > 0) refuse('TRUSTED_PROXIES', `含无法识别的地址 ${trusted.invalid.join(', ')}（须为 IP 或 CIDR）`)
  if (settings.length > 0) throw new ConfigError(settings, problems)

  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    dataKey,
    wechat: { appid: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE },
    sms,
    trustedProxies: trusted.list,
    wechatTemplates:
      e.WECHAT_TEMPLATE_RESULT && e.WECHAT_TEMPLATE_CHANGE && e.WECHAT_TEMPLATE_REMINDER
        ? { result: e.WECHAT_TEMPLATE_RESULT, change: e.WECHAT_TEMPLATE_CHANGE, reminder: e.WECHAT_TEMPLATE_REMINDER }
        : null,
    worker: e.WORKER === '1',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    database: {
      poolMax: e.DB_POOL_MAX,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    demoLogin: e.NODE_ENV !== 'production',
  }
}
