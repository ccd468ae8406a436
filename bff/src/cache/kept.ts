import { type Family, feedOf } from './changes'

/** Rows kept per table at most; past it that table starts again from empty. */
const KEPT_ROWS = 20_000

const kept = new WeakMap<object, Map<string, Map<string, unknown>>>()
/** Loads running, per feed and table, by id: a burst of requests for a row not kept asks for it once. */
const loading = new WeakMap<object, Map<string, Map<string, Loading<unknown>>>>()

/** A load of one id, and the family's generation when it began. */
interface Loading<R> {
  row: Promise<R | undefined>
  generation: number
}

/**
 * Rows by id that many requests read and few writes change (a service's facts, a community's
 * zone), kept in memory per change feed until their family changes (docs/decisions/036). `db` must
 * carry the feed's plugin (createApp's `deps.db`); inside a transaction, or on a db without a feed,
 * every row is read. Only the ids not kept are loaded, in one call, and an id another caller is
 * loading already is waited for, not loaded again (500 sign-ups at once asked for their community
 * 497 times); a load that overlapped a change is returned but not kept.
 */
export async function keptById<R>(
  db: object,
  family: Family,
  table: string,
  ids: readonly string[],
  load: (ids: string[]) => Promise<R[]>,
  idOf: (row: R) => string,
  /** Rows of this table kept at most (large rows such as a whole page want fewer). */
  max = KEPT_ROWS,
): Promise<Map<string, R>> {
  const unique = [...new Set(ids)]
  const changes = feedOf(db)
  if (!changes) return new Map((await load(unique)).map((r) => [idOf(r), r]))
  let tables = kept.get(changes)
  if (!tables) {
    tables = new Map()
    kept.set(changes, tables)
  }
  let rows = tables.get(`${family}:${table}`) as Map<string, R> | undefined
  if (!rows) {
    const fresh = new Map<string, R>()
    changes.on(family, () => fresh.clear())
    tables.set(`${family}:${table}`, fresh)
    rows = fresh
  }
  let feedLoads = loading.get(changes)
  if (!feedLoads) {
    feedLoads = new Map()
    loading.set(changes, feedLoads)
  }
  const key = `${family}:${table}`
  const running = (feedLoads.get(key) ?? new Map<string, Loading<unknown>>()) as Map<string, Loading<R>>
  feedLoads.set(key, running)
  const out = new Map<string, R>()
  const missing: string[] = []
  const joined: Promise<void>[] = []
  for (const id of unique) {
    const hit = rows.get(id)
    // Only a load begun since the family last changed: one begun before might miss a write she made since.
    const pending = hit === undefined ? running.get(id) : undefined
    if (hit !== undefined) out.set(id, hit)
    else if (pending && pending.generation === changes.generation(family)) joined.push(pending.row.then((row) => void (row === undefined || out.set(id, row))))
    else missing.push(id)
  }
  if (missing.length > 0) {
    const generation = changes.generation(family)
    const batch = load(missing).then((loaded) => {
      const keep = changes.generation(family) === generation
      if (keep && rows.size + loaded.length > max) rows.clear()
      const byId = new Map<string, R>()
      for (const row of loaded) {
        const frozen = Object.freeze(row)
        byId.set(idOf(row), frozen)
        if (keep) rows.set(idOf(row), frozen)
      }
      return byId
    })
    for (const id of missing) {
      const one = { row: batch.then((byId) => byId.get(id)), generation }
      running.set(id, one)
      // Forgotten once settled (a failed load is asked again by the next caller).
      void one.row.then(
        () => running.get(id) === one && running.delete(id),
        () => running.get(id) === one && running.delete(id),
      )
    }
    joined.push(batch.then((byId) => void byId.forEach((row, id) => out.set(id, row))))
  }
  await Promise.all(joined)
  return out
}

/** Answers kept per name at most; past it that name starts again from empty. */
const KEPT_ANSWERS = 500

const answers = new WeakMap<object, Map<string, Map<string, { value: Promise<unknown>; generations: readonly number[] }>>>()

/**
 * An answer made of several families' rows (the staff board: bookings and slots, the services'
 * settings and names, who is served), kept per `key` until any of `families` changes
 * (docs/decisions/047). The first caller makes it; callers meanwhile wait for the same making; one
 * made while a family changed is returned to its callers but not kept. A failed making is not kept.
 * On a db without a feed (a transaction, a tool) it is made each time.
 */
export async function keptAnswer<V>(db: object, families: readonly Family[], name: string, key: string, make: () => Promise<V>): Promise<V> {
  const changes = feedOf(db)
  if (!changes) return make()
  let byName = answers.get(changes)
  if (!byName) {
    byName = new Map()
    answers.set(changes, byName)
  }
  let kept = byName.get(name)
  if (!kept) {
    const fresh = new Map<string, { value: Promise<unknown>; generations: readonly number[] }>()
    for (const f of families) changes.on(f, () => fresh.clear())
    byName.set(name, fresh)
    kept = fresh
  }
  const now = families.map((f) => changes.generation(f))
  const hit = kept.get(key)
  if (hit && hit.generations.every((g, i) => g === now[i])) return hit.value as Promise<V>
  const value = make()
  const entry = { value, generations: now }
  if (kept.size >= KEPT_ANSWERS) kept.clear()
  kept.set(key, entry)
  const map = kept
  const forget = () => void (map.get(key) === entry && map.delete(key))
  value.then(() => {
    // Made while a family moved: it may miss that change, so the next caller makes it again.
    if (families.some((f, i) => changes.generation(f) !== now[i])) forget()
  }, forget)
  return value
}
