import { z } from 'zod'

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
  WECHAT_APPID: z.string().default('wx-dev-appid'),
  WECHAT_SECRET: z.string().default('dev-secret'),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  SMS_SENDER: z.enum(['console']).default('console'),
  /** Subscribe-message template ids; without them notifications print on the console. */
  WECHAT_TEMPLATE_RESULT: z.string().optional(),
  WECHAT_TEMPLATE_CHANGE: z.string().optional(),
  WECHAT_TEMPLATE_REMINDER: z.string().optional(),
  /** Set to 0 to run the API without the background worker (e.g. a second API-only process). */
  WORKER: z.enum(['0', '1']).default('1'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(64 * 1024),
})

export interface Config {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  databaseUrl: string | undefined
  embeddedPgPort: number
  logLevel: string
  dataKey: Buffer
  wechat: { appid: string; secret: string; apiBase: string }
  /** All three template ids, or null to use the console sender. */
  wechatTemplates: { result: string; change: string; reminder: string } | null
  worker: boolean
  bodyLimitBytes: number
  /** Demo personas exist only outside production. */
  demoLogin: boolean
}

// A fixed key for development and tests only; production refuses to start without DATA_KEY.
const DEVELOPMENT_DATA_KEY = Buffer.alloc(32, 'linli-development-key-not-secret')

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    throw new Error(`配置错误: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  const e = parsed.data
  let dataKey = DEVELOPMENT_DATA_KEY
  if (e.DATA_KEY) {
    dataKey = Buffer.from(e.DATA_KEY, 'base64')
    if (dataKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes, base64-encoded')
  } else if (e.NODE_ENV === 'production') {
    throw new Error('DATA_KEY is required in production')
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    dataKey,
    wechat: { appid: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE },
    wechatTemplates:
      e.WECHAT_TEMPLATE_RESULT && e.WECHAT_TEMPLATE_CHANGE && e.WECHAT_TEMPLATE_REMINDER
        ? { result: e.WECHAT_TEMPLATE_RESULT, change: e.WECHAT_TEMPLATE_CHANGE, reminder: e.WECHAT_TEMPLATE_REMINDER }
        : null,
    worker: e.WORKER === '1',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    demoLogin: e.NODE_ENV !== 'production',
  }
}
