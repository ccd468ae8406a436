import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createDb } from '../../bff/src/db/database'
import { dropDatabase, ensureDatabase, withDatabase } from '../../bff/src/run/admin'
import { migrateTo, migrateToLatest } from '../../bff/src/run/migrator'
import { adminUrl } from '../support/context'

/**
 * 2026_12_01_1700 stamps the cursor instants in milliseconds. It runs on databases that already
 * hold an audit log, which is evidence and append-only: the migration must pass over those rows
 * as they are (it once updated them, and the log's trigger stopped every `npm start`).
 */
jest.setTimeout(60_000)

const BEFORE = '2026_12_01_1600_consultation_topics'
const name = `linli_stamps_${randomBytes(6).toString('hex')}`

afterAll(() => dropDatabase(adminUrl(), name))

it('migrates a database holding audit entries, leaves them as written, and stamps new ones in milliseconds', async () => {
  await ensureDatabase(adminUrl(), name)
  const db = createDb(withDatabase(adminUrl(), name), 2)
  try {
    await migrateTo(db, BEFORE)
    const entry = { actor_user_id: null, community_id: null, action: 'test.stamped', target_type: 'test', target_id: 'x', detail: '{}', request_id: null }
    await db.insertInto('audit_log').values(entry).execute()
    const stampOf = async () => (await sql<{ at: string }>`select at::text as at from audit_log order by id`.execute(db)).rows.map((r) => r.at)
    const written = await stampOf()

    await migrateToLatest(db)

    expect(await stampOf()).toEqual(written)
    await db.insertInto('audit_log').values(entry).execute()
    const micros = await sql<{ n: number }>`select extract(microseconds from at)::int % 1000 as n from audit_log order by id desc limit 1`.execute(db)
    expect(micros.rows[0]?.n).toBe(0)
  } finally {
    await db.destroy()
  }
})
