import type { KyselyPlugin, OperationNode, QueryId, RootOperationNode } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import type { Db } from '../db/database'

/**
 * What a process keeps in memory and must forget when the database changes under it
 * (docs/decisions/036-read-cache.md). Each family names the tables its readers read; a write to
 * any of them, in any process, makes every process forget the family:
 * - in the writing process at once, when the statement has run (the Kysely plugin below), so a
 *   person's next request after her own write sees it;
 * - in every process when the transaction commits: a trigger on each table (migration
 *   2026_12_03_0900_change_feed) sends NOTIFY linli_changes '<family>', and each process LISTENs.
 *   That second forgetting also covers a read that ran while the write was not yet committed.
 * A process that loses its LISTEN connection forgets everything, and again once it is back.
 */
export type Family = 'auth' | 'catalog' | 'schedule' | 'seats' | 'consultation' | 'volunteer' | 'certificate'

export const CHANGES_CHANNEL = 'linli_changes'

interface Watched {
  families: readonly Family[]
  /** Writes that change what the family's readers read; an insert of a new session changes no cached one. */
  events: 'all' | 'update or delete'
}

/** Every table a cached read reads, and its families. tests/db/change-feed.test.ts checks each has its trigger. */
export const WATCHED_TABLES: Readonly<Record<string, Watched>> = {
  // authenticate(): the session, the user's community and birth date, her grants, her registration as a volunteer.
  session: { families: ['auth'], events: 'update or delete' },
  app_user: { families: ['auth', 'consultation'], events: 'update or delete' },
  user_role: { families: ['auth'], events: 'all' },
  volunteer_profile: { families: ['auth'], events: 'all' },
  // Who a booking serves when she is not the booker (the staff board's names).
  family_member: { families: ['auth'], events: 'update or delete' },
  // The catalogue: categories, communities, services, their providers and places, satisfaction, 因居民协商调整.
  service_category: { families: ['catalog'], events: 'all' },
  district: { families: ['catalog'], events: 'all' },
  street: { families: ['catalog'], events: 'all' },
  community: { families: ['catalog', 'consultation', 'volunteer'], events: 'all' },
  provider: { families: ['catalog'], events: 'all' },
  facility: { families: ['catalog'], events: 'all' },
  service: { families: ['catalog'], events: 'all' },
  service_version: { families: ['catalog'], events: 'all' },
  rating: { families: ['catalog'], events: 'all' },
  // A bookable service's setup: its booking settings, weekly rules and closures (the slots page).
  booking_settings: { families: ['schedule'], events: 'all' },
  availability_rule: { families: ['schedule'], events: 'all' },
  closure: { families: ['schedule'], events: 'all' },
  // The slots page's rows: each slot's seats taken and its waiting list (every booking moves them).
  slot: { families: ['seats'], events: 'all' },
  booking: { families: ['seats'], events: 'all' },
  // 社区协商 as anyone reads it: topics, their categories and history, opinions, their tallies and 代办 marks, likes.
  consultation_topic: { families: ['consultation'], events: 'all' },
  consultation_category: { families: ['consultation'], events: 'all' },
  consultation_topic_move: { families: ['consultation'], events: 'all' },
  consultation_opinion: { families: ['consultation'], events: 'all' },
  consultation_opinion_tally: { families: ['consultation'], events: 'all' },
  consultation_opinion_like: { families: ['consultation'], events: 'all' },
  consultation_assist: { families: ['consultation'], events: 'all' },
  // 志愿服务记录 as a volunteer reads her own: her registration, records, totals and the activities' titles.
  volunteer: { families: ['volunteer'], events: 'all' },
  volunteer_record: { families: ['volunteer'], events: 'all' },
  volunteer_hours_rollup: { families: ['volunteer'], events: 'all' },
  volunteer_activity: { families: ['volunteer'], events: 'all' },
  // 志愿服务证明 as the public verification page shows it.
  volunteer_certificate: { families: ['certificate'], events: 'all' },
}

