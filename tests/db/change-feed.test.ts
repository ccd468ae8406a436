import { Hono } from 'hono'
import { sql } from 'kysely'
import pino from 'pino'
import { ChangeFeed, type Family, WATCHED_TABLES, familiesWritten, withChanges } from '../../bff/src/cache/changes'
import { keptById } from '../../bff/src/cache/kept'
import { publicRead } from '../../bff/src/cache/public-read'
import { createDb, type Db } from '../../bff/src/db/database'
import type { AppEnv } from '../../bff/src/http/env'
import { createFreshDatabase } from '../support/context'
import { until } from '../support/until'

let db: Db
let drop: () => Promise<void>
let url: string

beforeAll(async () => {
  const fresh = await createFreshDatabase()
  drop = fresh.drop
  url = fresh.url
  db = createDb(fresh.url, 4)
})

afterAll(async () => {
  await db.destroy()
  await drop()
})

describe('the change feed', () => {
  it('has a trigger for every watched table and family, and none for a table nothing caches', async () => {
    const rows = await sql<{ table: string; name: string; events: number }>`
      select c.relname as "table", t.tgname as name, t.tgtype::int as events from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgname like 'linli_announce_%'`.execute(db)
    const have = new Set(rows.rows.map((r) => `${r.table}:${r.name.replace('linli_announce_', '')}`))
    const want = new Set(Object.entries(WATCHED_TABLES).flatMap(([table, w]) => w.families.map((f) => `${table}:${f}`)))
    expect([...have].sort()).toEqual([...want].sort())
    // tgtype bit 2 is INSERT: only the tables whose inserts matter announce them.
    for (const r of rows.rows) expect(Boolean(r.events & 4)).toBe(WATCHED_TABLES[r.table]?.events === 'all')
  })

  it('finds the tables a statement writes, in the query builder and in raw SQL', () => {
    const node = (q: { toOperationNode: () => unknown }) => q.toOperationNode() as Parameters<typeof familiesWritten>[0]
    expect(familiesWritten(node(db.updateTable('service').set({ status: 'paused' })))).toEqual(['catalog'])
    expect(familiesWritten(node(db.deleteFrom('user_role as r').where('r.user_id', '=', 'x')))).toEqual(['auth'])
    expect(familiesWritten(node(db.selectFrom('service').selectAll()))).toEqual([])
    // A new session changes no kept one; a revoked one does.
    expect(familiesWritten(node(db.insertInto('session').values({ user_id: 'u', token_hash: 'h', channel: 'sms', expires_at: new Date(), revoked_at: null, wx_session_key_enc: null })))).toEqual([])
    expect(familiesWritten(node(sql`update session set revoked_at = now() where id = ${'s'}`))).toEqual(['auth'])
    expect(familiesWritten(node(sql`with b as (insert into consultation_opinion_like (opinion_id, user_id) values (${'o'}, ${'u'}) returning 1) select * from b`))).toEqual(['consultation'])
    // "for update" and "do update set" name no table.
    expect(familiesWritten(node(sql`select * from slot where id = ${'x'} for update`))).toEqual([])
    expect(familiesWritten(node(sql`insert into rate_limit (bucket) values (${'b'}) on conflict (bucket) do update set hits = rate_limit.hits + 1`))).toEqual([])
    // The seats kernel names its tables with sql.table() and nests its `also` statements: a booking
    // this process makes is forgotten by its own slots page at once, not when the NOTIFY comes back.
    expect(familiesWritten(node(sql`with seat as (update ${sql.table('slot')} set booked = booked + 1 returning id) select 1`))).toEqual(['seats'])
    expect(familiesWritten(node(sql`with a as (${sql`insert into ${sql.table('volunteer_record')} (id) values (${'r'})`}) select 1`))).toEqual(['volunteer'])
    expect(familiesWritten(node(sql`select * from ${sql.table('slot')} for update`))).toEqual([])
  })

  it('tells a listening process of a commit, and not of a rolled-back write', async () => {
    const feed = new ChangeFeed()
    const heard: Family[] = []
    for (const f of ['catalog', 'consultation'] as const) feed.on(f, () => heard.push(f))
    const listening = await feed.listen(url, pino({ level: 'silent' }))
    heard.length = 0
    try {
      await db
        .transaction()
        .execute(async (trx) => {
          await sql`update service_category set sort_order = sort_order`.execute(trx)
          throw new Error('rolled back')
        })
        .catch(() => undefined)
      await sql`update community set name = name`.execute(db)
      await until(async () => (heard.includes('consultation') ? true : undefined), 5000)
      expect(heard.filter((f) => f === 'catalog')).toHaveLength(1)
    } finally {
      await listening.stop()
    }
  })

  it('announces a write through a plugged db at once, before any NOTIFY', async () => {
    const feed = new ChangeFeed()
    const plugged = withChanges(db, feed)
    expect(withChanges(plugged, feed)).toBe(plugged)
    const before = feed.generation('catalog')
    await sql`update service_category set sort_order = sort_order`.execute(plugged)
    expect(feed.generation('catalog')).toBe(before + 1)
  })
})

