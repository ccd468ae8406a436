import { readdirSync } from 'node:fs'
import path from 'node:path'
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely'
import type { Db } from '../db/database'
import { OperatorError } from './operator-error'

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations')

/**
 * Reads `migrations/` in name order (`YYYY_MM_DD_HHMM_what.ts`). It loads them with `require` so
 * the same provider works under tsx (npm start) and under Jest, which has no native `import()`.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {}
    for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
      if (!/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+\.ts$/.test(file)) continue
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      migrations[file.replace(/\.ts$/, '')] = require(path.join(MIGRATIONS_DIR, file)) as Migration
    }
    return migrations
  }
}

const MIGRATIONS = new FolderMigrationProvider()

function migratorFor(db: Db, provider: MigrationProvider): Migrator {
  return new Migrator({ db, provider })
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`)
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`)
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migratorFor(db, MIGRATIONS).migrateToLatest())
}

/** The newest migration applied to this database, or null for a database never migrated. */
export async function currentMigration(db: Db, provider: MigrationProvider = MIGRATIONS): Promise<string | null> {
  const applied = (await migratorFor(db, provider).getMigrations()).filter((m) => m.executedAt !== undefined)
  return applied.at(-1)?.name ?? null
}

/** Migrates up to `name` (db:restore brings an empty database to its backup's version). */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  const known = await MIGRATIONS.getMigrations()
  if (!(name in known)) {
    throw new OperatorError(`备份来自更新的版本（迁移 ${name} 在本代码的 migrations/ 里没有）：先把代码更新到那个版本再恢复`)
  }
  return check(await migratorFor(db, MIGRATIONS).migrateTo(name))
}

/** `table` or `table.column` names in the public schema, with whether each holds data. */
async function dataPlaces(db: Db): Promise<Set<string>> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`.execute(db)
  const places = new Set<string>()
  for (const { table_name, column_name } of columns.rows) places.add(table_name).add(`${table_name}.${column_name}`)
  return places
}

async function holdsData(db: Db, place: string): Promise<boolean> {
  const [table = '', column] = place.split('.')
  const where = column ? sql`where ${sql.ref(column)} is not null` : sql``
  const result = await sql<{ found: boolean }>`select exists (select 1 from ${sql.table(table)} ${where}) as found`.execute(db)
  return result.rows[0]?.found === true
}

class DryRunDone extends Error {
  constructor(readonly removed: string[]) {
    super('dry run')
  }
}

/**
 * What the newest migration's `down` would remove that holds data: it runs in a transaction
 * that is always rolled back, and the tables and columns it dropped are looked up afterwards.
 */
async function dataLostByDown(db: Db, provider: MigrationProvider, name: string): Promise<string[]> {
  const migration = (await provider.getMigrations())[name]
  if (!migration?.down) return []
  const down = migration.down
  let removed: string[] = []
  try {
    await db.transaction().execute(async (trx) => {
      const before = await dataPlaces(trx)
      await down(trx)
      const after = await dataPlaces(trx)
      throw new DryRunDone([...before].filter((place) => !after.has(place)))
    })
  } catch (err) {
    if (!(err instanceof DryRunDone)) throw err
    removed = err.removed
  }
  // A dropped table's columns go with it: name the table once.
  const droppedTables = new Set(removed.filter((p) => !p.includes('.')))
  const named = removed.filter((p) => !p.includes('.') || !droppedTables.has(p.split('.')[0] ?? ''))
  const lost: string[] = []
  for (const place of named) if (await holdsData(db, place)) lost.push(place)
  return lost
}

/**
 * Undoes the newest migration. It refuses when that would drop a table or column that holds data,
 * unless `force` (`npm run db:migrate:down -- --force`): a down migration is for a developer's
 * mistake, and on a live database it would silently delete residents' records.
 */
export async function migrateDown(db: Db, options: { force: boolean }, provider: MigrationProvider = MIGRATIONS): Promise<string[]> {
  const newest = await currentMigration(db, provider)
  if (newest === null) return []
  if (!options.force) {
    const lost = await dataLostByDown(db, provider, newest)
    if (lost.length > 0) {
      throw new OperatorError(
        `回退迁移 ${newest} 会删除有数据的 ${lost.join('、')}：先 npm run db:backup 备份；确要删除时用 npm run db:migrate:down -- --force`,
      )
    }
  }
  return check(await migratorFor(db, provider).migrateDown())
}
