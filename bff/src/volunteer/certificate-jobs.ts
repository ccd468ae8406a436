import type { ScheduledJob } from '../notify/jobs'
import { awardDueLevels } from './star-levels'

/** Scheduled jobs of 志愿服务 — certificates and star levels (issue 12 items 4, 5); jobs.ts composes them. */
export const CERTIFICATE_JOBS: readonly ScheduledJob[] = [
  // A level whose 公示 ended is awarded within the minute; SKIP LOCKED lets two workers share the work.
  { name: 'volunteer-star-awards', cron: '* * * * *', run: async ({ db, now }) => ({ awarded: await awardDueLevels(db, now) }) },
]