describe('a public read', () => {
  it('is not kept when its family changed while it was being read', async () => {
    const feed = new ChangeFeed()
    let reads = 0
    let during: (() => void) | null = null
    const app = new Hono<AppEnv>()
      .use('/r', publicRead(feed, { family: 'catalog' }))
      .get('/r', async (c) => {
        reads++
        during?.()
        return c.json({ reads })
      })
    during = () => feed.announce('catalog')
    await app.request('/r')
    during = null
    await app.request('/r')
    // The first answer was read across a change: the second read ran again, and is kept.
    expect(reads).toBe(2)
    await app.request('/r')
    expect(reads).toBe(2)
    feed.announce('catalog')
    await app.request('/r')
    expect(reads).toBe(3)
  })
})

describe('rows kept by id (cache/kept)', () => {
  /** A load that counts its calls and answers when told. */
  function slowLoad() {
    const calls: string[][] = []
    const waiting: (() => void)[] = []
    let value = 'v1'
    const load = (ids: string[]) => {
      calls.push(ids)
      const answer = value
      return new Promise<{ id: string; value: string }[]>((resolve) => waiting.push(() => resolve(ids.map((id) => ({ id, value: answer })))))
    }
    return { load, calls, release: () => waiting.splice(0).forEach((go) => go()), set: (v: string) => void (value = v) }
  }

  it('asks for a row once however many ask for it at the same moment', async () => {
    const feed = new ChangeFeed()
    const plugged = withChanges(db, feed)
    const l = slowLoad()
    const asks = Array.from({ length: 50 }, () => keptById(plugged, 'catalog', 'thing', ['a'], l.load, (r) => r.id))
    await new Promise((resolve) => setImmediate(resolve))
    l.release()
    const answers = await Promise.all(asks)
    expect(l.calls).toEqual([['a']])
    expect(answers.map((m) => m.get('a')?.value)).toEqual(Array(50).fill('v1'))
    // Kept: the next ask does not load.
    expect((await keptById(plugged, 'catalog', 'thing', ['a'], l.load, (r) => r.id)).get('a')?.value).toBe('v1')
    expect(l.calls).toHaveLength(1)
  })

  it('does not hand a caller a load begun before a change: she loads again and sees her write', async () => {
    const feed = new ChangeFeed()
    const plugged = withChanges(db, feed)
    const l = slowLoad()
    const before = keptById(plugged, 'catalog', 'thing', ['a'], l.load, (r) => r.id)
    // Her write lands while that load runs; her next read must not join it.
    l.set('v2')
    feed.announce('catalog')
    const after = keptById(plugged, 'catalog', 'thing', ['a'], l.load, (r) => r.id)
    await new Promise((resolve) => setImmediate(resolve))
    l.release()
    expect((await before).get('a')?.value).toBe('v1')
    expect((await after).get('a')?.value).toBe('v2')
    expect(l.calls).toEqual([['a'], ['a']])
  })
})
