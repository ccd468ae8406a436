import { type Kysely, sql } from 'kysely'
import { createDb } from '../../bff/src/db/database'
import { preparedRead } from '../../bff/src/db/prepared'
import { createFreshDatabase } from '../support/context'

// A table of its own: the helper knows nothing of the product's schema.
interface Tables {
  item: { id: string; kind: string; at: Date; n: number }
}

let db: Kysely<Tables>
let drop: () => Promise<void>
const AT = new Date('2026-12-02T04:00:00Z')

beforeAll(async () => {
  const fresh = await createFreshDatabase()
  drop = fresh.drop
  db = createDb(fresh.url, 4) as unknown as Kysely<Tables>
  await sql`create table item (id text primary key, kind text not null, at timestamptz not null, n int not null)`.execute(db)
  await sql`insert into item values ('a', 'meal', ${AT}, 1), ('b', 'meal', ${new Date(AT.getTime() + 60_000)}, 2), ('c', 'law', ${AT}, 3), ('d', 'meal', ${new Date(AT.getTime() + 120_000)}, 4)`.execute(db)
})

afterAll(async () => {
  await db.destroy()
  await drop()
})

// The product's Db type is its own schema's; these tests hand the helper this table's.
const asAny = (d: Kysely<Tables>) => d as never

describe('a read compiled once', () => {
  const page = preparedRead((d, v: { kind: string; since: Date; fetch: number; minN?: number; ids?: readonly string[] }) => {
    let q = (d as unknown as Kysely<Tables>).selectFrom('item').select(['id', 'n']).where('kind', '=', v.kind).where('at', '>=', v.since)
    if (v.minN !== undefined) q = q.where('n', '>=', v.minN)
    if (v.ids !== undefined) q = q.where(sql<boolean>`id = any(${v.ids}::text[])`)
    // A fixed value stays as it was built; only the given ones change.
    return q.where('kind', '<>', 'gone').orderBy('id').limit(v.fetch)
  })

  it('answers each run with its own values, as the same query built each time would', async () => {
    for (const v of [
      { kind: 'meal', since: AT, fetch: 10 },
      { kind: 'meal', since: new Date(AT.getTime() + 60_000), fetch: 10 },
      { kind: 'law', since: AT, fetch: 10 },
      { kind: 'meal', since: AT, fetch: 2 },
    ]) {
      const built = await db.selectFrom('item').select(['id', 'n']).where('kind', '=', v.kind).where('at', '>=', v.since).orderBy('id').limit(v.fetch).execute()
      expect(await page(asAny(db), v)).toEqual(built)
    }
  })

  it('is a shape of its own for each set of values given', async () => {
    expect((await page(asAny(db), { kind: 'meal', since: AT, fetch: 10, minN: 2 })).map((r) => r.id)).toEqual(['b', 'd'])
    expect((await page(asAny(db), { kind: 'meal', since: AT, fetch: 10, minN: undefined })).map((r) => r.id)).toEqual(['a', 'b', 'd'])
    expect((await page(asAny(db), { kind: 'meal', since: AT, fetch: 10, ids: ['a', 'd', 'c'] })).map((r) => r.id)).toEqual(['a', 'd'])
    expect((await page(asAny(db), { kind: 'meal', since: AT, fetch: 10, ids: ['b'] })).map((r) => r.id)).toEqual(['b'])
  })

  it('refuses, when first built, a value used in JavaScript, written into the text, or not used', async () => {
    const arithmetic = preparedRead((d, v: { fetch: number }) => (d as unknown as Kysely<Tables>).selectFrom('item').select('id').limit(v.fetch + 1))
    await expect(arithmetic(asAny(db), { fetch: 2 })).rejects.toThrow('combined with other text')
    const inText = preparedRead((d, v: { kind: string }) => (d as unknown as Kysely<Tables>).selectFrom('item').select('id').where(sql.lit(v.kind), '=', 'meal'))
    await expect(inText(asAny(db), { kind: 'meal' })).rejects.toThrow('written into the statement')
    const unused = preparedRead((d, v: { kind: string }) => (d as unknown as Kysely<Tables>).selectFrom('item').select('id').where('kind', '=', v.kind.length > 3 ? 'meal' : 'law'))
    await expect(unused(asAny(db), { kind: 'meal' })).rejects.toThrow('kind did not reach the statement')
  })
})
