import {
  type EscalationAnswerSchema,
  type EscalationInputSchema,
  EscalationPageSchema,
  EscalationSchema,
  ModerationPageSchema,
  type ModerationQuerySchema,
  type OversightQuerySchema,
  OversightSchema,
  type StreetEscalationQuerySchema,
  TopicEscalationsSchema,
  VoteOverviewPageSchema,
  type VoteOverviewQuerySchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'
import { saveCsv } from '../../../api/download'

/** 上报街道 and the staff and street views (issue 11 items 8, 9). */
export const oversightApi = {
  topicEscalations: (topicId: string) => call(TopicEscalationsSchema, 'GET', `/consultation/topics/${topicId}/escalations`),
  escalate: (topicId: string, input: Input<typeof EscalationInputSchema>, idempotencyKey: string) =>
    call(EscalationSchema, 'POST', `/staff/consultation/topics/${topicId}/escalations`, { body: input, idempotencyKey }),
  streetEscalations: (status: 'open' | 'answered', cursor?: string) =>
    call(EscalationPageSchema, 'GET', '/street/consultation/escalations', { query: { status, cursor } satisfies Input<typeof StreetEscalationQuerySchema> }),
  answerEscalation: (id: string, input: Input<typeof EscalationAnswerSchema>, idempotencyKey: string) =>
    call(EscalationSchema, 'POST', `/street/consultation/escalations/${id}/answer`, { body: input, idempotencyKey }),
  oversight: (query: Input<typeof OversightQuerySchema>) => call(OversightSchema, 'GET', '/staff/consultation/oversight', { query }),
  moderation: (communityId: string, cursor?: string) =>
    call(ModerationPageSchema, 'GET', '/staff/consultation/moderation', { query: { communityId, cursor } satisfies Input<typeof ModerationQuerySchema> }),
  votes: (communityId: string, cursor?: string) =>
    call(VoteOverviewPageSchema, 'GET', '/staff/consultation/votes', { query: { communityId, cursor } satisfies Input<typeof VoteOverviewQuerySchema> }),
}

/** 导出 CSV of the month's figures or of every topic (api/download.ts: a file in a browser, a chat file in WeChat). */
export function saveOversightCsv(report: 'stats' | 'pipeline', month: string): Promise<string> {
  return saveCsv(`/staff/consultation/oversight/${report}.csv?month=${month}`, report === 'stats' ? `consultation-stats-${month}.csv` : 'consultation-pipeline.csv')
}
