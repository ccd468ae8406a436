import {
  type BallotInputSchema,
  BallotReceiptSchema,
  ConsultationCategoryListSchema,
  type OpinionInputSchema,
  OpinionLikeResultSchema,
  type OpinionModerationSchema,
  OpinionPageSchema,
  OpinionReportResultSchema,
  OpinionSchema,
  SupportResultSchema,
  TopicDetailSchema,
  type TopicInputSchema,
  type TopicMoveSchema,
  TopicPageSchema,
  type TopicState,
  type VoteOpenSchema,
  VoteViewSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 社区协商 topics: categories, proposing, 附议, moving a topic on, its opinions and its vote. */
export const topicsApi = {
  consultationCategories: (communityId: string) => call(ConsultationCategoryListSchema, 'GET', `/communities/${communityId}/consultation-categories`),
  topics: (communityId: string, state: TopicState | undefined, cursor?: string) =>
    call(TopicPageSchema, 'GET', `/communities/${communityId}/topics`, { query: { state, cursor } }),
  topic: (topicId: string) => call(TopicDetailSchema, 'GET', `/consultation/topics/${topicId}`),
  proposeTopic: (input: Input<typeof TopicInputSchema>, idempotencyKey: string) =>
    call(TopicDetailSchema, 'POST', '/consultation/topics', { body: input, idempotencyKey }),
  supportTopic: (topicId: string) => call(SupportResultSchema, 'POST', `/consultation/topics/${topicId}/supports`),
  moveTopic: (topicId: string, move: Input<typeof TopicMoveSchema>) => call(TopicDetailSchema, 'POST', `/consultation/topics/${topicId}/moves`, { body: move }),
  opinions: (topicId: string, cursor?: string) => call(OpinionPageSchema, 'GET', `/consultation/topics/${topicId}/opinions`, { query: { cursor } }),
  postOpinion: (topicId: string, input: Input<typeof OpinionInputSchema>, idempotencyKey: string) =>
    call(OpinionSchema, 'POST', `/consultation/topics/${topicId}/opinions`, { body: input, idempotencyKey }),
  likeOpinion: (opinionId: string) => call(OpinionLikeResultSchema, 'POST', `/consultation/opinions/${opinionId}/likes`),
  reportOpinion: (opinionId: string) => call(OpinionReportResultSchema, 'POST', `/consultation/opinions/${opinionId}/reports`),
  moderateOpinion: (opinionId: string, input: Input<typeof OpinionModerationSchema>) =>
    call(OpinionSchema, 'POST', `/staff/consultation/opinions/${opinionId}/moderation`, { body: input }),
  topicVote: (topicId: string) => call(VoteViewSchema, 'GET', `/consultation/topics/${topicId}/vote`),
  openVote: (topicId: string, input: Input<typeof VoteOpenSchema>) => call(VoteViewSchema, 'POST', `/consultation/topics/${topicId}/vote`, { body: input }),
  castBallot: (topicId: string, input: Input<typeof BallotInputSchema>, idempotencyKey: string) =>
    call(BallotReceiptSchema, 'POST', `/consultation/topics/${topicId}/vote/ballots`, { body: input, idempotencyKey }),
}
