import { readdirSync } from 'node:fs'
import path from 'node:path'
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely'
import type { Db } from '../db/database'

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

function migratorFor(db: Db): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider() })
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`)
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`)
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest())
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migratorFor(db).migrateDown())
}
