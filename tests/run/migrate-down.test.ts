import { randomBytes } from 'node:crypto'
import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely'
import { type Db, createDb } from '../../bff/src/db/database'
import { dropDatabase, ensureDatabase, withDatabase } from '../../bff/src/run/admin'
import { currentMigration, migrateDown } from '../../bff/src/run/migrator'
import { adminUrl } from '../support/context'

/**
 * `npm run db:migrate:down` on two migrations of its own (the real ones change every day): one
 * creates a table, the next adds a column. Down refuses to drop either while it holds data.
 * They take `Kysely<any>` as every migration does (STYLE.md 5).
 */
const provider: MigrationProvider = {
  getMigrations: async () => ({
    '0001_note': {
      up: (db: Kysely<any>) => db.schema.createTable('note').addColumn('id', 'serial', (c) => c.primaryKey()).execute(),
      down: (db: Kysely<any>) => db.schema.dropTable('note').execute(),
    },
    '0002_note_body': {
      up: (db: Kysely<any>) => db.schema.alterTable('note').addColumn('body', 'text').execute(),
      down: (db: Kysely<any>) => db.schema.alterTable('note').dropColumn('body').execute(),
    },
  }),
}

const name = `linli_down_${randomBytes(6).toString('hex')}`
let db: Db

beforeAll(async () => {
  await ensureDatabase(adminUrl(), name)
  db = createDb(withDatabase(adminUrl(), name), 2)
})

afterAll(async () => {
  await db.destroy()
  await dropDatabase(adminUrl(), name)
})

async function upToLatest(): Promise<void> {
  const result = await new Migrator({ db, provider }).migrateToLatest()
  expect(result.error).toBeUndefined()
}

const columnExists = async () =>
  (await sql<{ n: string }>`select count(*) as n from information_schema.columns where table_name = 'note' and column_name = 'body'`.execute(db)).rows[0]?.n === '1'

describe('db:migrate:down', () => {
  it('undoes a migration whose column and table are empty', async () => {
    await upToLatest()
    expect(await migrateDown(db, { force: false }, provider)).toEqual(['Down 0002_note_body'])
    expect(await currentMigration(db, provider)).toBe('0001_note')
    await upToLatest()
  })

  it('refuses to drop a column that holds data, naming it, unless forced', async () => {
    await sql`insert into note (body) values ('居民的记录')`.execute(db)
    await expect(migrateDown(db, { force: false }, provider)).rejects.toThrow(/0002_note_body.*note\.body.*--force/)
    expect(await columnExists()).toBe(true)
    expect(await currentMigration(db, provider)).toBe('0002_note_body')

    expect(await migrateDown(db, { force: true }, provider)).toEqual(['Down 0002_note_body'])
    expect(await columnExists()).toBe(false)
  })

  it('refuses to drop a table that holds rows, unless forced', async () => {
    await expect(migrateDown(db, { force: false }, provider)).rejects.toThrow(/0001_note.*note/)
    expect(await currentMigration(db, provider)).toBe('0001_note')
    expect(await migrateDown(db, { force: true }, provider)).toEqual(['Down 0001_note'])
    expect(await currentMigration(db, provider)).toBeNull()
  })
})
