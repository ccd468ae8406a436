import {
  FollowResultSchema,
  type ImplementationStartSchema,
  type ImplementationUpdateSchema,
  type ObjectionAnswerSchema,
  type ObjectionInputSchema,
  ObjectionPageSchema,
  ObjectionSchema,
  type OutcomePublishSchema,
  type OutcomeRatingInputSchema,
  OutcomeViewSchema,
  OverduePageSchema,
  PublicityNoticeSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 协商结果、公示、异议、落实与评议 (issue 11 item 6): the BFF's outcome routes. */
export const outcomesApi = {
  outcome: (topicId: string) => call(OutcomeViewSchema, 'GET', `/consultation/topics/${topicId}/outcome`),
  publish: (topicId: string, input: Input<typeof OutcomePublishSchema>, idempotencyKey: string) =>
    call(OutcomeViewSchema, 'POST', `/consultation/topics/${topicId}/outcome`, { body: input, idempotencyKey }),
  follow: (topicId: string, following: boolean) => call(FollowResultSchema, following ? 'PUT' : 'DELETE', `/consultation/topics/${topicId}/follow`),
  objections: (topicId: string, cursor?: string) => call(ObjectionPageSchema, 'GET', `/consultation/topics/${topicId}/objections`, { query: { cursor } }),
  object: (topicId: string, input: Input<typeof ObjectionInputSchema>, idempotencyKey: string) =>
    call(ObjectionSchema, 'POST', `/consultation/topics/${topicId}/objections`, { body: input, idempotencyKey }),
  answer: (objectionId: string, input: Input<typeof ObjectionAnswerSchema>) => call(ObjectionSchema, 'POST', `/staff/consultation/objections/${objectionId}/answer`, { body: input }),
  start: (topicId: string, input: Input<typeof ImplementationStartSchema>) => call(OutcomeViewSchema, 'POST', `/consultation/topics/${topicId}/implementation`, { body: input }),
  update: (topicId: string, input: Input<typeof ImplementationUpdateSchema>, idempotencyKey: string) =>
    call(OutcomeViewSchema, 'POST', `/consultation/topics/${topicId}/implementation/updates`, { body: input, idempotencyKey }),
  complete: (topicId: string) => call(OutcomeViewSchema, 'POST', `/consultation/topics/${topicId}/implementation/done`),
  rate: (topicId: string, input: Input<typeof OutcomeRatingInputSchema>, idempotencyKey: string) =>
    call(OutcomeViewSchema, 'POST', `/consultation/topics/${topicId}/ratings`, { body: input, idempotencyKey }),
  notice: (topicId: string) => call(PublicityNoticeSchema, 'GET', `/consultation/topics/${topicId}/publicity-notice`),
  overdue: (cursor?: string) => call(OverduePageSchema, 'GET', '/staff/consultation/overdue-implementations', { query: { cursor } }),
}
