import { randomInt } from 'node:crypto'
import { type QueryExecutor, type RawBuilder, sql } from 'kysely'

/**
 * Seats: a shared kernel for anything with a capacity — a booking slot today, a consultation
 * meeting or a volunteer shift next. It knows no domain: each domain describes its own tables with
 * `SeatTables` and keeps its rules (who may hold a seat, what a promotion writes and tells).
 * The names in `SeatTables` are the domain's constants, never request data.
 */

/** Any Kysely instance or transaction, whatever its tables: the kernel speaks SQL to tables it is told about. */
export interface SeatDb {
  getExecutor(): QueryExecutor
}

export interface SeatTables {
  /** The capacity rows (`slot`): each has `id`, `capacity` and a column counting the seats taken. */
  capacity: { table: string; taken: string }
  /** The holders (`booking`): rows that hold a seat in, or wait for, one capacity row. */
  holders: {
    table: string
    /** The column pointing at the capacity row (`slot_id`). */
    capacityId: string
    status: string
    /** The status of someone waiting for a seat (`waitlisted`); the first to wait is promoted first. */
    waiting: string
    /** Statuses that still hold (or wait for) a seat: their check-in codes must not clash. */
    open: readonly string[]
    /** The column a code is unique within (`community_id`: the counter reads codes per community). */
    codeScope: string
    code: string
    /** A boolean column saying the holder has a seat (`holds_seat`), for tables that keep one. */
    holdsSeat?: string
  }
}

/**
 * `status in (…open)` with the statuses written as literals: the holders' partial unique index on
 * open codes (`booking_open_code … where status in ('pending', 'confirmed', 'waitlisted')`) can only
 * serve a plan whose condition is known to imply its own, and a named statement's generic plan
 * knows nothing of parameters: it read the service's bookings by another index instead, 300 rows
 * a candidate code in the hot-slot bench. The statuses are the domain's constants, never request data.
 */
export function openStatuses(h: SeatTables['holders']): RawBuilder<unknown> {
  return sql`${sql.ref(h.status)} in (${sql.join(h.open.map((s) => sql.lit(s)))})`
}

/** Six digits: short enough to read out at a counter, 1 in a million that two open holders clash. */
export const CHECK_IN_CODE_DIGITS = 6
/** Draws before a clash is accepted: six clashes in a row mean a scope with ~10⁶ open holders. */
const CODE_DRAWS = 6

/**
 * Takes one seat, or nothing if the row is full. A single conditional UPDATE: two concurrent
 * callers cannot both see the last seat free (DESIGN.md; read-then-insert oversold 58 of 50).
 */
export async function takeSeat(db: SeatDb, tables: SeatTables, capacityId: string): Promise<boolean> {
  const taken = sql.ref(tables.capacity.taken)
  const result = await sql<{ id: string }>`
    update ${sql.table(tables.capacity.table)} set ${taken} = ${taken} + 1
    where id = ${capacityId} and ${taken} < capacity
    returning id`.execute(db)
  return result.rows.length > 0
}

/**
 * Takes a seat and writes its holder in ONE statement, the last before the commit: the conditional
 * UPDATE as a CTE, then the INSERT of the holder, seated when the UPDATE took a seat, else waiting
 * — or nothing at all when the row is full and `waiting` is null. The capacity row is locked from
 * this statement to the commit only (issue 13 item 2; docs/decisions/039), so the caller does every
 * check before; the check-in code (`codeIn`) is drawn here, six candidates and the first no open
 * holder has, as `issueCheckInCode` draws them one statement each; and the caller puts what must
 * be written with the holder (its message) in `also`: statements that run inside this one, given conditions true when the holder
 * was seated or is waiting. `values` are the holder's other columns; the status column is text.
 * A holder put on the waiting list holds the row FOR SHARE to the commit (waiting holders do not
 * wait for each other): a seat given back or added after that (`releaseSeat`, `resizeSeats` lock the
 * row first) waits for this commit and then sees the new holder. One given back in the instant
 * between this statement finding the row full and locking it shows in the locked row: `seatFreed`,
 * and the caller runs `fillSeats` once committed, so nobody is left waiting beside an empty seat.
 * Returns the holder's id, whether it is seated and, when waiting, how many wait before it (those
 * committed when the statement began), its code and when it was written, or null when nothing was written.
 */