/** A write verb ending a fragment, the table being the node that follows it. */
const WRITE_BEFORE_TABLE = /\b(insert\s+into|update|delete\s+from|merge\s+into|truncate(?:\s+table)?)\s+(?:only\s+)?$/i
const WRITES_IN_RAW_SQL = /\b(insert\s+into|update|delete\s+from|merge\s+into|truncate(?:\s+table)?)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node)
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name
  // sql.table(t) inside a template: a raw node holding the table alone.
  if (node.kind === 'RawNode') {
    const raw = node as unknown as { sqlFragments: readonly string[]; parameters: readonly OperationNode[] }
    if (raw.parameters.length === 1 && raw.sqlFragments.every((f) => f.trim() === '')) return tableName(raw.parameters[0])
  }
  return undefined
}

/**
 * What a raw node's text writes: the tables it names, and the parameters a write verb comes just
 * before (a table given as sql.table()). A sql`` template's fragments are one array per call site,
 * so its text is read once, not on every statement (the regular expressions cost 3 % of a booking's CPU).
 */
const fragmentsRead = new WeakMap<readonly string[], { named: { table: string; insert: boolean }[]; beforeParameter: [number, boolean][] }>()

function fragmentWrites(fragments: readonly string[]) {
  let read = fragmentsRead.get(fragments)
  if (!read) {
    const named = [...fragments.join(' ').matchAll(WRITES_IN_RAW_SQL)].map((m) => ({ table: (m[2] ?? '').toLowerCase(), insert: /^insert/i.test(m[1] ?? '') }))
    const beforeParameter: [number, boolean][] = []
    fragments.forEach((fragment, i) => {
      const verb = WRITE_BEFORE_TABLE.exec(fragment)?.[1]
      if (verb) beforeParameter.push([i, /^insert/i.test(verb)])
    })
    read = { named, beforeParameter }
    fragmentsRead.set(fragments, read)
  }
  return read
}

/** The tables a statement writes (and what it does to them), found in its operation tree or, for raw SQL, its text. */
export function writesOf(node: OperationNode, into: { table: string; insert: boolean }[] = []): { table: string; insert: boolean }[] {
  switch (node.kind) {
    case 'RawNode': {
      const raw = node as unknown as { sqlFragments: readonly string[]; parameters: readonly OperationNode[] }
      const verbs = fragmentWrites(raw.sqlFragments)
      into.push(...verbs.named)
      // A table given as sql.table() (`update ${sql.table(t)} set …`, the seats kernel's), and the
      // statements nested as sql templates of their own (its `also`).
      for (const [i, insert] of verbs.beforeParameter) {
        const table = tableName(raw.parameters[i])
        if (table) into.push({ table, insert })
      }
      for (const p of raw.parameters) if (p.kind === 'RawNode') writesOf(p, into)
      return into
    }
    case 'InsertQueryNode': {
      const t = tableName((node as unknown as { into?: OperationNode }).into)
      if (t) into.push({ table: t, insert: true })
      break
    }
    case 'UpdateQueryNode': {
      const t = tableName((node as unknown as { table?: OperationNode }).table)
      if (t) into.push({ table: t, insert: false })
      break
    }
    case 'DeleteQueryNode':
      for (const f of (node as unknown as { from: { froms: readonly OperationNode[] } }).from.froms) {
        const t = tableName(f)
        if (t) into.push({ table: t, insert: false })
      }
      break
    case 'MergeQueryNode': {
      const t = tableName((node as unknown as { into?: OperationNode }).into)
      if (t) into.push({ table: t, insert: false })
      break
    }
    default:
      break
  }
  // Writes inside a WITH (`with b as (insert …) select …`).
  const ctes = (node as unknown as { with?: { expressions: readonly { expression: OperationNode }[] } }).with?.expressions ?? []
  for (const cte of ctes) writesOf(cte.expression, into)
  return into
}

const PLAIN_SELECT = /^\s*select\b/i

