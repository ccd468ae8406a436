import type { ScheduledJob } from '../notify/jobs'
import { expireTopics } from './service'

/** 征集中 topics that stayed below their threshold for the community's period become 未立项. */
export const CONSULTATION_JOBS: readonly ScheduledJob[] = [
  { name: 'consultation-expire', cron: '*/10 * * * *', run: async ({ db, now }) => ({ expired: await expireTopics(db, now) }) },
]
