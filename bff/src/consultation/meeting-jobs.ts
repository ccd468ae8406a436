import type { ScheduledJob } from '../notify/jobs'
import { enqueueMeetingReminders } from './meetings'

/** Scheduled work of this feature: one reminder per registrant before the meeting starts. */
export const MEETING_JOBS: readonly ScheduledJob[] = [
  { name: 'consultation-meeting-reminders', cron: '* * * * *', run: async ({ db, now }) => ({ reminded: await enqueueMeetingReminders(db, now) }) },
]
