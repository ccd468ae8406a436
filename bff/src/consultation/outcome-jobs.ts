import type { ScheduledJob } from '../notify/jobs'
import { noticeOverdue } from './outcomes'

/**
 * Scheduled work of this feature: implementation that went past its due date is marked, audited
 * and told to the street admins of its street once (implementation_overdue; the street admin's
 * overdue list reads the due date itself, so it never waits for this job). 公示 periods need no
 * job: each rule compares its end with the clock.
 */
export const OUTCOME_JOBS: readonly ScheduledJob[] = [
  { name: 'consultation-outcome-overdue', cron: '*/30 * * * *', run: async ({ db, now }) => ({ overdue: await noticeOverdue(db, now) }) },
]
