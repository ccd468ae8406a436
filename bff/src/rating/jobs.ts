import type { ScheduledJob } from '../notify/jobs'
import { escalateOverdue } from './service'

/** 接诉即办: a 差评 whose reply deadline passed goes to the street within the minute. */
export const RATING_JOBS: readonly ScheduledJob[] = [
  { name: 'rating-escalate', cron: '* * * * *', run: async ({ db, now }) => ({ escalated: await escalateOverdue(db, now) }) },
]
