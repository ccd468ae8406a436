import type { ScheduledJob } from '../notify/jobs'
import { releaseUntakenEscrow } from './time-bank'

/** Scheduled jobs of 志愿服务 — 求助与时间银行 (issue 12 item 6); jobs.ts composes them. */
export const HELP_JOBS: readonly ScheduledJob[] = [
  // Credits reserved for a request nobody took go back once its time is over.
  { name: 'volunteer-help-release', cron: '*/15 * * * *', run: async ({ db, now }) => ({ released: await releaseUntakenEscrow(db, now) }) },
]
