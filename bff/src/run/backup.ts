import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { finished, pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { z } from 'zod'
import { createDb } from '../db/database'
import { withClient } from './admin'
import { migrateTo } from './migrator'
import { OperatorError } from './operator-error'

/**
 * The backup file (docs/decisions/016): gzip of
 *   line 1      JSON header: format, migration version, tables in load order with their columns, sequences
 *   per table   its rows in COPY text format, then a line `\.` (COPY escapes a backslash in data,
 *               so no row is ever that line)
 *   last line   JSON trailer with each table's row count: a file cut short has none and is refused
 * Only the `public` schema: Kysely's migration tables are rebuilt by migrating to the version, and
 * pg-boss's own schema (its job queue) is left out on purpose — the app re-creates its schedules at
 * start and the messages it still owes people are rows of `notification_outbox`, which is backed up.
 */
const FORMAT = 'linli-backup'
const FORMAT_VERSION = 1
const END_OF_TABLE = '\\.'
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock']
/** Rows are handed to COPY in chunks about this big rather than one write per row. */
const RESTORE_CHUNK_BYTES = 256 * 1024

const HeaderSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  migration: z.string().min(1),
  tables: z.array(z.object({ name: z.string().min(1), columns: z.array(z.string().min(1)).min(1) })),
  sequences: z.array(z.object({ name: z.string().min(1), lastValue: z.string().nullable() })),
})
type Header = z.infer<typeof HeaderSchema>
const TrailerSchema = z.object({ rows: z.record(z.string(), z.number().int().nonnegative()) })

export interface BackupSummary {
  file: string
  migration: string
  rows: Record<string, number>
}

