import type { ScheduledJob } from '../notify/jobs'

/** Scheduled jobs of 志愿服务 — 志愿者服务社区服务时段 (issue 12 item 7); jobs.ts composes them. */
export const STAFFING_JOBS: readonly ScheduledJob[] = []
