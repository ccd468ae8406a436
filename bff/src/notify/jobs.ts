import type { Logger } from 'pino'
import type { Db } from '../db/database'

export interface JobContext {
  db: Db
  now: Date
  logger: Logger
}

/** Background work a domain schedules; `main.ts` hands every domain's jobs to the worker. */
export interface ScheduledJob {
  /** The pg-boss queue: `<domain>-<what>`, unique across domains. */
  name: string
  /** Five-field cron in China's time (a job serves every community at once, so no community's zone). */
  cron: string
  /** Does one run; the counts it returns are logged when any is not zero. */
  run(context: JobContext): Promise<Record<string, number>>
}