/** Parents before children, so each table's foreign keys find their rows when it is loaded. */
async function tablesInLoadOrder(client: pg.Client): Promise<Header['tables']> {
  const tables = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and not (table_name = any($1)) order by table_name`,
    [MIGRATION_TABLES],
  )
  const links = await client.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent from pg_constraint c
     join pg_class child on child.oid = c.conrelid join pg_class parent on parent.oid = c.confrelid
     join pg_namespace n on n.oid = child.relnamespace
     where c.contype = 'f' and n.nspname = 'public' and child.oid <> parent.oid`,
  )
  const columns = await client.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and is_generated = 'NEVER' order by table_name, ordinal_position`,
  )
  const pending = tables.rows.map((t) => t.name)
  const placed: string[] = []
  while (pending.length > 0) {
    const ready = pending.find((t) => links.rows.every((l) => l.child !== t || placed.includes(l.parent) || !pending.includes(l.parent)))
    // A cycle of foreign keys cannot be ordered; Linli's schema has none, so say so rather than guess.
    if (ready === undefined) throw new Error(`foreign keys form a cycle among ${pending.join(', ')}`)
    placed.push(ready)
    pending.splice(pending.indexOf(ready), 1)
  }
  return placed.map((name) => ({ name, columns: columns.rows.filter((c) => c.table_name === name).map((c) => c.column_name) }))
}

function copyColumns(client: pg.Client, table: Header['tables'][number]): string {
  return `${client.escapeIdentifier(table.name)} (${table.columns.map((c) => client.escapeIdentifier(c)).join(', ')})`
}

/**
 * `npm run db:backup [FILE]`: one REPEATABLE READ, READ ONLY transaction, so the migration version
 * and every table are the same instant, while the app keeps serving. The file appears only when
 * complete (written beside it, then renamed).
 */
export async function writeBackup(url: string, file: string): Promise<BackupSummary> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  const partial = `${file}.partial`
  try {
    const summary = await withClient(url, async (client) => {
      await client.query('begin transaction isolation level repeatable read, read only')
      // Read in the snapshot, from Kysely's bookkeeping (it applies migrations in name order). Two
      // statements: PostgreSQL resolves every table a statement names before running it, so a CASE
      // cannot guard a read of a table that does not exist.
      const bookkeeping = await client.query<{ exists: boolean }>(`select to_regclass('public.kysely_migration') is not null as exists`)
      const applied = bookkeeping.rows[0]?.exists ? await client.query<{ name: string | null }>('select max(name) as name from kysely_migration') : null
      const migration = applied?.rows[0]?.name
      if (!migration) throw new OperatorError('数据库还没有迁移过，没有可备份的数据')
      const tables = await tablesInLoadOrder(client)
      const sequences = await client.query<{ name: string; last_value: string | null }>(
        `select sequencename as name, last_value::text from pg_sequences where schemaname = 'public' order by sequencename`,
      )
      const header: Header = {
        format: FORMAT,
        formatVersion: FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        migration,
        tables,
        sequences: sequences.rows.map((s) => ({ name: s.name, lastValue: s.last_value })),
      }
      const gzip = createGzip()
      const written = pipeline(gzip, createWriteStream(partial))
      const rows: Record<string, number> = {}
      try {
        gzip.write(`${JSON.stringify(header)}\n`)
        for (const table of tables) {
          const copy = client.query(copyTo(`copy ${copyColumns(client, table)} to stdout`))
          // By hand rather than pipeline(…, { end: false }), which leaves a listener on gzip per table.
          for await (const data of copy) if (!gzip.write(data)) await once(gzip, 'drain')
          gzip.write(`${END_OF_TABLE}\n`)
          rows[table.name] = copy.rowCount
        }
        gzip.end(`${JSON.stringify({ rows })}\n`)
      } catch (err) {
        gzip.destroy()
        await written.catch(() => undefined)
        throw err
      }
      await written
      await client.query('commit')
      return { file, migration, rows }
    })
    await rename(partial, file)
    return summary
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}

function lines(file: string) {
  return createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })
}

function notABackup(file: string, why: string): OperatorError {
  return new OperatorError(`${file} 不是完整的邻里备份（${why}）：换一个 npm run db:backup 写出的文件`)
}

async function readHeader(file: string): Promise<Header> {
  const reader = lines(file)
  try {
    for await (const line of reader) {
      const parsed = HeaderSchema.safeParse(JSON.parse(line))
      if (!parsed.success) throw notABackup(file, '文件头不对')
      return parsed.data
    }
  } catch (err) {
    if (err instanceof OperatorError) throw err
    throw notABackup(file, err instanceof Error ? err.message : String(err))
  } finally {
    reader.close()
  }
  throw notABackup(file, '文件是空的')
}

/** Streams each table's section into COPY FROM, in the header's order; returns the trailer's counts. */
async function loadTables(client: pg.Client, file: string, header: Header): Promise<Record<string, number>> {
  const reader = lines(file)
  let index = -1
  let copy: ReturnType<typeof copyFrom> | null = null
  let chunk = ''
  const flush = async () => {
    if (copy && chunk !== '' && !copy.write(chunk)) await once(copy, 'drain')
    chunk = ''
  }
  try {
    for await (const line of reader) {
      if (index === -1) {
        index = 0
      } else if (index >= header.tables.length) {
        const trailer = TrailerSchema.safeParse(JSON.parse(line))
        if (!trailer.success) throw notABackup(file, '文件尾不对')
        return trailer.data.rows
      } else if (line === END_OF_TABLE) {
        await flush()
        copy?.end()
        if (copy) await finished(copy)
        copy = null
        index += 1
      } else {
        const table = header.tables[index]
        if (!table) throw notABackup(file, '表的数量不对')
        copy ??= client.query(copyFrom(`copy ${copyColumns(client, table)} from stdin`))
        chunk += `${line}\n`
        if (chunk.length >= RESTORE_CHUNK_BYTES) await flush()
      }
    }
    throw notABackup(file, '文件被截断')
  } catch (err) {
    // A COPY left open would hold the connection in copy mode and the ROLLBACK would wait behind it
    // for ever: fail it (CopyFail), then the transaction can end.
    if (copy) {
      copy.destroy(err instanceof Error ? err : new Error(String(err)))
      await finished(copy).catch(() => undefined)
    }
    throw err
  }
}

/**
 * `npm run db:restore FILE`: into an EMPTY database only (a restore over live data would mix two
 * histories). It migrates to the backup's version, then in one transaction empties the tables
 * (migrations may have filled some, e.g. the holiday calendar), loads every table, sets the
 * sequences and checks each table's row count against the file: all of it, or nothing.
 */
export async function restoreBackup(url: string, file: string): Promise<BackupSummary> {
  const header = await readHeader(file)
  const db = createDb(url, 2)
  try {
    const existing = await withClient(url, (client) =>
      client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' limit 3`),
    )
    if (existing.rows.length > 0) {
      throw new OperatorError(
        `目标数据库不是空的（已有表 ${existing.rows.map((r) => r.name).join('、')}…）：恢复只写入空数据库——内置数据库把数据目录移走（或设置 LINLI_DATA_DIR 为新目录），外部数据库新建一个空库并让 DATABASE_URL 指向它`,
      )
    }
    await migrateTo(db, header.migration)
  } finally {
    await db.destroy()
  }
  return withClient(url, async (client) => {
    await client.query('begin')
    try {
      await client.query(`truncate ${header.tables.map((t) => client.escapeIdentifier(t.name)).join(', ')}`)
      const counted = await loadTables(client, file, header)
      for (const table of header.tables) {
        const expected = counted[table.name] ?? 0
        const loaded = await client.query<{ n: string }>(`select count(*) as n from ${client.escapeIdentifier(table.name)}`)
        if (Number(loaded.rows[0]?.n) !== expected) throw notABackup(file, `表 ${table.name} 应有 ${expected} 行`)
      }
      for (const sequence of header.sequences) {
        if (sequence.lastValue === null) continue
        await client.query('select setval($1::regclass, $2::bigint, true)', [client.escapeIdentifier(sequence.name), sequence.lastValue])
      }
      await client.query('commit')
      return { file, migration: header.migration, rows: counted }
    } catch (err) {
      await client.query('rollback')
      if (err instanceof OperatorError) throw err
      throw new OperatorError(
        `恢复失败，没有写入任何数据（数据库已迁移到 ${header.migration}，重试前先删掉这个库或数据目录）：${err instanceof Error ? err.message : String(err)}`,
      )
    }
  })
}
