import type { ScheduledJob } from '../notify/jobs'
import { ACTIVITY_JOBS } from './activity-jobs'
import { CERTIFICATE_JOBS } from './certificate-jobs'
import { HELP_JOBS } from './help-jobs'
import { HOURS_JOBS } from './hours-jobs'
import { STAFFING_JOBS } from './staffing-jobs'

/** Every 志愿服务 feature's scheduled jobs (app.ts hands them to the worker). */
export const VOLUNTEER_JOBS: readonly ScheduledJob[] = [...ACTIVITY_JOBS, ...HOURS_JOBS, ...CERTIFICATE_JOBS, ...HELP_JOBS, ...STAFFING_JOBS]
