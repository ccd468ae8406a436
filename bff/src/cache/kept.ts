import { type Family, feedOf } from './changes'

/** Rows kept per table at most; past it that table starts again from empty. */
const KEPT_ROWS = 20_000

const kept = new WeakMap<object, Map<string, Map<string, unknown>>>()

/**
 * Rows by id that many requests read and few writes change (a service's facts, a community's
 * zone), kept in memory per change feed until their family changes (docs/decisions/036). `db` must
 * carry the feed's plugin (createApp's `deps.db`); inside a transaction, or on a db without a feed,
 * every row is read. Only the ids not kept are loaded, in one call; a load that overlapped a change
 * is returned but not kept.
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
  const out = new Map<string, R>()
  const missing: string[] = []
  for (const id of unique) {
    const hit = rows.get(id)
    if (hit === undefined) missing.push(id)
    else out.set(id, hit)
  }
  if (missing.length === 0) return out
  const generation = changes.generation(family)
  const loaded = await load(missing)
  const keep = changes.generation(family) === generation
  if (keep && rows.size + loaded.length > max) rows.clear()
  for (const row of loaded) {
    const frozen = Object.freeze(row)
    out.set(idOf(row), frozen)
    if (keep) rows.set(idOf(row), frozen)
  }
  return out
}