export async function takeSeatAndHold(
  db: SeatDb,
  tables: SeatTables,
  capacityId: string,
  holder: {
    values: Readonly<Record<string, unknown>>
    seated: string
    waiting: string | null
    also?: (when: { seated: RawBuilder<unknown>; waiting: RawBuilder<unknown> }) => readonly RawBuilder<unknown>[]
    /** The holder gets a check-in code no open holder in this scope has (`issueCheckInCode`, drawn in this statement). */
    codeIn?: string
    /** Draws the candidates (tests); six random digits each by default. */
    drawCode?: () => string
    /**
     * The caller's refusal, asked in this statement (after the caller's lock, so in a snapshot that
     * has what the person committed before): when true nothing is written, no seat and no holder,
     * and null is returned. The caller asks again for the reason, on that rare path only.
     */
    unless?: RawBuilder<unknown>
  },
): Promise<{ id: string; seated: boolean; waitingAhead: number | null; seatFreed: boolean; checkInCode: string | null; createdAt: Date } | null> {
  const taken = sql.ref(tables.capacity.taken)
  const h = tables.holders
  const given = Object.keys(holder.values)
  const columns = holder.codeIn === undefined ? given : [...given, h.code]
  const candidates = holder.codeIn === undefined ? [] : Array.from({ length: CODE_DRAWS }, () => (holder.drawCode ?? drawCode)())
  const values = [
    ...given.map((c) => sql`${holder.values[c]}`),
    ...(holder.codeIn === undefined ? [] : [sql`coalesce((select c from code), ${candidates[CODE_DRAWS - 1]}::text)`]),
  ]
  const seatTaken = sql`exists (select 1 from seat)`
  // The caller's refusal, asked once (a CTE referenced twice is evaluated once, and planned once).
  const refused = holder.unless ? sql`(select r from refusal)` : sql`false`
  const also = holder.also?.({ seated: sql`exists (select 1 from held where held.seated)`, waiting: sql`exists (select 1 from held where not held.seated)` }) ?? []
  const result = await sql<{ id: string; seated: boolean; waitingAhead: number | null; seatFreed: boolean; checkInCode: string | null; createdAt: Date }>`
    with ${
      holder.codeIn === undefined
        ? sql``
        : // A scalar sub-select per candidate, not NOT EXISTS: the planner would turn that into an
          // anti join reading every open code of the scope (4,351 of them in the bench) for six candidates.
          sql`code as (
      select t.c from unnest(${candidates}::text[]) with ordinality as t(c, n)
      where (
        select 1 from ${sql.table(h.table)}
        where ${sql.ref(h.codeScope)} = ${holder.codeIn} and ${sql.ref(h.code)} = t.c and ${openStatuses(h)}
        limit 1) is null
      order by t.n limit 1),`
    }
    ${holder.unless ? sql`refusal as (select ${holder.unless} as r),` : sql``}
    seat as (
      update ${sql.table(tables.capacity.table)} set ${taken} = ${taken} + 1
      where id = ${capacityId} and ${taken} < capacity and not ${refused}
      returning id),
    queued as (
      select id, ${taken} < capacity as free from ${sql.table(tables.capacity.table)}
      where id = ${capacityId} and not ${seatTaken} and ${holder.waiting !== null} and not ${refused}
      for share),
    held as (
      insert into ${sql.table(h.table)} (${sql.join([...columns, h.status, ...(h.holdsSeat ? [h.holdsSeat] : [])].map((c) => sql.ref(c)))})
      select ${sql.join([
        ...values,
        sql`case when ${seatTaken} then ${holder.seated}::text else ${holder.waiting}::text end`,
        ...(h.holdsSeat ? [seatTaken] : []),
      ])}
      where ${seatTaken} or exists (select 1 from queued)
      returning id, ${sql.ref(h.status)} = ${holder.seated}::text as seated, ${holder.codeIn === undefined ? sql`null::text` : sql.ref(h.code)} as code, created_at)
    ${sql.join(also.map((statement, i) => sql`, ${sql.raw(`also_${i + 1}`)} as (${statement})`), sql``)},
    ahead as (
      select count(*)::int as n from ${sql.table(h.table)}
      where ${sql.ref(h.capacityId)} = ${capacityId} and ${sql.ref(h.status)} = ${h.waiting} and exists (select 1 from queued))
    select id, seated, case when seated then null else (select n from ahead) end as "waitingAhead",
      coalesce((select free from queued), false) as "seatFreed", code as "checkInCode", created_at as "createdAt" from held`.execute(db)
  return result.rows[0] ?? null
}

