import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { loadConfig } from '../../bff/src/config'
import { type Db, createDb } from '../../bff/src/db/database'
import { seedDemoHistory } from '../../bff/src/demo/history'
import { seedDemo } from '../../bff/src/demo/seed'
import { FieldCipher } from '../../bff/src/platform/crypto'
import { dropDatabase, ensureDatabase, withDatabase } from '../../bff/src/run/admin'
import { restoreBackup, writeBackup } from '../../bff/src/run/backup'
import { OperatorError } from '../../bff/src/run/operator-error'
import { adminUrl, createFreshDatabase } from '../support/context'
import { createUser } from '../support/factories'

jest.setTimeout(60_000)

const cipher = new FieldCipher(loadConfig({ NODE_ENV: 'test' }).dataKey)
const PHONE = '13912345678'
const folder = mkdtempSync(path.join(tmpdir(), 'linli-backup-'))
const file = path.join(folder, 'linli.backup.gz')
const cleanups: (() => Promise<void>)[] = []

async function emptyDatabase(): Promise<{ url: string; db: Db }> {
  const name = `linli_restore_${randomBytes(6).toString('hex')}`
  await ensureDatabase(adminUrl(), name)
  const url = withDatabase(adminUrl(), name)
  const db = createDb(url, 2)
  cleanups.push(async () => {
    await db.destroy()
    await dropDatabase(adminUrl(), name)
  })
  return { url, db }
}

/** Row count of every table in the public schema. */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by 1`.execute(db)
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(db)
    counts[name] = Number(result.rows[0]?.n)
  }
  return counts
}

let source: Db
let sourceUrl: string
let residentId: string

beforeAll(async () => {
  const fresh = await createFreshDatabase()
  sourceUrl = fresh.url
  source = createDb(fresh.url, 2)
  cleanups.push(async () => {
    await source.destroy()
    await fresh.drop()
  })
  // The round trip must carry every table with rows shaped as the app writes them; the demo
  // history is what fills them all (bookings, ratings, cases, surveys, encrypted phones).
  await seedDemo(source, cipher)
  await seedDemoHistory(source, cipher, new Date())
  residentId = (await createUser(source, { name: '备份居民', phone: { number: PHONE, cipher } })).id
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  rmSync(folder, { recursive: true, force: true })
})

describe('db:backup and db:restore', () => {
  it('round-trips every table, the encrypted phone and the sequences into an empty database', async () => {
    const before = await rowCounts(source)
    expect(before.booking).toBeGreaterThan(0)
    expect(before.rating).toBeGreaterThan(0)

    const backup = await writeBackup(sourceUrl, file)
    expect(backup.rows).toEqual(before)

    const target = await emptyDatabase()
    await restoreBackup(target.url, file)
    expect(await rowCounts(target.db)).toEqual(before)

    const resident = await target.db.selectFrom('app_user').select(['phone_enc', 'phone_hash']).where('id', '=', residentId).executeTakeFirstOrThrow()
    expect(cipher.decrypt(resident.phone_enc ?? '')).toBe(PHONE)
    expect(resident.phone_hash).toBe(cipher.lookupHash(PHONE))

    // Sequences continue after the restored rows: a new audit entry gets a fresh id.
    const newest = await target.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()
    const inserted = await target.db
      .insertInto('audit_log')
      .values({ actor_user_id: null, community_id: null, action: 'backup.test', target_type: 'test', target_id: 'x', detail: '{}', request_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect(BigInt(inserted.id)).toBeGreaterThan(BigInt(newest.id ?? 0))
  })

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    const before = await rowCounts(source)
    await expect(restoreBackup(sourceUrl, file)).rejects.toThrow(/不是空的/)
    expect(await rowCounts(source)).toEqual(before)
  })

  it('refuses a file cut short and writes none of its rows', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n')
    const cut = path.join(folder, 'cut.backup.gz')
    writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')))
    const target = await emptyDatabase()
    const attempt = restoreBackup(target.url, cut)
    await expect(attempt).rejects.toBeInstanceOf(OperatorError)
    await expect(attempt).rejects.toThrow(/不是完整的邻里备份/)
    const after = await rowCounts(target.db)
    expect([after.app_user, after.booking, after.rating]).toEqual([0, 0, 0])
  })

  it('says a database never migrated has nothing to back up, and writes no file', async () => {
    const target = await emptyDatabase()
    const nothing = path.join(folder, 'nothing.backup.gz')
    const attempt = writeBackup(target.url, nothing)
    await expect(attempt).rejects.toBeInstanceOf(OperatorError)
    await expect(attempt).rejects.toThrow(/还没有迁移过/)
    expect(existsSync(nothing)).toBe(false)
  })
})
