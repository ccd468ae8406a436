import type { ScheduledJob } from '../notify/jobs'
import { MEETING_JOBS } from './meeting-jobs'
import { OUTCOME_JOBS } from './outcome-jobs'
import { expireTopics } from './service'
import { VOTE_JOBS } from './vote-jobs'

/** 征集中 topics that stayed below their threshold for the community's period become 未立项; then each feature's own jobs. */
export const CONSULTATION_JOBS: readonly ScheduledJob[] = [
  { name: 'consultation-expire', cron: '*/10 * * * *', run: async ({ db, now }) => ({ expired: await expireTopics(db, now) }) },
  ...VOTE_JOBS,
  ...MEETING_JOBS,
  ...OUTCOME_JOBS,
]
