import { sql } from 'kysely'
import { createDb, type Db } from '../../bff/src/db/database'
import { type SeatTables, type SeatsTogether, fillSeats, lockHolder, lockHoldersAndRow, issueCheckInCode, lockInOrder, releaseSeat, resizeSeats, takeSeat, takeSeatAndHold, takeSeatsTogether } from '../../bff/src/seats/seats'
import { createFreshDatabase } from '../support/context'

// The kernel on a domain of its own (a volunteer shift and its sign-ups), not booking's tables.
const SHIFT_SEATS: SeatTables = {
  capacity: { table: 'shift', taken: 'filled' },
  holders: {
    table: 'signup',
    capacityId: 'shift_id',
    status: 'state',
    waiting: 'waiting',
    open: ['held', 'waiting'],
    codeScope: 'team',
    code: 'code',
  },
}

let db: Db
let drop: () => Promise<void>

beforeAll(async () => {
  const fresh = await createFreshDatabase()
  drop = fresh.drop
  db = createDb(fresh.url, 20)
  await sql`create table shift (id text primary key, capacity int not null, filled int not null default 0 check (filled <= capacity))`.execute(db)
  await sql`create table signup (
    id text primary key, shift_id text not null references shift(id), state text not null,
    team text not null default 't', code text not null default '', created_at timestamptz not null default now())`.execute(db)
})

afterEach(async () => {
  await sql`truncate signup, shift`.execute(db)
})

afterAll(async () => {
  await db.destroy()
  await drop()
})

async function filled(id: string): Promise<number> {
  const row = await sql<{ filled: number }>`select filled from shift where id = ${id}`.execute(db)
  return row.rows[0]?.filled ?? -1
}

