import type { ScheduledJob } from '../notify/jobs'

/** Scheduled work of this feature: 公示 periods that ended, implementation that went overdue. */
export const OUTCOME_JOBS: readonly ScheduledJob[] = []
