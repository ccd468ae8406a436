import {
  BallotInputSchema,
  BallotReceiptSchema,
  ConsultationCategoryListSchema,
  ConsultationSettingsSchema,
  OpinionInputSchema,
  OpinionLikeResultSchema,
  OpinionListQuerySchema,
  OpinionModerationSchema,
  OpinionPageSchema,
  OpinionReportResultSchema,
  OpinionSchema,
  SupportResultSchema,
  TopicDetailSchema,
  TopicInputSchema,
  TopicListQuerySchema,
  TopicMoveSchema,
  TopicPageSchema,
  VoteOpenSchema,
  VoteViewSchema,
  HouseholdLinkResultSchema,
  HouseholdLinkSchema,
  HouseholdUnlinkResultSchema,
  HouseholdUnlinkSchema,
  MinoritySummaryInputSchema,
  MinorityViewSchema,
  RegistryImportResultSchema,
  RegistryImportSchema,
  RegistryViewSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as minority from './minority'
import * as opinions from './opinions'
import * as registry from './registry'
import * as consultation from './service'
import * as votes from './votes'

const CommunityParams = z.object({ communityId: z.uuid() })
const TopicParams = z.object({ topicId: z.uuid() })
const OpinionParams = z.object({ opinionId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const

export function consultationRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}/consultation-categories',
        tags: ['consultation'],
        summary: '社区协商目录（议题类别）',
        request: { params: CommunityParams },
        responses: { 200: { description: 'categories', ...json(ConsultationCategoryListSchema) } },
      }),
      async (c) => c.json(await consultation.listCategories(deps.db, c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}/topics',
        tags: ['consultation'],
        summary: '社区的协商议题（按状态筛选，最新在前）',
        request: { params: CommunityParams, query: TopicListQuerySchema },
        responses: { 200: { description: 'topics', ...json(TopicPageSchema) } },
      }),
      async (c) => c.json(await consultation.listTopics(deps, c.req.valid('param').communityId, c.req.valid('query'), c.get('auth')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics',
          tags: ['consultation'],
          summary: '提出议题（本社区居民或工作人员）。支持 Idempotency-Key',
          request: body(TopicInputSchema),
          responses: { 201: { description: 'topic', ...json(TopicDetailSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await consultation.proposeTopic(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}',
        tags: ['consultation'],
        summary: '议题详情：附议进度、状态与经过',
        request: { params: TopicParams },
        responses: { 200: { description: 'topic', ...json(TopicDetailSchema) } },
      }),
      async (c) => c.json(await consultation.getTopic(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/consultation/topics/{topicId}/supports',
        tags: ['consultation'],
        summary: '附议（本社区居民每人一次，重复提交不重复计数）',
        request: { params: TopicParams },
        responses: { 200: { description: 'support', ...json(SupportResultSchema) } },
      }),
      async (c) => c.json(await consultation.supportTopic(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/consultation/topics/{topicId}/moves',
        tags: ['consultation'],
        summary: '改变议题状态：工作人员立项、不立项、终止；提议人撤回',
        request: { params: TopicParams, ...body(TopicMoveSchema) },
        responses: { 200: { description: 'topic', ...json(TopicDetailSchema) } },
      }),
      async (c) => c.json(await consultation.moveTopic(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/opinions',
        tags: ['consultation'],
        summary: '议题的意见（最新在前，附回复）与各立场人数',
        request: { params: TopicParams, query: OpinionListQuerySchema },
        responses: { 200: { description: 'opinions', ...json(OpinionPageSchema) } },
      }),
      async (c) => c.json(await opinions.listOpinions(deps, c.get('auth'), c.req.valid('param').topicId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/opinions',
          tags: ['consultation'],
          summary: '发表意见（支持/反对/中立）或回复一条意见（协商中，本社区居民）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(OpinionInputSchema) },
          responses: { 201: { description: 'opinion', ...json(OpinionSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await opinions.postOpinion(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/consultation/opinions/{opinionId}/likes',
        tags: ['consultation'],
        summary: '点赞（每人一次，重复提交不重复计数）',
        request: { params: OpinionParams },
        responses: { 200: { description: 'like', ...json(OpinionLikeResultSchema) } },
      }),
      async (c) => c.json(await opinions.likeOpinion(deps, requireAuth(c.get('auth')), c.req.valid('param').opinionId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/consultation/opinions/{opinionId}/reports',
        tags: ['consultation'],
        summary: '举报（每人一次；三位居民举报后隐藏待审核）',
        request: { params: OpinionParams },
        responses: { 200: { description: 'report', ...json(OpinionReportResultSchema) } },
      }),
      async (c) => c.json(await opinions.reportOpinion(deps, requireAuth(c.get('auth')), c.req.valid('param').opinionId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/consultation/opinions/{opinionId}/moderation',
        tags: ['consultation'],
        summary: '审核意见：隐藏（须填原因，作者可见）或恢复',
        request: { params: OpinionParams, ...body(OpinionModerationSchema) },
        responses: { 200: { description: 'opinion', ...json(OpinionSchema) } },
      }),
      async (c) => c.json(await opinions.moderateOpinion(deps, requireAuth(c.get('auth')), c.req.valid('param').opinionId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/communities/{communityId}/consultation-settings',
        tags: ['consultation'],
        summary: '社区协商设置：附议门槛与征集期',
        request: { params: CommunityParams },
        responses: { 200: { description: 'settings', ...json(ConsultationSettingsSchema) } },
      }),
      async (c) => c.json(await consultation.getSettings(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/communities/{communityId}/consultation-settings',
        tags: ['consultation'],
        summary: '修改社区协商设置（已提出的议题不受影响）',
        request: { params: CommunityParams, ...body(ConsultationSettingsSchema) },
        responses: { 200: { description: 'settings', ...json(ConsultationSettingsSchema) } },
      }),
      async (c) => c.json(await consultation.updateSettings(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/consultation/topics/{topicId}/vote',
        tags: ['consultation'],
        summary: '发起表决（协商中的议题，本社区工作人员）：规则、选项与起止时间，议题转为表决中',
        request: { params: TopicParams, ...body(VoteOpenSchema) },
        responses: { 201: { description: 'vote', ...json(VoteViewSchema) } },
      }),
      async (c) => c.json(await votes.openVote(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/vote',
        tags: ['consultation'],
        summary: '议题的表决：参与进度；结束后公布各选项票数与结果（不公开谁投了什么）',
        request: { params: TopicParams },
        responses: { 200: { description: 'vote', ...json(VoteViewSchema) } },
      }),
      async (c) => c.json(await votes.getVote(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/topics/{topicId}/vote/ballots',
          tags: ['consultation'],
          summary: '投票（本社区居民每人一票，不记名）。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(BallotInputSchema) },
          responses: { 200: { description: 'receipt', ...json(BallotReceiptSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => {
        const auth = requireAuth(c.get('auth'))
        return c.json(await votes.castBallot(deps, { userId: auth.userId, communityId: auth.communityId }, c.req.valid('param').topicId, c.req.valid('json')), 200)
      },
        )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/communities/{communityId}/owner-registry',
        tags: ['consultation'],
        summary: '业主名册：户数、业主人数、专有部分总面积与导入时间',
        request: { params: CommunityParams },
        responses: { 200: { description: 'registry', ...json(RegistryViewSchema) } },
      }),
      async (c) => c.json(await registry.getRegistry(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/communities/{communityId}/owner-registry',
          tags: ['consultation'],
          summary: '导入业主名册（CSV 文本：户号、业主姓名、面积）。有任何错误行则整份不导入；dryRun 只预览。支持 Idempotency-Key',
          request: { params: CommunityParams, ...body(RegistryImportSchema) },
          responses: { 200: { description: 'import', ...json(RegistryImportResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await registry.importRegistry(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/communities/{communityId}/owner-registry/unlink',
        tags: ['consultation'],
        summary: '解除居民的房屋登记（按姓名与出生日期查找；原因记入审计日志），之后居民可重新登记',
        request: { params: CommunityParams, ...body(HouseholdUnlinkSchema) },
        responses: { 200: { description: 'unlinked', ...json(HouseholdUnlinkResultSchema) } },
      }),
      async (c) => c.json(await registry.unlinkHousehold(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/my-household',
          tags: ['consultation'],
          summary: '登记我的房屋：户号与名册上的业主姓名（按户、按业主表决用）。支持 Idempotency-Key',
          request: body(HouseholdLinkSchema),
          responses: { 200: { description: 'household', ...json(HouseholdLinkResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await registry.linkHousehold(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/minority-summary',
        tags: ['consultation'],
        summary: '少数意见摘要与社区的答复（反对意见须答复后才能发起表决）',
        request: { params: TopicParams },
        responses: { 200: { description: 'minority', ...json(MinorityViewSchema) } },
      }),
      async (c) => c.json(await minority.getMinority(deps, c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/topics/{topicId}/minority-summary',
        tags: ['consultation'],
        summary: '填写或更新少数意见摘要与答复（协商中，本社区工作人员）',
        request: { params: TopicParams, ...body(MinoritySummaryInputSchema) },
        responses: { 200: { description: 'minority', ...json(MinorityViewSchema) } },
      }),
      async (c) => c.json(await minority.saveMinority(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 200),
    )
}