export function familiesWritten(node: OperationNode): Family[] {
  if (node.kind === 'SelectQueryNode' && !(node as unknown as { with?: unknown }).with) return []
  // Raw SQL that starts with SELECT writes nothing (a write in a WITH starts with WITH).
  if (node.kind === 'RawNode' && PLAIN_SELECT.test((node as unknown as { sqlFragments: readonly string[] }).sqlFragments[0] ?? '')) return []
  const out = new Set<Family>()
  for (const w of writesOf(node)) {
    const watched = WATCHED_TABLES[w.table]
    if (!watched || (w.insert && watched.events !== 'all')) continue
    for (const f of watched.families) out.add(f)
  }
  return [...out]
}

const EVERY_FAMILY: readonly Family[] = ['auth', 'catalog', 'schedule', 'seats', 'consultation', 'volunteer', 'certificate']

/** One process's view of the change feed: a generation per family, and who to tell when it moves. */
export class ChangeFeed {
  private readonly generations = new Map<Family, number>()
  private readonly subscribers = new Map<Family, Set<() => void>>()
  private readonly pending = new WeakMap<QueryId, Family[]>()

  /** Moves with every change to the family; a reader keeps what it read only if it has not moved meanwhile. */
  generation(family: Family): number {
    return this.generations.get(family) ?? 0
  }

  /** Calls `forget` each time the family changes; returns the unsubscribe. */
  on(family: Family, forget: () => void): () => void {
    let set = this.subscribers.get(family)
    if (!set) {
      set = new Set()
      this.subscribers.set(family, set)
    }
    set.add(forget)
    return () => set.delete(forget)
  }

  announce(family: Family): void {
    this.generations.set(family, this.generation(family) + 1)
    for (const forget of this.subscribers.get(family) ?? []) forget()
  }

  announceAll(): void {
    for (const f of EVERY_FAMILY) this.announce(f)
  }

  /** For `db.withPlugin`: announces the families a statement wrote, once it has run. */
  readonly plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      const families = familiesWritten(node as RootOperationNode)
      if (families.length > 0) this.pending.set(queryId, families)
      return node
    },
    transformResult: async ({ result, queryId }) => {
      const families = this.pending.get(queryId)
      if (families) {
        this.pending.delete(queryId)
        for (const f of families) this.announce(f)
      }
      return result
    },
  }

  /**
   * LISTENs for other processes' changes (and this one's, once committed) on a connection of its
   * own, reconnecting after a second when it drops. Resolves once listening; `stop` ends it.
   */
  async listen(connectionString: string, logger: Pick<Logger, 'warn'>): Promise<{ stop: () => Promise<void> }> {
    let client: pg.Client | null = null
    let stopped = false
    let retry: NodeJS.Timeout | null = null
    const again = (): void => {
      if (!stopped) retry = setTimeout(() => void connect().catch(again), 1000)
    }
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString, application_name: 'linli-change-feed' })
      c.on('notification', (n) => {
        if (n.channel !== CHANGES_CHANNEL) return
        const family = n.payload as Family
        if (EVERY_FAMILY.includes(family)) this.announce(family)
      })
      c.on('error', (err) => {
        logger.warn({ err: err.message }, 'change feed connection lost: forgetting every cached read')
        this.announceAll()
        client = null
        void c.end().catch(() => undefined)
        again()
      })
      try {
        await c.connect()
        await c.query(`listen ${CHANGES_CHANNEL}`)
      } catch (err) {
        void c.end().catch(() => undefined)
        throw err
      }
      client = c
      // Whatever changed while no one listened.
      this.announceAll()
    }
    await connect()
    return {
      stop: async () => {
        stopped = true
        if (retry) clearTimeout(retry)
        await client?.end().catch(() => undefined)
      },
    }
  }
}

const withFeed = new WeakMap<object, ChangeFeed>()

/** The feed a db announces its writes to, if it was plugged by `withChanges` (a transaction never is). */
export function feedOf(db: object): ChangeFeed | undefined {
  return withFeed.get(db)
}

/** `db` announcing its writes to `changes`; a db that already does is returned as it is. */
export function withChanges(db: Db, changes: ChangeFeed): Db {
  if (withFeed.get(db) === changes) return db
  const plugged = db.withPlugin(changes.plugin)
  withFeed.set(plugged, changes)
  return plugged
}
