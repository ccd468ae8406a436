import type { ScheduledJob } from '../notify/jobs'

/** Scheduled jobs of 志愿服务 — 志愿服务证明与公开核验、星级与公示、社区数据 (issue 12 items 4, 5, 8); jobs.ts composes them. */
export const CERTIFICATE_JOBS: readonly ScheduledJob[] = []
