import { FieldCipher } from '../platform/crypto'
import { loadConfig } from '../config'
import { createLogger } from '../platform/logger'
import { seedDemoHistory } from '../demo/history'
import { seedDemo } from '../demo/seed'
import { openDatabase } from './open'
import { migrateDown, migrateToLatest } from './migrator'

/** `npm run db:migrate` (latest), `npm run db:migrate:down`, `npm run db:seed`. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'latest'
  const config = loadConfig()
  const database = await openDatabase(config, createLogger(config.logLevel))
  try {
    if (command === 'latest') console.log((await migrateToLatest(database.db)).join('\n') || '已是最新')
    else if (command === 'down') console.log((await migrateDown(database.db)).join('\n') || '没有可回退的迁移')
    else if (command === 'seed') {
      await migrateToLatest(database.db)
      await seedDemo(database.db, new FieldCipher(config.dataKey))
      await seedDemoHistory(database.db, new FieldCipher(config.dataKey), new Date())
      console.log('演示数据已写入')
    } else throw new Error(`unknown command ${command}`)
  } finally {
    await database.close()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
