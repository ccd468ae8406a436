import type { ScheduledJob } from '../notify/jobs'
import { pruneExpired } from './prune'

/** Housekeeping nightly at 03:00, when nobody books. */
export const PLATFORM_JOBS: readonly ScheduledJob[] = [{ name: 'platform-prune', cron: '0 3 * * *', run: ({ db, now }) => pruneExpired(db, now) }]
