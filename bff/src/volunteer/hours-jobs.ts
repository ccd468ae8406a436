import type { ScheduledJob } from '../notify/jobs'

/** Scheduled jobs of 志愿服务 — 签到签退、时长确认与更正、服务记录 (issue 12 items 3, 4); jobs.ts composes them. */
export const HOURS_JOBS: readonly ScheduledJob[] = []
