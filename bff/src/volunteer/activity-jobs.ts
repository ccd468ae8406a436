import type { ScheduledJob } from '../notify/jobs'
import { enqueueShiftReminders } from './signups'

/** Scheduled jobs of 志愿服务 — 活动与班次、报名与候补 (issue 12 item 2); jobs.ts composes them. */
export const ACTIVITY_JOBS: readonly ScheduledJob[] = [
  { name: 'volunteer-shift-reminders', cron: '* * * * *', run: async ({ db, now }) => ({ reminded: await enqueueShiftReminders(db, now) }) },
]
