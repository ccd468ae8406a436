import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { createApp } from '../../bff/src/app'
import { ChangeFeed, withChanges } from '../../bff/src/cache/changes'
import { upsertCategories } from '../../bff/src/catalog/categories'
import { type Config, loadConfig } from '../../bff/src/config'
import { type Db, createDb } from '../../bff/src/db/database'
import type { Deps } from '../../bff/src/deps'
import { FieldCipher } from '../../bff/src/platform/crypto'
import type { SmsSender } from '../../bff/src/platform/sms'
import type { WechatAuthClient } from '../../bff/src/platform/wechat'
import { dropDatabase, ensureDatabase, withClient, withDatabase } from '../../bff/src/run/admin'
import { migrateToLatest } from '../../bff/src/run/migrator'

/** Records the codes the app would have sent by SMS. */
export class RecordingSms implements SmsSender {
  readonly sent: { phone: string; code: string }[] = []
  async sendLoginCode(phone: string, code: string): Promise<void> {
    this.sent.push({ phone, code })
  }
  lastCodeFor(phone: string): string {
    const hit = [...this.sent].reverse().find((s) => s.phone === phone)
    if (!hit) throw new Error(`no code sent to ${phone}`)
    return hit.code
  }
}

export interface TestContext {
  db: Db
  deps: Deps
  app: ReturnType<typeof createApp>
  sms: RecordingSms
  databaseUrl: string
  /** Moves the app's clock; real time when null. */
  setNow(date: Date | null): void
  /** Runs `work` with the clock at `date`, and puts the clock back as it was even when `work` fails. */
  withNow<T>(date: Date, work: () => Promise<T>): Promise<T>
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>
}

export function adminUrl(): string {
  const url = process.env.LINLI_TEST_ADMIN_URL
  if (!url) throw new Error('LINLI_TEST_ADMIN_URL is not set: run the tests through jest (global setup)')
  return url
}

/** A fresh database with the real migrations for one test file. */
export async function createFreshDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `linli_test_${randomBytes(6).toString('hex')}`
  await ensureDatabase(adminUrl(), name)
  // Every statement is planned generically from its first run, as a named statement is from its
  // sixth in production (decision 038): a statement that only works with its values in the plan
  // fails in the first test that runs it, not on a busy connection.
  await withClient(adminUrl(), (client) => client.query(`alter database "${name}" set plan_cache_mode = force_generic_plan`))
  const url = withDatabase(adminUrl(), name)
  const db = createDb(url, 2)
  await migrateToLatest(db)
  await upsertCategories(db)
  await db.destroy()
  return { url, name, drop: () => dropDatabase(adminUrl(), name) }
}

export interface ContextOptions {
  config?: Partial<Config>
  wechat?: WechatAuthClient
  h5Dir?: string
}

const unusedWechat: WechatAuthClient = {
  code2Session: () => Promise.reject(new Error('WeChat is not wired in this test')),
}

/**
 * Registers beforeAll/afterAll for a test file: a fresh database, the real app on it, and a
 * `request` helper that sends JSON and a bearer token.
 */
export function useTestContext(options: ContextOptions = {}): TestContext {
  const ctx = {} as TestContext
  let drop: () => Promise<void> = async () => undefined
  let stopListening: () => Promise<void> = async () => undefined
  beforeAll(async () => {
    const fresh = await createFreshDatabase()
    drop = fresh.drop
    // Writes through ctx.db (the factories) announce themselves as the app's do, and the app hears
    // every commit, as a deployed process does (cache/changes.ts).
    const changes = new ChangeFeed()
    const db = withChanges(createDb(fresh.url, 20), changes)
    stopListening = (await changes.listen(fresh.url, pino({ level: 'silent' }))).stop
    let now: Date | null = null
    const config = { ...loadConfig({ NODE_ENV: 'test' }), ...options.config }
    const sms = new RecordingSms()
    const deps: Deps = {
      db,
      config,
      logger: pino({ level: 'silent' }),
      cipher: new FieldCipher(config.dataKey),
      wechat: options.wechat ?? unusedWechat,
      sms,
      now: () => now ?? new Date(),
      changes,
    }
    Object.assign(ctx, {
      db,
      deps,
      sms,
      databaseUrl: fresh.url,
      app: createApp(deps, { h5Dir: options.h5Dir }),
      setNow: (date: Date | null) => {
        now = date
      },
      withNow: async <T>(date: Date, work: () => Promise<T>): Promise<T> => {
        const before = now
        now = date
        try {
          return await work()
        } finally {
          now = before
        }
      },
    })
    ctx.request = (path, init = {}) => {
      const headers = new Headers(init.headers)
      if (init.token) headers.set('authorization', `Bearer ${init.token}`)
      let body = init.body
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json')
        body = JSON.stringify(init.json)
      }
      return Promise.resolve(ctx.app.request(path, { ...init, headers, body }))
    }
  })
  afterAll(async () => {
    await stopListening()
    await ctx.db?.destroy()
    await drop()
  })
  return ctx
}
