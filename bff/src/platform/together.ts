/**
 * Writes taken together (docs/decisions/045-seats-taken-together.md): while one transaction writes
 * for a row (a slot's seats, the audit log), the requests that ask to write for it meanwhile wait
 * in this process, and the next transaction writes all of theirs at once. Alone, a request runs at
 * once; in a rush (a meal slot opening at 8:00) the row's lock, the transaction's round trips and
 * its commit are shared by everyone who came in the meantime.
 *
 * `run` writes one batch in one transaction and answers each input in order. When a batch of
 * several fails, each of its inputs runs again alone, so one person's failure is never another's;
 * `shared` says which errors are everyone's anyway (the activity was cancelled) and end the batch.
 */
export class Together<I, O> {
  private readonly rows = new Map<string, { waiting: Pending<I, O>[]; running: number }>()

  constructor(
    private readonly run: (rowKey: string, batch: readonly I[]) => Promise<readonly O[]>,
    private readonly options: {
      /** Inputs in one batch at most. */
      max: number
      /**
       * Batches of one row running at once: the next one's first round trips overlap the last
       * one's statement and commit, and PostgreSQL hands it the row's lock the moment that commits.
       */
      inFlight: number
      shared: (err: unknown) => boolean
    },
  ) {}

  /**
   * Writes `input` with whoever else asks for `rowKey` meanwhile. Two inputs with the
   * same `orderedBy` (one person's lock) never share a batch: the second runs in another, which
   * waits for her lock and then sees what the first wrote.
   */
  join(rowKey: string, orderedBy: string, input: I): Promise<O> {
    return this.joinAll(rowKey, [[orderedBy, input]])[0] as Promise<O>
  }

  /** `join` for several inputs of one caller at once: they go into the same batch, as far as `max` allows. */
  joinAll(rowKey: string, inputs: readonly (readonly [orderedBy: string, input: I])[]): Promise<O>[] {
    let row = this.rows.get(rowKey)
    if (!row) {
      row = { waiting: [], running: 0 }
      this.rows.set(rowKey, row)
    }
    const waiting = row.waiting
    const answers = inputs.map(([orderedBy, input]) => new Promise<O>((resolve, reject) => waiting.push({ input, orderedBy, resolve, reject })))
    this.start(rowKey, row)
    return answers
  }

  /** Starts batches of the row while some wait and fewer than `inFlight` run; forgets the row when idle. */
  private start(rowKey: string, row: { waiting: Pending<I, O>[]; running: number }): void {
    while (row.waiting.length > 0 && row.running < this.options.inFlight) {
      const batch: Pending<I, O>[] = []
      const later: Pending<I, O>[] = []
      const locks = new Set<string>()
      for (const p of row.waiting) {
        if (batch.length < this.options.max && !locks.has(p.orderedBy)) {
          batch.push(p)
          locks.add(p.orderedBy)
        } else later.push(p)
      }
      row.waiting = later
      row.running++
      void this.settle(rowKey, batch).finally(() => {
        row.running--
        this.start(rowKey, row)
      })
    }
    if (row.waiting.length === 0 && row.running === 0) this.rows.delete(rowKey)
  }

  private async settle(rowKey: string, batch: readonly Pending<I, O>[]): Promise<void> {
    try {
      const answers = await this.run(
        rowKey,
        batch.map((p) => p.input),
      )
      batch.forEach((p, i) => p.resolve(answers[i] as O))
    } catch (err) {
      if (batch.length === 1 || this.options.shared(err)) {
        for (const p of batch) p.reject(err)
        return
      }
      for (const p of batch) await this.settle(rowKey, [p])
    }
  }
}

interface Pending<I, O> {
  input: I
  orderedBy: string
  resolve: (output: O) => void
  reject: (err: unknown) => void
}

/** Seats: at most 50 in a batch, two batches of a row at once (docs/decisions/045). */
export const TOGETHER = { max: 50, inFlight: 2 } as const

/** One queue per app, told by its database handle, made on first use (tests run several apps in one process). */
export function queuePerApp<D extends object, I, O>(make: (db: D) => Together<I, O>): (db: D) => Together<I, O> {
  const queues = new WeakMap<D, Together<I, O>>()
  return (db) => {
    let queue = queues.get(db)
    if (!queue) {
      queue = make(db)
      queues.set(db, queue)
    }
    return queue
  }
}

/**
 * One statement for what its callers ask meanwhile (looks for the audit log, idempotency keys;
 * docs/decisions/047, 048): up to 100 inputs a statement, two statements at once. Inputs with the
 * same `orderedBy` (one user's key) never share a statement. A failed statement is run again for
 * each of its inputs alone, so one bad input is nobody else's failure.
 */
export function statementsTogether<D extends object, I, O>(write: (db: D, batch: readonly I[]) => Promise<readonly O[]>): (db: D, orderedBy: string, input: I) => Promise<O> {
  const queue = queuePerApp((db: D) => new Together<I, O>((_, batch) => write(db, batch), { max: 100, inFlight: 2, shared: () => false }))
  return (db, orderedBy, input) => queue(db).join('statement', orderedBy, input)
}

/**
 * Rows by key read together (docs/decisions/048): while one read runs, the keys asked for
 * meanwhile wait, and the next read asks for all of them in one statement (500 volunteers signing
 * up at once read their registrations in a handful of statements, not 500). Alone, a read runs at
 * once. A read always starts after its caller asked, so it sees every write she saw. Inside a
 * transaction (`isTransaction`) the row is read there and then, by the transaction.
 */
export function readTogether<D extends { readonly isTransaction: boolean }, R>(
  load: (db: D, keys: readonly string[]) => Promise<ReadonlyMap<string, R>>,
): (db: D, key: string) => Promise<R | undefined> {
  const readAll = readAllTogether(load)
  return async (db, key) => (await readAll(db, [key])).get(key)
}

/** `readTogether` for callers that ask for several keys (a page's names): hers go into one read. */
export function readAllTogether<D extends { readonly isTransaction: boolean }, R>(
  load: (db: D, keys: readonly string[]) => Promise<ReadonlyMap<string, R>>,
): (db: D, keys: readonly string[]) => Promise<ReadonlyMap<string, R>> {
  let asked = 0
  const queue = queuePerApp(
    (db: D) =>
      new Together<string, R | undefined>(
        async (_, keys) => {
          const found = await load(db, [...new Set(keys)])
          return keys.map((k) => found.get(k))
        },
        // A failed read is everyone's (the database): not read again one by one.
        { max: 200, inFlight: 2, shared: () => true },
      ),
  )
  return async (db, keys) => {
    if (db.isTransaction || keys.length === 0) return keys.length === 0 ? new Map() : load(db, keys)
    const rows = await Promise.all(queue(db).joinAll('read', keys.map((k) => [String(++asked), k] as const)))
    const out = new Map<string, R>()
    keys.forEach((k, i) => {
      const row = rows[i]
      if (row !== undefined) out.set(k, row)
    })
    return out
  }
}
