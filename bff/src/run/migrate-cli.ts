import path from 'node:path'
import { type Config, loadConfig } from '../config'
import { seedDemoConsultationAll } from '../demo/consultation-all'
import { seedDemoVolunteerAll } from '../demo/volunteer-all'
import { seedDemoHistory } from '../demo/history'
import { seedDemo } from '../demo/seed'
import { FieldCipher } from '../platform/crypto'
import { createLogger } from '../platform/logger'
import { createSmsSender } from '../platform/sms'
import { createWechatAuthClient } from '../platform/wechat'
import { restoreBackup, writeBackup } from './backup'
import { REPO_ROOT } from './h5-build'
import { migrateDown, migrateToLatest } from './migrator'
import { type OpenDatabase, openDatabase } from './open'
import { OperatorError, exitWithFailure } from './operator-error'
import { registerEveryMessageKind } from '../app'

const USAGE = '用法: npm run db:migrate | db:migrate:down [-- --force] | db:seed | db:backup [-- FILE] | db:restore -- FILE'

/** Where `db:backup` writes without a FILE: beside the data folder, not in it, so moving .data/pg keeps them. */
function defaultBackupFile(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-')
  return path.join(REPO_ROOT, '.data/backups', `linli-${stamp}.backup.gz`)
}

type Command = (database: OpenDatabase, args: string[], config: Config) => Promise<string>

const totalRows = (rows: Record<string, number>) => Object.values(rows).reduce((sum, n) => sum + n, 0)

const COMMANDS: Record<string, Command> = {
  latest: (database) => database.maintenance(async (db) => (await migrateToLatest(db)).join('\n') || '已是最新'),
  down: (database, args) =>
    database.maintenance(async (db) => (await migrateDown(db, { force: args.includes('--force') })).join('\n') || '没有可回退的迁移'),
  seed: (database, _args, config) =>
    database.maintenance(async (db) => {
      const cipher = new FieldCipher(config.dataKey)
      await migrateToLatest(db)
      // The demo writes messages (a confirmation, a seat offered) through the domains, with no app running.
      registerEveryMessageKind()
      await seedDemo(db, cipher)
      await seedDemoHistory(db, cipher, new Date())
      const logger = createLogger(config.logLevel)
      const adapters = { wechat: createWechatAuthClient(config.wechat), sms: createSmsSender(config, logger) }
      await seedDemoConsultationAll({ db, config, logger, cipher, ...adapters, now: () => new Date() })
      await seedDemoVolunteerAll(db, cipher, new Date())
      return '演示数据已写入'
    }),
  backup: async (database, args) => {
    const summary = await writeBackup(database.url, path.resolve(args[0] ?? defaultBackupFile(new Date())))
    return `已备份到 ${summary.file}（迁移 ${summary.migration}，${Object.keys(summary.rows).length} 张表，${totalRows(summary.rows)} 行）`
  },
  restore: async (database, args) => {
    const file = args[0]
    if (!file) throw new OperatorError(`没有给出备份文件。${USAGE}`)
    const summary = await restoreBackup(database.url, path.resolve(file))
    return `已从 ${summary.file} 恢复（迁移 ${summary.migration}，${totalRows(summary.rows)} 行）`
  },
}

/** `npm run db:migrate` (latest), `db:migrate:down`, `db:seed`, `db:backup`, `db:restore`. */
async function main(): Promise<void> {
  const [name = 'latest', ...args] = process.argv.slice(2)
  const command = COMMANDS[name]
  if (!command) throw new OperatorError(USAGE)
  const config = loadConfig()
  // A backup reads one snapshot while the app keeps serving, so it may use the running app's server.
  const database = await openDatabase(config, createLogger(config.logLevel), { joinRunning: name === 'backup' })
  try {
    console.log(await command(database, args, config))
  } finally {
    await database.close()
  }
}

main().catch((err: unknown) => exitWithFailure('失败', err))
