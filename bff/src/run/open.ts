import path from 'node:path'
import type { Logger } from 'pino'
import type { Config } from '../config'
import { type Db, createDb } from '../db/database'
import { ensureDatabase } from './admin'
import { liveOwner, lockDataDir } from './data-dir-lock'
import { type PostgresLog, embeddedUrl, startEmbeddedPostgres } from './embedded'
import { REPO_ROOT } from './h5-build'

/** Where the embedded PostgreSQL keeps its data; LINLI_DATA_DIR moves it (tests use a temporary folder). */
export const EMBEDDED_DATA_DIR = process.env.LINLI_DATA_DIR ? path.resolve(process.env.LINLI_DATA_DIR) : path.join(REPO_ROOT, '.data/pg')
const EMBEDDED_DATABASE = 'linli'

/**
 * PostgreSQL's lines into the JSON log. Its routine LOG lines (checkpoints, start-up steps) are
 * debug; an ERROR is a warning because the app expects some (a unique violation it turns into a 409).
 */
function postgresLogTo(logger: Logger): PostgresLog {
  const postgres = logger.child({ component: 'postgres' })
  return (severity, line) => {
    if (severity === 'FATAL' || severity === 'PANIC') postgres.error(line)
    else if (severity === 'ERROR' || severity === 'WARNING') postgres.warn(line)
    else if (severity === 'LOG' || severity.startsWith('DEBUG')) postgres.debug(line)
    else postgres.info(line)
  }
}

export interface OpenDatabase {
  db: Db
  /** Connection string, for pg-boss. */
  url: string
  /** Where the data lives, without the password, for the start-up banner. */
  description: string
  /**
   * Runs maintenance (migrations, re-encryption, demo seed) on a connection of its own without the
   * API's statement and lock timeouts (decision 017): a migration over a big table may take minutes.
   */
  maintenance<T>(work: (db: Db) => Promise<T>): Promise<T>
  close(): Promise<void>
}

function maintenanceOn(url: string) {
  return async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
    const db = createDb(url, 1)
    try {
      return await work(db)
    } finally {
      await db.destroy()
    }
  }
}

function connectTo(config: Config, url: string, description: string): OpenDatabase {
  const db = createDb(url, config.database.poolMax, config.database)
  return { db, url, description, maintenance: maintenanceOn(url), close: () => db.destroy() }
}

/**
 * `DATABASE_URL` when set; otherwise the embedded PostgreSQL in EMBEDDED_DATA_DIR, started here
 * after taking the folder's lock (one Linli process per folder). PostgreSQL's own lines go to `logger`.
 * `joinRunning` (db:backup): when a running app owns the folder, use its server as it is.
 */
export async function openDatabase(config: Config, logger: Logger, options: { joinRunning?: boolean } = {}): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl)
    return connectTo(config, config.databaseUrl, `${u.hostname}:${u.port || 5432}${u.pathname}`)
  }
  const owner = options.joinRunning ? liveOwner(EMBEDDED_DATA_DIR) : null
  if (owner) return connectTo(config, embeddedUrl(owner.port, EMBEDDED_DATABASE), `运行中的内置 PostgreSQL 127.0.0.1:${owner.port}（PID ${owner.pid}）`)
  const unlock = lockDataDir(EMBEDDED_DATA_DIR, config.embeddedPgPort)
  try {
    const server = await startEmbeddedPostgres(EMBEDDED_DATA_DIR, config.embeddedPgPort, postgresLogTo(logger))
    try {
      await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE)
    } catch (err) {
      await server.stop()
      throw err
    }
    const url = server.urlFor(EMBEDDED_DATABASE)
    const db = createDb(url, config.database.poolMax, config.database)
    return {
      db,
      url,
      description: `内置 PostgreSQL 127.0.0.1:${config.embeddedPgPort}（数据目录 ${EMBEDDED_DATA_DIR}）`,
      maintenance: maintenanceOn(url),
      close: async () => {
        await db.destroy()
        await server.stop()
        unlock()
      },
    }
  } catch (err) {
    unlock()
    throw err
  }
}
