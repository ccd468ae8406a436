import { serve } from '@hono/node-server'
import { SCHEDULED_JOBS, createApp } from './app'
import { upsertCategories } from './catalog/categories'
import { loadConfig } from './config'
import { DEMO_PERSONAS } from './demo/personas'
import { seedDemoHistory } from './demo/history'
import { isEmpty, seedDemo } from './demo/seed'
import { FieldCipher } from './platform/crypto'
import { createLogger } from './platform/logger'
import { ConsoleSmsSender } from './platform/sms'
import { createWechatAuthClient } from './platform/wechat'
import { ConsoleSender, createWechatSubscribeSender } from './notify/senders'
import { startWorker } from './notify/worker'
import { H5_DIR, ensureH5Build } from './run/h5-build'
import { migrateToLatest } from './run/migrator'
import { openDatabase } from './run/open'

/** `npm start`: database, migrations, demo data, H5 build, then the API and the app on one port. */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  const cipher = new FieldCipher(config.dataKey)
  const database = await openDatabase(config)
  const applied = await migrateToLatest(database.db)
  if (applied.length > 0) logger.info({ applied }, 'migrations applied')
  await upsertCategories(database.db)
  if (config.demoLogin && (await isEmpty(database.db))) {
    await seedDemo(database.db, cipher)
    await seedDemoHistory(database.db, cipher, new Date())
    logger.info('demo data seeded')
  }
  ensureH5Build()

  const app = createApp(
    {
      db: database.db,
      config,
      logger,
      cipher,
      wechat: createWechatAuthClient(config.wechat),
      sms: new ConsoleSmsSender(),
      now: () => new Date(),
    },
    { h5Dir: H5_DIR },
  )
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
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
      lines.push('  短信验证码登录: 验证码打印在本终端')
    }
    console.log(lines.join('\n'))
  })

  const boss = config.worker
    ? await startWorker({
        connectionString: database.url,
        db: database.db,
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
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error('启动失败:', err instanceof Error ? err.message : err)
  process.exit(1)
})
