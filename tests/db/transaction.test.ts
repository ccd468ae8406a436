import { sql } from 'kysely'
import pino from 'pino'
import { Hono } from 'hono'
import { createDb, type Db } from '../../bff/src/db/database'
import { TRANSACTION_ATTEMPTS, inTransaction } from '../../bff/src/db/transaction'
import { toErrorResponse } from '../../bff/src/http/errors'
import { createFreshDatabase } from '../support/context'

let db: Db
let drop: () => Promise<void>

beforeAll(async () => {
  const fresh = await createFreshDatabase()
  drop = fresh.drop
  db = createDb(fresh.url, 4)
  await sql`create table counter (id int primary key, n int not null)`.execute(db)
})

afterAll(async () => {
  await db.destroy()
  await drop()
})

function bump(trx: Db, id: number) {
  return sql`update counter set n = n + 1 where id = ${id}`.execute(trx)
}

describe('inTransaction', () => {
  it('reruns the side PostgreSQL picked as a deadlock victim, so both sides succeed exactly once', async () => {
    await sql`insert into counter values (1, 0), (2, 0)`.execute(db)
    // Each side takes its first row, waits until the other has its first, then asks for the other's row.
    let firstRound = true
    let arrived = 0
    let release: () => void = () => undefined
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve
    })
    const attempts = { a: 0, b: 0 }
    const side = (name: 'a' | 'b', first: number, second: number) =>
      inTransaction(db, async (trx) => {
        attempts[name]++
        await bump(trx, first)
        if (firstRound) {
          if (++arrived === 2) release()
          await bothHoldOne
        }
        await bump(trx, second)
      })
    const results = await Promise.allSettled([side('a', 1, 2), side('b', 2, 1)])
    firstRound = false
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(attempts.a + attempts.b).toBe(3)
    const rows = await sql<{ id: number; n: number }>`select id, n from counter order by id`.execute(db)
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ])
  })

  it('does not rerun other errors, and gives up after a bounded number of conflicts', async () => {
    let runs = 0
    await expect(
      inTransaction(db, async () => {
        runs++
        throw new Error('not a conflict')
      }),
    ).rejects.toThrow('not a conflict')
    expect(runs).toBe(1)

    runs = 0
    const conflict = Object.assign(new Error('could not serialize access'), { code: '40001' })
    await expect(
      inTransaction(db, async () => {
        runs++
        throw conflict
      }),
    ).rejects.toBe(conflict)
    expect(runs).toBe(TRANSACTION_ATTEMPTS)
  })

  it('answers a conflict that outlived its retries with 503 and a Chinese message, never 500', async () => {
    const app = new Hono()
    app.get('/', () => {
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' })
    })
    app.onError((err, c) => toErrorResponse(err, c, pino({ level: 'silent' })))
    const res = await app.request('/')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后再试' } })
  })
})
