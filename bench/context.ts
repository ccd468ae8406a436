import type { CompiledQuery, Kysely } from 'kysely'
import type { createApp } from '../bff/src/app'
import type { Database } from '../bff/src/db/database'
import type { FieldCipher } from '../bff/src/platform/crypto'

export type App = ReturnType<typeof createApp>

/** What run.ts hands each domain's bench: the app in-process, its database, and the read-rate meter. */
export interface BenchContext {
  app: App
  db: Kysely<Database>
  cipher: FieldCipher
  communityId: string
  /** Requests a second, `run` repeated by 20 clients for 3 s (run.ts). */
  throughput: (run: () => Response | Promise<Response>) => Promise<number>
  /** Statements the app ran while `capture` was on, as PostgreSQL received them (see run.ts). */
  captured: CompiledQuery[]
  setCapture: (on: boolean) => void
}