describe('seats kernel', () => {
  it('sells exactly the capacity to 200 concurrent takers, each in its own transaction', async () => {
    await sql`insert into shift (id, capacity) values ('s1', 50)`.execute(db)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const seated = await takeSeat(trx, SHIFT_SEATS, 's1')
          if (seated) await sql`insert into signup (id, shift_id, state) values (${`p${i}`}, 's1', 'held')`.execute(trx)
          return seated
        }),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(50)
    expect(await filled('s1')).toBe(50)
    const held = await sql<{ n: string }>`select count(*) as n from signup where state = 'held'`.execute(db)
    expect(Number(held.rows[0]?.n)).toBe(50)
  })

  it('takes the seat and writes the holder (and what goes with it) in one statement: 200 at once, 50 seated, 150 waiting', async () => {
    await sql`insert into shift (id, capacity) values ('s1', 50)`.execute(db)
    await sql`create table if not exists note (signup_id text not null, says text not null)`.execute(db)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db.transaction().execute((trx) =>
          takeSeatAndHold(trx, SHIFT_SEATS, 's1', {
            values: { id: `p${i}`, shift_id: 's1' },
            seated: 'held',
            waiting: 'waiting',
            also: (when) => [
              sql`insert into note (signup_id, says) select ${`p${i}`}, 'seated' where ${when.seated}`,
              sql`insert into note (signup_id, says) select ${`p${i}`}, 'waiting' where ${when.waiting}`,
            ],
          }),
        ),
      ),
    )
    expect(results.filter((r) => r?.seated)).toHaveLength(50)
    expect(results.filter((r) => r && !r.seated)).toHaveLength(150)
    expect(await filled('s1')).toBe(50)
    const states = await sql<{ state: string; n: number }>`select state, count(*)::int as n from signup group by state order by state`.execute(db)
    expect(states.rows).toEqual([{ state: 'held', n: 50 }, { state: 'waiting', n: 150 }])
    // Each holder's note says what happened to it, once.
    const notes = await sql<{ ok: number }>`select count(*)::int as ok from note n join signup s on s.id = n.signup_id
      where (n.says = 'seated') = (s.state = 'held')`.execute(db)
    expect(notes.rows[0]?.ok).toBe(200)
    await sql`drop table note`.execute(db)
  })

  it('writes nothing when the row is full and the taker does not wait', async () => {
    await sql`insert into shift (id, capacity, filled) values ('s1', 1, 1)`.execute(db)
    const held = await takeSeatAndHold(db, SHIFT_SEATS, 's1', { values: { id: 'late', shift_id: 's1' }, seated: 'held', waiting: null })
    expect(held).toBeNull()
    expect((await sql`select id from signup`.execute(db)).rows).toEqual([])
    expect(await filled('s1')).toBe(1)
  })

  it('hands a released seat to the first waiter, in the same transaction, and frees it when nobody waits', async () => {
    await sql`insert into shift (id, capacity, filled) values ('s1', 1, 1)`.execute(db)
    await sql`insert into signup (id, shift_id, state, created_at) values
      ('holder', 's1', 'held', now() - interval '3 minutes'),
      ('second', 's1', 'waiting', now() - interval '1 minute'),
      ('first', 's1', 'waiting', now() - interval '2 minutes')`.execute(db)

    const promoted = await db.transaction().execute(async (trx) => {
      await sql`update signup set state = 'left' where id = 'holder'`.execute(trx)
      return releaseSeat(trx, SHIFT_SEATS, 's1', async (id) => {
        await sql`update signup set state = 'held' where id = ${id}`.execute(trx)
      })
    })
    expect(promoted).toBe('first')
    expect(await filled('s1')).toBe(1)

    // A promotion that fails rolls the release back with it: the seat is neither freed nor handed on.
    await expect(
      db.transaction().execute(async (trx) => {
        await releaseSeat(trx, SHIFT_SEATS, 's1', async () => {
          throw new Error('the domain refused')
        })
      }),
    ).rejects.toThrow('the domain refused')
    const states = await sql<{ id: string; state: string }>`select id, state from signup order by id`.execute(db)
    expect(states.rows).toEqual([
      { id: 'first', state: 'held' },
      { id: 'holder', state: 'left' },
      { id: 'second', state: 'waiting' },
    ])

    await sql`update signup set state = 'left' where id <> 'holder'`.execute(db)
    const freed = await db.transaction().execute((trx) => releaseSeat(trx, SHIFT_SEATS, 's1', async () => undefined))
    expect(freed).toBeNull()
    expect(await filled('s1')).toBe(0)
  })

  it('a seat given back or added while someone joins the waiting list goes to her once she is committed, not left empty', async () => {
    for (const [shift, giveSeat] of [
      ['release', (trx: Db) => releaseSeat(trx, SHIFT_SEATS, 'release', async (id) => void (await sql`update signup set state = 'held' where id = ${id}`.execute(trx)))],
      ['resize', (trx: Db) => resizeSeats(trx, SHIFT_SEATS, 'resize', 2, async (id) => void (await sql`update signup set state = 'held' where id = ${id}`.execute(trx)))],
    ] as const) {
      await sql`insert into shift (id, capacity, filled) values (${shift}, 1, 1)`.execute(db)
      await sql`insert into signup (id, shift_id, state) values (${`${shift}-holder`}, ${shift}, 'held')`.execute(db)
      let joined: () => void = () => undefined
      let commit: () => void = () => undefined
      const waiting = db.transaction().execute(async (trx) => {
        const held = await takeSeatAndHold(trx, SHIFT_SEATS, shift, { values: { id: `${shift}-late`, shift_id: shift }, seated: 'held', waiting: 'waiting' })
        joined()
        await new Promise<void>((resolve) => (commit = resolve))
        return held
      })
      await new Promise<void>((resolve) => (joined = resolve))
      // Her row is not committed: a seat given now must wait for her, then find her.
      const given = db.transaction().execute(async (trx) => {
        if (shift === 'release') await sql`update signup set state = 'left' where id = ${`${shift}-holder`}`.execute(trx)
        return giveSeat(trx)
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      commit()
      expect(await waiting).toMatchObject({ id: `${shift}-late`, seated: false, waitingAhead: 0, seatFreed: false })
      const result = await given
      expect(shift === 'release' ? result : (result as string[])[0]).toBe(`${shift}-late`)
      const late = await sql<{ state: string }>`select state from signup where id = ${`${shift}-late`}`.execute(db)
      expect(late.rows).toEqual([{ state: 'held' }])
      expect(await filled(shift)).toBe(shift === 'release' ? 1 : 2)
    }
  })

  it('fills free seats with those waiting, first come first, once (what a holder that saw a seat come free while joining runs)', async () => {
    await sql`insert into shift (id, capacity, filled) values ('s1', 3, 1)`.execute(db)
    await sql`insert into signup (id, shift_id, state, created_at) values
      ('late', 's1', 'waiting', now() - interval '1 minute'),
      ('early', 's1', 'waiting', now() - interval '3 minutes'),
      ('middle', 's1', 'waiting', now() - interval '2 minutes')`.execute(db)
    const seat = (trx: Db) => fillSeats(trx, SHIFT_SEATS, 's1', async (id) => void (await sql`update signup set state = 'held' where id = ${id}`.execute(trx)))
    const [a, b] = await Promise.all([db.transaction().execute(seat), db.transaction().execute(seat)])
    expect([...a, ...b].sort()).toEqual(['early', 'middle'])
    expect(await filled('s1')).toBe(3)
    expect((await sql<{ id: string }>`select id from signup where state = 'waiting'`.execute(db)).rows).toEqual([{ id: 'late' }])
  })

  it('lets opposite moves queue instead of deadlocking when both lock in order', async () => {
    await sql`insert into shift (id, capacity, filled) values ('a', 40, 20), ('b', 40, 20)`.execute(db)
    // Each move takes the new seat, waits a moment holding it, then gives the old one back — the
    // pattern that deadlocked when two residents moved Tue → Wed and Wed → Tue at once.
    const move = (from: string, to: string) =>
      db.transaction().execute(async (trx) => {
        await lockInOrder(trx, SHIFT_SEATS, [from, to])
        if (!(await takeSeat(trx, SHIFT_SEATS, to))) throw new Error('full')
        await sql`select pg_sleep(0.005)`.execute(trx)
        await releaseSeat(trx, SHIFT_SEATS, from, async () => undefined)
      })
    const pairs = Array.from({ length: 15 }, () => [move('a', 'b'), move('b', 'a')]).flat()
    const results = await Promise.allSettled(pairs)
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    expect(await filled('a')).toBe(20)
    expect(await filled('b')).toBe(20)
  })

  it('shows the same moves deadlock without the lock order (the test above can fail)', async () => {
    await sql`insert into shift (id, capacity, filled) values ('a', 40, 20), ('b', 40, 20)`.execute(db)
    let arrived = 0
    let release: () => void = () => undefined
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve
    })
    const move = (from: string, to: string) =>
      db.transaction().execute(async (trx) => {
        await takeSeat(trx, SHIFT_SEATS, to)
        if (++arrived === 2) release()
        await bothHoldOne
        await releaseSeat(trx, SHIFT_SEATS, from, async () => undefined)
      })
    const results = await Promise.allSettled([move('a', 'b'), move('b', 'a')])
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []))
    expect(codes).toEqual(['40P01'])
  })

  it('issues check-in codes unique among open holders of a scope; closed holders free theirs', async () => {
    await sql`insert into shift (id, capacity) values ('s1', 5)`.execute(db)
    await sql`insert into signup (id, shift_id, state, team, code) values
      ('open', 's1', 'held', 't', '111111'), ('other-team', 's1', 'held', 'u', '222222'), ('done', 's1', 'served', 't', '333333')`.execute(db)
    const draws = (...codes: string[]) => () => codes.shift() ?? '999999'

    expect(await issueCheckInCode(db, SHIFT_SEATS, 't', draws('111111', '444444'))).toBe('444444')
    expect(await issueCheckInCode(db, SHIFT_SEATS, 't', draws('222222'))).toBe('222222')
    expect(await issueCheckInCode(db, SHIFT_SEATS, 't', draws('333333'))).toBe('333333')
    expect(await issueCheckInCode(db, SHIFT_SEATS, 't')).toMatch(/^\d{6}$/)
  })

  it('writes nothing when the caller’s refusal holds (unless), seated or waiting', async () => {
    await sql`insert into shift (id, capacity) values ('s1', 1)`.execute(db)
    const hold = (id: string) =>
      db.transaction().execute((trx) =>
        takeSeatAndHold(trx, SHIFT_SEATS, 's1', {
          values: { id, shift_id: 's1', team: 't' },
          seated: 'held',
          waiting: 'waiting',
          // Her own open sign-up on the shift refuses a second one.
          unless: sql`exists (select 1 from signup where id like ${`${id.split('-')[0]}-%`} and state in ('held', 'waiting'))`,
        }),
      )
    expect(await hold('ann-1')).toMatchObject({ seated: true })
    expect(await hold('ann-2')).toBeNull()
    expect(await hold('bob-1')).toMatchObject({ seated: false, waitingAhead: 0 })
    expect(await hold('bob-2')).toBeNull()
    expect(await filled('s1')).toBe(1)
    const rows = await sql<{ id: string }>`select id from signup order by id`.execute(db)
    expect(rows.rows.map((r) => r.id)).toEqual(['ann-1', 'bob-1'])
  })

  it('draws the code inside the seat statement: the first candidate no open holder of the scope has', async () => {
    await sql`insert into shift (id, capacity) values ('s1', 5)`.execute(db)
    await sql`insert into signup (id, shift_id, state, team, code) values
      ('open', 's1', 'held', 't', '111111'), ('other-team', 's1', 'held', 'u', '222222'), ('done', 's1', 'served', 't', '333333')`.execute(db)
    const draws = (...codes: string[]) => () => codes.shift() ?? '999999'
    const hold = (id: string, drawCode: () => string) =>
      db.transaction().execute((trx) => takeSeatAndHold(trx, SHIFT_SEATS, 's1', { values: { id, shift_id: 's1', team: 't' }, seated: 'held', waiting: null, codeIn: 't', drawCode }))
    expect(await hold('a', draws('111111', '222222'))).toMatchObject({ id: 'a', seated: true, checkInCode: '222222' })
    // Now held by 'a' in t: the next skips it, and a closed holder's code comes back.
    expect(await hold('b', draws('222222', '111111', '333333'))).toMatchObject({ checkInCode: '333333' })
    const stored = await sql<{ id: string; code: string }>`select id, code from signup where id in ('a', 'b') order by id`.execute(db)
    expect(stored.rows).toEqual([{ id: 'a', code: '222222' }, { id: 'b', code: '333333' }])
    // Six clashes in a row: the last is taken, as issueCheckInCode does (a scope with ~10⁶ open holders).
    expect(await hold('c', () => '111111')).toMatchObject({ checkInCode: '111111' })
  })

  describe('several holders in one statement (takeSeatsTogether, a group commit)', () => {
    const together = (ids: string[], more: Partial<SeatsTogether> = {}): SeatsTogether => ({
      columns: { id: { type: 'text', values: ids }, shift_id: { type: 'text', values: ids.map(() => 's1') }, team: { type: 'text', values: ids.map(() => 't') } },
      seated: 'held',
      waiting: 'waiting',
      mayWait: ids.map(() => true),
      ...more,
    })

    it('seats them in the order given while seats are free, the rest wait in that order, and says how many wait before each', async () => {
      await sql`insert into shift (id, capacity, filled) values ('s1', 5, 2)`.execute(db)
      await sql`insert into signup (id, shift_id, state, created_at) values ('early', 's1', 'waiting', now() - interval '1 hour')`.execute(db)
      const ids = ['a', 'b', 'c', 'd', 'e', 'f']
      const held = await db.transaction().execute((trx) => takeSeatsTogether(trx, SHIFT_SEATS, 's1', together(ids)))
      expect(held.map((h) => h && [h.id, h.seated, h.waitingAhead])).toEqual([
        ['a', true, null],
        ['b', true, null],
        ['c', true, null],
        // 'early' waited before them all.
        ['d', false, 1],
        ['e', false, 2],
        ['f', false, 3],
      ])
      expect(await filled('s1')).toBe(5)
      // The waiting list's order (created_at, then id) is the order they asked in, whatever their ids.
      const order = await sql<{ id: string }>`select id from signup where state = 'waiting' order by created_at, id`.execute(db)
      expect(order.rows.map((r) => r.id)).toEqual(['early', 'd', 'e', 'f'])
    })

    it('skips those the domain refuses and those who would only wait but may not, without counting them as ahead of anyone', async () => {
      await sql`insert into shift (id, capacity) values ('s1', 1)`.execute(db)
      const ids = ['a', 'refused', 'no-wait', 'b']
      const held = await db.transaction().execute((trx) =>
        takeSeatsTogether(trx, SHIFT_SEATS, 's1', together(ids, { mayWait: [true, true, false, true], refused: (input) => sql`select n from ${input} where id = 'refused'` })),
      )
      expect(held.map((h) => h && [h.id, h.seated, h.waitingAhead])).toEqual([['a', true, null], null, null, ['b', false, 0]])
      const rows = await sql<{ id: string; state: string }>`select id, state from signup order by id`.execute(db)
      expect(rows.rows).toEqual([
        { id: 'a', state: 'held' },
        { id: 'b', state: 'waiting' },
      ])
      expect(await filled('s1')).toBe(1)
    })

    it('writes what goes with each holder once, from the holders written; nobody waits when the batch has no waiting status', async () => {
      await sql`insert into shift (id, capacity) values ('s1', 2)`.execute(db)
      await sql`create table if not exists note (signup_id text not null, says text not null)`.execute(db)
      const ids = ['a', 'b', 'c']
      const held = await db.transaction().execute((trx) =>
        takeSeatsTogether(
          trx,
          SHIFT_SEATS,
          's1',
          together(ids, {
            waiting: null,
            also: (written) => [sql`insert into note (signup_id, says) select id, case when seated then 'seated' else 'waiting' end from ${written}`],
          }),
        ),
      )
      expect(held.map((h) => h?.id ?? null)).toEqual(['a', 'b', null])
      const notes = await sql<{ signup_id: string; says: string }>`select signup_id, says from note order by signup_id`.execute(db)
      expect(notes.rows).toEqual([
        { signup_id: 'a', says: 'seated' },
        { signup_id: 'b', says: 'seated' },
      ])
      await sql`drop table note`.execute(db)
    })

    it('draws each holder a code no open holder of the scope has', async () => {
      await sql`insert into shift (id, capacity) values ('s1', 3)`.execute(db)
      await sql`insert into signup (id, shift_id, state, team, code) values ('open', 's1', 'held', 't', '111111'), ('done', 's1', 'served', 't', '333333')`.execute(db)
      // Six candidates each, a's first: 111111 is open (skipped), 222222 free; b's start 111111, then 333333 (closed: may come back).
      const draws = ['111111', '222222', '555555', '555555', '555555', '555555', '111111', '333333', '555555', '555555', '555555', '555555']
      const drawCode = () => draws.shift() ?? '999999'
      const held = await db.transaction().execute((trx) => takeSeatsTogether(trx, SHIFT_SEATS, 's1', together(['a', 'b'], { codeIn: 't', drawCode })))
      expect(held.map((h) => h?.checkInCode)).toEqual(['222222', '333333'])
    })

    it("takes the very lock a holder's own transaction takes: a batch waits for her tap alone to commit", async () => {
      await sql`insert into shift (id, capacity) values ('s1', 5)`.execute(db)
      const order: string[] = []
      let release = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      let locked = () => {}
      const alone = new Promise<void>((resolve) => (locked = resolve))
      const single = db.transaction().execute(async (trx) => {
        await lockHolder(trx, 'ann')
        locked()
        await held
        order.push('alone committed')
      })
      await alone
      const batch = db.transaction().execute(async (trx) => {
        await lockHoldersAndRow(trx, SHIFT_SEATS, 's1', ['bob', 'ann'])
        order.push('batch locked')
      })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(order).toEqual([])
      release()
      await Promise.all([single, batch])
      expect(order).toEqual(['alone committed', 'batch locked'])
    })

    it('never seats more than the row has when batches of several processes meet: 20 batches of 10 at once on 50 seats', async () => {
      await sql`insert into shift (id, capacity) values ('s1', 50)`.execute(db)
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, b) => {
          const ids = Array.from({ length: 10 }, (_, i) => `p${b}-${i}`)
          return db.transaction().execute(async (trx) => {
            await lockHoldersAndRow(trx, SHIFT_SEATS, 's1', ids)
            return takeSeatsTogether(trx, SHIFT_SEATS, 's1', together(ids))
          })
        }),
      )
      const all = results.flat()
      expect(all.filter((h) => h?.seated)).toHaveLength(50)
      expect(all.filter((h) => h && !h.seated)).toHaveLength(150)
      expect(await filled('s1')).toBe(50)
      // Each waiting holder was told a different place in the list.
      const places = all.filter((h) => h && !h.seated).map((h) => h?.waitingAhead)
      expect(new Set(places).size).toBe(150)
    })
  })
})
