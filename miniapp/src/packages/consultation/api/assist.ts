import {
  type AssistInputSchema,
  AssistLogPageSchema,
  type AssistLogQuerySchema,
  AssistLookupResultSchema,
  type AssistLookupSchema,
  AssistOptionsSchema,
  AssistResultSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 代办 (issue 11 item 5). */
export const assistApi = {
  options: (topicId: string) => call(AssistOptionsSchema, 'GET', `/consultation/topics/${topicId}/assist-options`),
  lookup: (topicId: string, input: Input<typeof AssistLookupSchema>) => call(AssistLookupResultSchema, 'POST', `/consultation/topics/${topicId}/assist/lookup`, { body: input }),
  act: (topicId: string, input: Input<typeof AssistInputSchema>, idempotencyKey: string) =>
    call(AssistResultSchema, 'POST', `/consultation/topics/${topicId}/assisted-acts`, { body: input, idempotencyKey }),
  log: (query: { communityId: string; date: string; cursor?: string }) =>
    call(AssistLogPageSchema, 'GET', '/staff/consultation/assisted-acts', { query: query satisfies Input<typeof AssistLogQuerySchema> }),
}
