import type { ScheduledJob } from '../notify/jobs'

/** Scheduled work of this feature: a vote whose window ended moves its topic to 已形成结果. */
export const VOTE_JOBS: readonly ScheduledJob[] = []
