import {
  type ActivityInputSchema,
  ActivityPageSchema,
  ActivitySchema,
  MySignupPageSchema,
  type ScheduleChangeSchema,
  type SignupInputSchema,
  SignupResultSchema,
  type VolunteerSkill,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 志愿活动与报名 (issue 12 item 2): the BFF's activity, shift and sign-up routes. */
export const activitiesApi = {
  list: (query: { communityId?: string; category?: VolunteerSkill; cursor?: string }) => call(ActivityPageSchema, 'GET', '/volunteer/activities', { query }),
  activity: (activityId: string) => call(ActivitySchema, 'GET', `/volunteer/activities/${activityId}`),
  create: (input: Input<typeof ActivityInputSchema>, idempotencyKey: string) => call(ActivitySchema, 'POST', '/volunteer/activities', { body: input, idempotencyKey }),
  publish: (activityId: string) => call(ActivitySchema, 'POST', `/volunteer/activities/${activityId}/publish`),
  schedule: (activityId: string, input: Input<typeof ScheduleChangeSchema>) => call(ActivitySchema, 'PUT', `/volunteer/activities/${activityId}/schedule`, { body: input }),
  cancel: (activityId: string, reason: string) => call(ActivitySchema, 'POST', `/volunteer/activities/${activityId}/cancel`, { body: { reason } }),
  signUp: (shiftId: string, input: Input<typeof SignupInputSchema>, idempotencyKey: string) =>
    call(SignupResultSchema, 'POST', `/volunteer/shifts/${shiftId}/signup`, { body: input, idempotencyKey }),
  cancelSignup: (shiftId: string) => call(ActivitySchema, 'DELETE', `/volunteer/shifts/${shiftId}/signup`),
  mine: (query: { when: 'upcoming' | 'past'; cursor?: string }) => call(MySignupPageSchema, 'GET', '/volunteer/signups/mine', { query }),
}
