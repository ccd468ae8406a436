import { type Compilable, CompiledQuery, type InferResult } from 'kysely'
import type { Db } from './database'

/** Stands for a value while a read is built: it must reach the compiled statement as a parameter. */
const PLACEHOLDER = '\u0000linli-value:'

/** Where a compiled read's parameters come from: a value given on each run, or one fixed when it was built. */
type Source<P> = { given: keyof P } | { fixed: unknown }

/**
 * A read whose shape never changes, built and compiled by Kysely once per process, then sent with
 * each run's values (docs/decisions/043-reads-compiled-once.md): on the busiest reads, building and
 * compiling the query cost more of Node's time than PostgreSQL spent answering it.
 *
 * `build` gets placeholders for the values and must use each only as a value of the query (a
 * comparison, `eb.val`, `sql\`${v}\``), never in JavaScript (arithmetic, `.length`, a branch on
 * what it is), and never as a list for `in` (write `= any(${v})`): what `build` returns with the
 * placeholders is what every run sends. It may branch on whether a value is given: the values
 * given (not undefined) name the shape, and each shape is compiled once. Only reads: a write must
 * pass through the change feed's plugin (cache/changes.ts), which sees a query as it is built.
 */
export function preparedRead<P extends object, Q extends Compilable>(build: (db: Db, values: P) => Q) {
  const shapes = new Map<string, { sql: string; sources: Source<P>[] }>()
  return async (db: Db, values: P): Promise<InferResult<Q>> => {
    const given = (Object.keys(values) as (keyof P & string)[]).filter((k) => values[k] !== undefined)
    const shape = given.join(',')
    let compiled = shapes.get(shape)
    if (!compiled) {
      compiled = compile(db, given, build)
      shapes.set(shape, compiled)
    }
    const parameters = compiled.sources.map((s) => ('given' in s ? values[s.given] : s.fixed))
    return (await db.executeQuery<InferResult<Q>[number]>(CompiledQuery.raw(compiled.sql, parameters))).rows as InferResult<Q>
  }
}

function compile<P extends object>(db: Db, keys: readonly (keyof P & string)[], build: (db: Db, values: P) => Compilable): { sql: string; sources: Source<P>[] } {
  const placeholders = Object.fromEntries(keys.map((k) => [k, `${PLACEHOLDER}${k}`])) as unknown as P
  const query = build(db, placeholders).compile()
  const byPlaceholder = new Map(keys.map((k) => [`${PLACEHOLDER}${k}`, k]))
  const sources = query.parameters.map((p): Source<P> => {
    const given = typeof p === 'string' ? byPlaceholder.get(p) : undefined
    return given === undefined ? { fixed: p } : { given }
  })
  // A placeholder written into the text, or used in JavaScript instead of the query, would send
  // the first run's shape with wrong values: refused when the read is first built.
  if (query.sql.includes(PLACEHOLDER)) throw new Error(`preparedRead: a value was written into the statement's text: ${query.sql}`)
  const stray = query.parameters.filter((p) => typeof p === 'string' && p.includes(PLACEHOLDER) && !byPlaceholder.has(p))
  if (stray.length > 0) throw new Error('preparedRead: a value was combined with other text before it reached the statement')
  const unused = keys.filter((k) => !sources.some((s) => 'given' in s && s.given === k))
  if (unused.length > 0) throw new Error(`preparedRead: ${unused.join(', ')} did not reach the statement as parameters`)
  return { sql: query.sql, sources }
}