/** A holder's own lock (one person's taps, one after another), as each domain names its holders: the same key always locks the same. */
export async function lockHolder(db: SeatDb, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${holderLock(sql`${key}::text`)})`.execute(db)
}

function holderLock(key: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`hashtextextended(${key}, 0)`
}

/**
 * The first statement of a batch's transaction (`takeSeatsTogether`): each holder's own lock
 * (`lockHolder`'s) in one order, then the capacity row FOR UPDATE, in that order in one statement.
 * The batch's seat statement then starts after both, so it sees every holder committed before it
 * (its waiting list counted right), and two batches wait for each other instead of deadlocking.
 */
export async function lockHoldersAndRow(db: SeatDb, tables: SeatTables, capacityId: string, holderKeys: readonly string[]): Promise<void> {
  await sql`
    with holders as (
      select count(pg_advisory_xact_lock(h)) as n
      from (select distinct ${holderLock(sql`k`)} as h from unnest(${[...holderKeys]}::text[]) as k order by h) as ordered)
    select id from ${sql.table(tables.capacity.table)} where id = ${capacityId} and (select n from holders) >= 0 for update`.execute(db)
}

/** A batch's `columns` from one row per holder (as `takeSeatAndHold` takes its `values`) and each column's SQL type. */
export function columnsOf<C extends string>(types: Readonly<Record<C, string>>, rows: readonly Readonly<Record<NoInfer<C>, unknown>>[]): SeatsTogether['columns'] {
  return Object.fromEntries((Object.keys(types) as C[]).map((c) => [c, { type: types[c], values: rows.map((r) => r[c]) }]))
}

/**
 * Holders of one capacity row taken together (`takeSeatsTogether`), one value per holder in each
 * list, in the order they asked. The statement's text is the same however many there are, so
 * PostgreSQL plans it once per connection.
 */
export interface SeatsTogether {
  /** The holders' columns (`id` among them, drawn by the caller), each with its SQL type: `{ slot_id: { type: 'uuid', values } }`. */
  columns: Readonly<Record<string, { type: string; values: readonly unknown[] }>>
  seated: string
  /** The status of those waiting; null: nobody waits, a holder past the seats gets nothing. */
  waiting: string | null
  /** Whether each holder waits when the seats are taken. */
  mayWait: readonly boolean[]
  /** The holders get check-in codes no open holder in this scope has (as `takeSeatAndHold`). */
  codeIn?: string
  /** The domain's refusals for all holders at once: a select of the positions `n` refused, asked of `input` (the columns and `n`, from 1). */
  refused?: (input: RawBuilder<unknown>) => RawBuilder<unknown>
  /** Statements written with the holders, asked of `held`: the holders written, as (n, id, seated). */
  also?: (held: RawBuilder<unknown>) => readonly RawBuilder<unknown>[]
  drawCode?: () => string
}

export interface HeldSeat {
  id: string
  seated: boolean
  waitingAhead: number | null
  checkInCode: string | null
  createdAt: Date
}

/**
 * `takeSeatAndHold` for several holders of one row in ONE statement, a group commit
 * (docs/decisions/045): the row is locked FOR UPDATE (its free seats read as they are now), the
 * domain's refusals are asked of every holder, and those not refused are seated in the order given
 * while seats are free, then put on the waiting list (if she may wait); the seats are counted up
 * by how many were seated. Each holder is written a microsecond after the one before, so the
 * waiting list's order (`created_at`, then id) is the order they asked in. The caller runs
 * `lockHoldersAndRow` first, in the same transaction, and never passes two holders one lock
 * orders (they would not see each other's rows). Returns, per holder in order, what was written
 * (those waiting told how many wait before them), or null.
 */
export async function takeSeatsTogether(db: SeatDb, tables: SeatTables, capacityId: string, batch: SeatsTogether): Promise<(HeldSeat | null)[]> {
  const names = Object.keys(batch.columns)
  if (!batch.columns.id) throw new Error('takeSeatsTogether: the holders need their ids (an `id` column)')
  const count = batch.columns.id.values.length
  if (names.some((c) => batch.columns[c]?.values.length !== count)) throw new Error('takeSeatsTogether: every column needs one value per holder')
  if (count === 0) return []
  const h = tables.holders
  const taken = sql.ref(tables.capacity.taken)
  const arrays = names.map((c) => {
    const column = batch.columns[c] as { type: string; values: readonly unknown[] }
    return sql`${[...column.values]}::${sql.raw(column.type)}[]`
  })
  const candidates = batch.codeIn === undefined ? [] : Array.from({ length: count * CODE_DRAWS }, () => (batch.drawCode ?? drawCode)())
  const input = sql.raw('input')
  const held = sql.raw('held')
  const refused = batch.refused ? batch.refused(input) : sql`select null::bigint as n where false`
  const also = batch.also?.(held) ?? []
  const columns = [...names, 'created_at', ...(batch.codeIn === undefined ? [] : [h.code]), h.status, ...(h.holdsSeat ? [h.holdsSeat] : [])]
  const values = [
    ...names.map((c) => sql`i.${sql.ref(c)}`),
    sql`now() + (i.n - 1) * interval '1 microsecond'`,
    ...(batch.codeIn === undefined ? [] : [sql`codes.code`]),
    sql`case when c.seated then ${batch.seated}::text else ${batch.waiting}::text end`,
    ...(h.holdsSeat ? [sql`c.seated`] : []),
  ]
  const result = await sql<{ n: number; id: string; seated: boolean; waitingAhead: number | null; checkInCode: string | null; createdAt: Date }>`
    with input as (select * from unnest(${sql.join(arrays)}) with ordinality as i(${sql.join(names.map((c) => sql.ref(c)))}, n)),
    cap as (select capacity - ${taken} as free from ${sql.table(tables.capacity.table)} where id = ${capacityId} for update),
    refused as (${refused}),
    wanting as (
      select i.n, (${[...batch.mayWait]}::boolean[])[i.n::int] and ${batch.waiting !== null} as may_wait, row_number() over (order by i.n) as k
      from input i where not exists (select 1 from refused r where r.n = i.n)),
    chosen as (select w.n, w.k <= cap.free as seated from wanting w cross join cap where w.k <= cap.free or w.may_wait),
    queue as (select n, row_number() over (order by n) as behind from chosen where not seated),
    seat as (
      update ${sql.table(tables.capacity.table)} set ${taken} = ${taken} + (select count(*) from chosen where seated)
      where id = ${capacityId} and exists (select 1 from chosen where seated)
      returning id),
    ${
      batch.codeIn === undefined
        ? sql``
        : // Each holder's six candidates, the first no open holder has (a scalar sub-select each, as in takeSeatAndHold).
          sql`codes as (
      select i.n, coalesce((
        select t.c from unnest(${candidates}::text[]) with ordinality as t(c, k)
        where (t.k - 1) / ${CODE_DRAWS} + 1 = i.n and (
          select 1 from ${sql.table(h.table)}
          where ${sql.ref(h.codeScope)} = ${batch.codeIn} and ${sql.ref(h.code)} = t.c and ${openStatuses(h)}
          limit 1) is null
        order by t.k limit 1), (${candidates}::text[])[(i.n * ${CODE_DRAWS})::int]) as code
      from input i),`
    }
    inserted as (
      insert into ${sql.table(h.table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select ${sql.join(values)}
      from input i join chosen c on c.n = i.n ${batch.codeIn === undefined ? sql`` : sql`join codes on codes.n = i.n`}
      returning id, ${sql.ref(h.status)} = ${batch.seated}::text as seated, ${batch.codeIn === undefined ? sql`null::text` : sql.ref(h.code)} as code, created_at),
    held as (select i.n, x.id, x.seated, x.code, x.created_at from inserted x join input i on i.id = x.id)
    ${sql.join(also.map((statement, j) => sql`, ${sql.raw(`also_${j + 1}`)} as (${statement})`), sql``)},
    ahead as (
      select count(*)::int as n from ${sql.table(h.table)}
      where ${sql.ref(h.capacityId)} = ${capacityId} and ${sql.ref(h.status)} = ${batch.waiting})
    select held.n, held.id, held.seated, case when held.seated then null else (select n from ahead) + q.behind::int - 1 end as "waitingAhead",
      held.code as "checkInCode", held.created_at as "createdAt"
    from held left join queue q on q.n = held.n`.execute(db)
  const byN = new Map(result.rows.map((r) => [Number(r.n), r]))
  return Array.from({ length: count }, (_, i) => {
    const row = byN.get(i + 1)
    return row ? { id: row.id, seated: row.seated, waitingAhead: row.waitingAhead, checkInCode: row.checkInCode, createdAt: row.createdAt } : null
  })
}

/** The first holder waiting for a seat in the row, locked (SKIP LOCKED: two callers at once get two different holders). */
async function lockFirstWaiting(db: SeatDb, tables: SeatTables, capacityId: string): Promise<{ id: string } | undefined> {
  const h = tables.holders
  const waiter = await sql<{ id: string }>`
    select id from ${sql.table(h.table)}
    where ${sql.ref(h.capacityId)} = ${capacityId} and ${sql.ref(h.status)} = ${h.waiting}
    order by created_at, id
    limit 1
    for update skip locked`.execute(db)
  return waiter.rows[0]
}

/**
 * Gives a seat back, or hands it straight to the first holder waiting for it, in the caller's
 * transaction. The row is locked first, so a holder joining the waiting list at this moment is
 * committed and seen before the seat is freed; the waiter is locked (SKIP LOCKED); `promote` is the
 * owning domain writing what a promotion means (status, message).
 * Returns the promoted holder's id, or null when the seat was freed.
 */
export async function releaseSeat(
  db: SeatDb,
  tables: SeatTables,
  capacityId: string,
  promote: (holderId: string) => Promise<void>,
): Promise<string | null> {
  await lockInOrder(db, tables, [capacityId])
  const next = await lockFirstWaiting(db, tables, capacityId)
  if (next) {
    await promote(next.id)
    return next.id
  }
  await freeSeat(db, tables, capacityId)
  return null
}

/**
 * Sets a row's number of seats, never below the seats taken (one conditional UPDATE, so a seat
 * taken at the same moment is counted), and hands the new seats to the holders waiting, first come
 * first seated, through `promote` as `releaseSeat` does. Returns the holders promoted, or null when
 * `capacity` is below the seats taken (nothing changed).
 */
export async function resizeSeats(
  db: SeatDb,
  tables: SeatTables,
  capacityId: string,
  capacity: number,
  promote: (holderId: string) => Promise<void>,
): Promise<string[] | null> {
  const taken = sql.ref(tables.capacity.taken)
  const resized = await sql`update ${sql.table(tables.capacity.table)} set capacity = ${capacity} where id = ${capacityId} and ${taken} <= ${capacity} returning id`.execute(db)
  if (resized.rows.length === 0) return null
  return seatWaiting(db, tables, capacityId, promote)
}

/**
 * Seats those waiting in the free seats of a row, first come first (the row locked first): what a
 * caller runs after committing a holder that `takeSeatAndHold` put on the waiting list while a seat
 * came free (`seatFreed`). Returns the holders promoted.
 */
export async function fillSeats(db: SeatDb, tables: SeatTables, capacityId: string, promote: (holderId: string) => Promise<void>): Promise<string[]> {
  await lockInOrder(db, tables, [capacityId])
  return seatWaiting(db, tables, capacityId, promote)
}

async function seatWaiting(db: SeatDb, tables: SeatTables, capacityId: string, promote: (holderId: string) => Promise<void>): Promise<string[]> {
  const promoted: string[] = []
  for (;;) {
    const next = await lockFirstWaiting(db, tables, capacityId)
    if (!next || !(await takeSeat(db, tables, capacityId))) return promoted
    await promote(next.id)
    promoted.push(next.id)
  }
}

/**
 * Frees a seat without offering it to anyone: for a caller that is closing the whole row's
 * holders at once (a closure cancels the waiting too), where a promotion would seat someone
 * about to be cancelled.
 */
export async function freeSeat(db: SeatDb, tables: SeatTables, capacityId: string): Promise<void> {
  const taken = sql.ref(tables.capacity.taken)
  await sql`update ${sql.table(tables.capacity.table)} set ${taken} = ${taken} - 1 where id = ${capacityId}`.execute(db)
}

/**
 * Locks several capacity rows in one fixed order (by id). Any transaction that changes two of
 * them (a move from one slot to another) takes them through here first, so two opposite moves
 * wait for each other instead of deadlocking.
 */
export async function lockInOrder(db: SeatDb, tables: SeatTables, capacityIds: readonly string[]): Promise<void> {
  if (capacityIds.length === 0) return
  await sql`
    select id from ${sql.table(tables.capacity.table)}
    where id in (${sql.join(capacityIds)})
    order by id
    for update`.execute(db)
}

function drawCode(): string {
  let out = ''
  for (let i = 0; i < CHECK_IN_CODE_DIGITS; i++) out += String(randomInt(10))
  return out
}

/**
 * A check-in code no open holder in `scope` has. Closed holders' codes may come back: a code
 * only has to identify one open seat at the counter.
 */
export async function issueCheckInCode(db: SeatDb, tables: SeatTables, scope: string, draw: () => string = drawCode): Promise<string> {
  const h = tables.holders
  for (let attempt = 1; ; attempt++) {
    const code = draw()
    const clash = await sql`
      select 1 from ${sql.table(h.table)}
      where ${sql.ref(h.codeScope)} = ${scope} and ${sql.ref(h.code)} = ${code}
        and ${openStatuses(h)}
      limit 1`.execute(db)
    if (clash.rows.length === 0 || attempt >= CODE_DRAWS) return code
  }
}
