import path from 'node:path'
import type { Config } from '../config'
import { type Db, createDb } from '../db/database'
import { ensureDatabase } from './admin'
import { startEmbeddedPostgres } from './embedded'
import { REPO_ROOT } from './h5-build'

export const EMBEDDED_DATA_DIR = path.join(REPO_ROOT, '.data/pg')
const EMBEDDED_DATABASE = 'linli'

export interface OpenDatabase {
  db: Db
  /** Connection string, for pg-boss. */
  url: string
  /** Where the data lives, without the password, for the start-up banner. */
  description: string
  close(): Promise<void>
}

/** `DATABASE_URL` when set; otherwise the embedded PostgreSQL under .data/pg, started here. */
export async function openDatabase(config: Config): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const db = createDb(config.databaseUrl)
    const u = new URL(config.databaseUrl)
    return { db, url: config.databaseUrl, description: `${u.hostname}:${u.port || 5432}${u.pathname}`, close: () => db.destroy() }
  }
  const server = await startEmbeddedPostgres(EMBEDDED_DATA_DIR, config.embeddedPgPort)
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE)
  const url = server.urlFor(EMBEDDED_DATABASE)
  const db = createDb(url)
  return {
    db,
    url,
    description: `内置 PostgreSQL 127.0.0.1:${config.embeddedPgPort}（数据目录 .data/pg）`,
    close: async () => {
      await db.destroy()
      await server.stop()
    },
  }
}
