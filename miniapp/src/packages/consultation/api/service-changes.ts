import {
  type ServiceChangeInputSchema,
  ServiceChangeListSchema,
  ServiceChangeSchema,
  TopicDetailSchema,
  type TopicDraftEditSchema,
  TopicEvidenceSchema,
} from '@linli/shared'
import { z } from 'zod'
import { type Input, call } from '../../../api/client'

/** 协商结果带来的服务调整, and the draft a 差评 raised (issue 11 item 7): the BFF's routes. */
export const serviceChangesApi = {
  list: (topicId: string) => call(ServiceChangeListSchema, 'GET', `/consultation/topics/${topicId}/service-changes`),
  propose: (topicId: string, input: Input<typeof ServiceChangeInputSchema>, idempotencyKey: string) =>
    call(ServiceChangeSchema, 'POST', `/consultation/topics/${topicId}/service-changes`, { body: input, idempotencyKey }),
  apply: (changeId: string) => call(ServiceChangeSchema, 'POST', `/staff/service-changes/${changeId}/apply`),
  evidence: (topicId: string) => call(z.object({ evidence: TopicEvidenceSchema.nullable() }), 'GET', `/staff/consultation/topics/${topicId}/evidence`),
  editDraft: (topicId: string, input: Input<typeof TopicDraftEditSchema>) => call(TopicDetailSchema, 'PUT', `/staff/consultation/topics/${topicId}/draft`, { body: input }),
}
