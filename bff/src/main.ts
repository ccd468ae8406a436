import type { Logger } from 'pino'
import { startHttpServer } from './http/server'
import { SCHEDULED_JOBS, createApp, registerEveryMessageKind } from './app'
import { sealPlainPersonalFields } from './auth/sealed'
import { upsertCategories } from './catalog/categories'
import { type Config, loadConfig } from './config'
import { DEMO_PERSONAS } from './demo/personas'
import { seedDemoConsultationAll } from './demo/consultation-all'
import { seedDemoVolunteerAll } from './demo/volunteer-all'
import { seedDemoHistory } from './demo/history'
import { isEmpty, seedDemo } from './demo/seed'
import { ChangeFeed, withChanges } from './cache/changes'
import { FieldCipher } from './platform/crypto'
import { createLogger } from './platform/logger'
import { createSmsSender } from './platform/sms'
import { createWechatAuthClient } from './platform/wechat'
import { ConsoleSender, createWechatSubscribeSender } from './notify/senders'
import { startWorker } from './notify/worker'
import { H5_DIR, ensureH5Build } from './run/h5-build'
import { migrateToLatest } from './run/migrator'
import { type OpenDatabase, openDatabase } from './run/open'
import { assertPortFree, portTakenMessage } from './run/ports'
import { OperatorError, exitWithFailure } from './run/operator-error'

const HTTP_PORT = { what: 'HTTP ', setting: 'PORT' }

/**
 * `npm start`: database, migrations, demo data, H5 build, then the API and the app on one port.
 * The HTTP port is checked first, so a taken port costs no migration or build.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  const cipher = new FieldCipher(config.dataKey)
  await assertPortFree(config.host, config.port, HTTP_PORT)
  const database = await openDatabase(config, logger)
  try {
    await serveApp(config, logger, cipher, database)
  } catch (err) {
    await database.close()
    throw err
  }
}

/** The outside world's clients, the same for the demo seed and the app. */
function adapters(config: Config, logger: Logger) {
  return { wechat: createWechatAuthClient(config.wechat), sms: createSmsSender(config, logger) }
}

async function serveApp(config: Config, logger: Logger, cipher: FieldCipher, database: OpenDatabase): Promise<void> {
  await database.maintenance(async (db) => {
    const applied = await migrateToLatest(db)
    if (applied.length > 0) logger.info({ applied }, 'migrations applied')
    const sealed = await sealPlainPersonalFields(db, cipher)
    if (sealed > 0) logger.info({ sealed }, 'names and birth dates encrypted')
    await upsertCategories(db)
    if (config.demoLogin && (await isEmpty(db))) {
      // The demo writes messages (a confirmation, a seat offered) before the app exists.
      registerEveryMessageKind()
      await seedDemo(db, cipher)
      await seedDemoHistory(db, cipher, new Date())
      await seedDemoConsultationAll({ db, config, logger, cipher, ...adapters(config, logger), now: () => new Date() })
      await seedDemoVolunteerAll(db, cipher, new Date())
      logger.info('demo data seeded')
    }
  })
  ensureH5Build()

  // What this process keeps in memory hears every other process's writes (cache/changes.ts).
  const changes = new ChangeFeed()
  const listening = await changes.listen(database.url, logger)
  const db = withChanges(database.db, changes)
  const app = createApp(
    {
      db,
      changes,
      config,
      logger,
      cipher,
      ...adapters(config, logger),
      now: () => new Date(),
    },
    { h5Dir: H5_DIR },
  )
  const server = startHttpServer(app, { hostname: config.host, port: config.port }, (info) => {
    const base = `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`
    const lines = [
      '',
      '邻里 Linli 已启动',
      `  小程序 H5   ${base}/`,
      `  接口        ${base}/api/v1/health`,
      `  接口文档    ${base}/api/docs （OpenAPI: ${base}/api/openapi.json）`,
      `  数据库      ${database.description}`,
    ]
    if (config.demoLogin) {
      lines.push('  演示登录（我的 → 演示身份）:')
      for (const p of DEMO_PERSONAS) lines.push(`    ${p.name}（${p.description}）`)
      if (config.sms.sender === 'console') lines.push('  短信验证码登录: 验证码打印在本终端')
    }
    console.log(lines.join('\n'))
  })
  // Taken between the check in main() and now: the same one line, after the server is stopped.
  server.once('error', (err: NodeJS.ErrnoException) => {
    const reason = err.code === 'EADDRINUSE' ? new OperatorError(portTakenMessage(config.port, HTTP_PORT)) : err
    void database.close().finally(() => exitWithFailure('启动失败', reason))
  })

  const boss = config.worker
    ? await startWorker({
        connectionString: database.url,
        waits: config.database,
        db,
        jobs: SCHEDULED_JOBS,
        logger,
        now: () => new Date(),
        sender: config.wechatTemplates
          ? createWechatSubscribeSender({ ...config.wechat, templates: config.wechatTemplates })
          : new ConsoleSender(),
      })
    : null

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    server.close()
    await boss?.stop({ graceful: true, wait: true })
    await listening.stop()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => exitWithFailure('启动失败', err))
