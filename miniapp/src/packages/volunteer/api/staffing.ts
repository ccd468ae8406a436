import { EvaluationSchema, SlotHelpersBoardSchema, type SlotHelpersInputSchema, SlotHelpersRequestSchema, SlotServiceListSchema } from '@linli/shared'
import { z } from 'zod'
import { type Input, call } from '../../../api/client'

const CancelledSchema = z.object({ signupsCancelled: z.number().int() })

/** 志愿者服务社区服务时段 and 评价情况 (issue 12 items 7 and 5): the BFF's staffing routes. */
export const staffingApi = {
  services: (communityId: string) => call(SlotServiceListSchema, 'GET', `/staff/volunteer/communities/${communityId}/slot-services`),
  board: (serviceId: string) => call(SlotHelpersBoardSchema, 'GET', `/staff/volunteer/services/${serviceId}/slot-helpers`),
  request: (input: Input<typeof SlotHelpersInputSchema>, idempotencyKey: string) =>
    call(SlotHelpersRequestSchema, 'POST', '/staff/volunteer/slot-helpers', { body: input, idempotencyKey }),
  cancel: (activityId: string, reason: string) => call(CancelledSchema, 'POST', `/staff/volunteer/slot-helpers/${activityId}/cancel`, { body: { reason } }),
  myEvaluation: () => call(EvaluationSchema, 'GET', '/volunteer/me/evaluation'),
  evaluationOf: (userId: string) => call(EvaluationSchema, 'GET', `/staff/volunteer/volunteers/${userId}/evaluation`),
}
