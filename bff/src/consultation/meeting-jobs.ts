import type { ScheduledJob } from '../notify/jobs'

/** Scheduled work of this feature: meeting reminders. */
export const MEETING_JOBS: readonly ScheduledJob[] = []
