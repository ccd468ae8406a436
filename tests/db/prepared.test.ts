import { sql } from 'kysely'
import { createDb, type Db } from '../../bff/src/db/database'
import { createFreshDatabase } from '../support/context'

/**
 * docs/decisions/038: every statement text the app sends is prepared by name once per connection,
 * so PostgreSQL parses it once and may keep its plan, and the same text always has the same name.
 */
let fresh: Awaited<ReturnType<typeof createFreshDatabase>>
let db: Db

beforeAll(async () => {
  fresh = await createFreshDatabase()
  db = createDb(fresh.url, 1)
})

afterAll(async () => {
  await db.destroy()
  await fresh.drop()
})

interface Prepared {
  name: string
  statement: string
  calls: number
}

const prepared = async (): Promise<Prepared[]> =>
  (await sql<Prepared>`select name, statement, (generic_plans + custom_plans)::int as calls from pg_prepared_statements where name like 'linli_%'`.execute(db)).rows

describe('statements prepared by name', () => {
  it('parses a statement once per connection and runs it again by its name, whatever the values', async () => {
    const query = (n: number) => sql<{ n: number }>`select ${n}::int + 1 as n`.execute(db)
    expect((await query(1)).rows).toEqual([{ n: 2 }])
    expect((await query(41)).rows).toEqual([{ n: 42 }])
    expect((await query(99)).rows).toEqual([{ n: 100 }])
    const mine = (await prepared()).filter((p) => p.statement === 'select $1::int + 1 as n')
    expect(mine).toHaveLength(1)
    expect(mine[0]?.calls).toBe(3)
  })

  it('gives different texts different names, and a failing statement leaves the connection usable', async () => {
    await expect(sql`select 1 / ${0}::int as n`.execute(db)).rejects.toThrow(/division by zero/)
    expect((await sql<{ n: number }>`select 1 / ${1}::int as n`.execute(db)).rows).toEqual([{ n: 1 }])
    await expect(sql`select nothing from nowhere_at_all`.execute(db)).rejects.toThrow(/nowhere_at_all/)
    expect((await sql<{ n: number }>`select 2 / ${1}::int as n`.execute(db)).rows).toEqual([{ n: 2 }])
    const names = (await prepared()).map((p) => p.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('leaves DDL unnamed (a migration runs it once)', async () => {
    await db.schema.createTable('prepared_ddl_probe').addColumn('id', 'integer').execute()
    await db.schema.dropTable('prepared_ddl_probe').execute()
    expect((await prepared()).filter((p) => /prepared_ddl_probe/.test(p.statement))).toEqual([])
  })

  it('keeps working inside a transaction that rolls back, and after it', async () => {
    await db.schema.createTable('prepared_probe').addColumn('id', 'integer', (c) => c.primaryKey()).execute()
    const insert = (id: number) => db.insertInto('prepared_probe' as never).values({ id } as never).execute()
    await insert(1)
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('prepared_probe' as never).values({ id: 2 } as never).execute()
      await trx.insertInto('prepared_probe' as never).values({ id: 1 } as never).execute()
    })).rejects.toThrow(/duplicate key/)
    await insert(3)
    const ids = (await sql<{ id: number }>`select id from prepared_probe order by id`.execute(db)).rows.map((r) => r.id)
    expect(ids).toEqual([1, 3])
  })

  it('plans every statement generically in the test databases, as a named one is planned after its fifth run', async () => {
    expect((await sql<{ mode: string }>`select current_setting('plan_cache_mode') as mode`.execute(db)).rows).toEqual([{ mode: 'force_generic_plan' }])
  })

  it('matches a partial unique index in ON CONFLICT under a generic plan when its predicate is a literal, and not when it is a value', async () => {
    await db.schema.createTable('prepared_partial').addColumn('k', 'integer').addColumn('state', 'text').execute()
    await sql`create unique index prepared_partial_live on prepared_partial (k) where state <> 'gone'`.execute(db)
    const insert = (state: unknown) =>
      db.insertInto('prepared_partial' as never).values({ k: 1, state: 'live' } as never).onConflict((oc) => oc.column('k' as never).where('state' as never, '<>', state as never).doNothing()).execute()
    await insert(sql.lit('gone'))
    await insert(sql.lit('gone'))
    await expect(insert('gone')).rejects.toThrow(/no unique or exclusion constraint matching the ON CONFLICT/)
    expect((await sql<{ n: number }>`select count(*)::int as n from prepared_partial`.execute(db)).rows).toEqual([{ n: 1 }])
  })
})
