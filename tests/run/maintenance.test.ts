import pino from 'pino'
import { sql } from 'kysely'
import { loadConfig } from '../../bff/src/config'
import { openDatabase } from '../../bff/src/run/open'
import { createFreshDatabase } from '../support/context'

// The API's pool gives up on a slow statement; migrations and the demo seed run on a connection
// without that bound, or a migration over a big table would fail every start (decision 017).
describe('maintenance connection', () => {
  it('lets a migration-length statement finish that the API pool cancels', async () => {
    const fresh = await createFreshDatabase()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: fresh.url, DB_STATEMENT_TIMEOUT_MS: '200' })
    const database = await openDatabase(config, pino({ level: 'silent' }))
    try {
      await expect(sql`select pg_sleep(0.5)`.execute(database.db)).rejects.toMatchObject({ code: '57014' })
      const slept = await database.maintenance(async (db) => (await sql<{ done: number }>`select 1 as done from pg_sleep(0.5)`.execute(db)).rows[0])
      expect(slept).toEqual({ done: 1 })
    } finally {
      await database.close()
      await fresh.drop()
    }
  })
})
