import type { ScheduledJob } from '../notify/jobs'

/** Scheduled jobs of 志愿服务 — 求助与时间银行 (issue 12 item 6); jobs.ts composes them. */
export const HELP_JOBS: readonly ScheduledJob[] = []
