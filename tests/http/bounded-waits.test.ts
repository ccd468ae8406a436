import net from 'node:net'
import { sql } from 'kysely'
import pino from 'pino'
import { createApp } from '../../bff/src/app'
import { loadConfig } from '../../bff/src/config'
import { type Db, createDb } from '../../bff/src/db/database'
import { isDatabaseTimeout } from '../../bff/src/db/transaction'
import { ConsoleSender } from '../../bff/src/notify/senders'
import { startWorker } from '../../bff/src/notify/worker'
import { HEALTH_TIMEOUT_MS } from '../../bff/src/platform/routes'
import { useTestContext } from '../support/context'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { until } from '../support/until'

const ctx = useTestContext()
// Short bounds, read the way the server reads them, so a stuck database is noticed in about a second here.
const config = loadConfig({
  NODE_ENV: 'test',
  DB_POOL_MAX: '3',
  DB_CONNECT_TIMEOUT_MS: '1000',
  DB_STATEMENT_TIMEOUT_MS: '1000',
  DB_LOCK_TIMEOUT_MS: '500',
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1000',
})
/** What "within a few seconds" means in these tests: well under the 15 s a hung database used to take. */
const BOUND_MS = 4000

/**
 * A TCP proxy in front of the test PostgreSQL that can stop forwarding, as a server stopped with
 * SIGSTOP does: open connections get no answer, new ones are accepted and never served.
 */
async function startProxy(target: URL) {
  let hung = false
  const pairs: { client: net.Socket; upstream: net.Socket }[] = []
  const waiting: net.Socket[] = []
  const forward = (client: net.Socket) => {
    const upstream = net.connect(Number(target.port), target.hostname)
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream)
    upstream.pipe(client)
    pairs.push({ client, upstream })
  }
  const server = net.createServer((client) => {
    client.on('error', () => undefined)
    if (hung) waiting.push(client)
    else forward(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as net.AddressInfo).port)
  return {
    url: url.toString(),
    hang() {
      hung = true
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream)
        upstream.unpipe(client)
      }
    },
    resume() {
      hung = false
      for (const { client, upstream } of pairs) {
        client.pipe(upstream)
        upstream.pipe(client)
      }
      for (const client of waiting.splice(0)) if (!client.destroyed) forward(client)
    },
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy()
        upstream.destroy()
      }
      for (const client of waiting) client.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The test app over another pool (a proxy, a pool of one) with these short bounds. */
function appOn(db: Db) {
  return createApp({ ...ctx.deps, db, config })
}

/** The response and how long it took. */
async function timed(request: () => Response | Promise<Response>) {
  const started = performance.now()
  const res = await request()
  return { res, ms: performance.now() - started, body: await res.json() }
}

describe('every wait on PostgreSQL is bounded', () => {
  it('with the database hung, /health and a request answer 503 within seconds; /health says the database is down, then up again', async () => {
    const proxy = await startProxy(new URL(ctx.databaseUrl))
    const db = createDb(proxy.url, config.database.poolMax, config.database)
    const app = appOn(db)
    try {
      const healthy = await timed(() => app.request('/api/v1/health'))
      expect(healthy.res.status).toBe(200)
      expect(healthy.body).toMatchObject({ status: 'ok', database: 'ok', outbox: { pending: 0, oldestAgeSeconds: 0 } })

      proxy.hang()
      const health = await timed(() => app.request('/api/v1/health'))
      expect(health.res.status).toBe(503)
      expect(health.body).toMatchObject({
        status: 'down',
        database: 'down',
        outbox: null,
        error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后再试' },
      })
      expect(health.ms).toBeLessThan(HEALTH_TIMEOUT_MS + 1000)

      // Four at once on a pool of three: the one that finds no free connection is bounded too.
      const requests = await Promise.all([1, 2, 3, 4].map(() => timed(() => app.request('/api/v1/categories'))))
      for (const { res, body, ms } of requests) {
        expect(res.status).toBe(503)
        expect(body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后再试' } })
        expect(ms).toBeLessThan(BOUND_MS)
      }

      proxy.resume()
      const back = await until(async () => {
        const res = await app.request('/api/v1/health')
        return res.status === 200 ? res.json() : undefined
      })
      expect(back).toMatchObject({ status: 'ok', database: 'ok' })
    } finally {
      proxy.resume()
      await db.destroy()
      await proxy.close()
    }
  }, 30_000)

  it('a booking waiting on a held lock answers 503 after the lock timeout and books nothing', async () => {
    const communityId = (await createCommunity(ctx.db, { streetId: (await createStreet(ctx.db)).id })).id
    const meal = await createBookableService(ctx.db, { communityId })
    const user = await createUser(ctx.db, { birthDate: '1950-05-05', communityId })
    const token = await sessionFor(ctx.db, user.id, new Date('2030-01-01'))
    const db = createDb(ctx.databaseUrl, config.database.poolMax, config.database)
    const app = appOn(db)
    try {
      const slots: { id: string; state: string }[] = (await (await app.request(`/api/v1/services/${meal.id}/slots`)).json()).items
      const open = slots.find((s) => s.state === 'open')!
      const holder = await ctx.db.startTransaction().execute()
      await holder.updateTable('slot').set((eb) => ({ booked: eb('booked', '+', 0) })).where('id', '=', open.id).execute()
      const booking = await timed(() =>
        app.request('/api/v1/bookings', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ slotId: open.id }),
        }),
      )
      await holder.commit().execute()
      expect(booking.res.status).toBe(503)
      expect(booking.body.error.code).toBe('SERVICE_UNAVAILABLE')
      expect(booking.ms).toBeLessThan(BOUND_MS)
      const count = await ctx.db.selectFrom('booking').select((eb) => eb.fn.countAll<string>().as('n')).where('booked_by', '=', user.id).executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(0)
    } finally {
      await db.destroy()
    }
  })

  it('a statement past the statement timeout is cancelled by PostgreSQL, as a timeout', async () => {
    const db = createDb(ctx.databaseUrl, 1, config.database)
    try {
      const started = performance.now()
      const err: unknown = await sql`select pg_sleep(30)`.execute(db).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err).toMatchObject({ code: '57014' })
      expect(isDatabaseTimeout(err)).toBe(true)
      expect(performance.now() - started).toBeLessThan(BOUND_MS)
    } finally {
      await db.destroy()
    }
  })

  it('pg-boss works under the same bounds as the API', async () => {
    const boss = await startWorker({
      connectionString: ctx.databaseUrl,
      waits: config.database,
      db: ctx.db,
      sender: new ConsoleSender(),
      jobs: [],
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
    })
    try {
      const { rows } = await boss.getDb().executeSql('select current_setting($1) as statement, current_setting($2) as lock', ['statement_timeout', 'lock_timeout'])
      expect(rows).toEqual([{ statement: '1s', lock: '500ms' }])
    } finally {
      await boss.stop({ graceful: false, wait: true })
    }
  })

  it('a transaction left idle is ended by PostgreSQL; the process lives on and the pool serves the next query', async () => {
    const db = createDb(ctx.databaseUrl, 1, config.database)
    try {
      const idle = await db.startTransaction().execute()
      const { pid } = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(idle)).rows[0]!
      await until(async () => {
        const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where pid = ${pid}`.execute(ctx.db)
        return rows[0]?.n === '0' ? true : undefined
      })
      await expect(sql`select 1`.execute(idle)).rejects.toThrow(/not queryable|terminat/i)
      await idle.rollback().execute().catch(() => undefined)
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }])
    } finally {
      await db.destroy()
    }
  })
})
