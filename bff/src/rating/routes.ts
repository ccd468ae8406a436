import {
  AppealDecisionSchema,
  AppealListQuerySchema,
  AppealListSchema,
  AppealRequestSchema,
  AppealSchema,
  CaseFeedbackSchema,
  CaseQueueQuerySchema,
  CaseStepRequestSchema,
  CommunitySatisfactionSchema,
  DashboardSchema,
  MonthSchema,
  RateRequestSchema,
  RatingSchema,
  StaffCaseListSchema,
  StaffCaseSchema,
  SurveyAnswerSchema,
  SurveyInputSchema,
  SurveyListQuerySchema,
  SurveyListSchema,
  SurveyResultsSchema,
  SurveySchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { AppError } from '../http/errors'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as appeals from './appeals'
import * as rating from './service'
import * as stats from './stats'
import * as surveys from './survey'

const BookingParams = z.object({ bookingId: z.uuid() })
const CaseParams = z.object({ caseId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const

const SurveyParams = z.object({ surveyId: z.uuid() })

export function ratingRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/surveys',
        tags: ['survey'],
        summary: '发布社区满意度调查',
        request: body(SurveyInputSchema),
        responses: { 201: { description: 'survey', ...json(SurveySchema) } },
      }),
      async (c) => c.json(await surveys.createSurvey(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}/surveys',
        tags: ['survey'],
        summary: '社区的满意度调查',
        request: { params: z.object({ communityId: z.uuid() }), query: SurveyListQuerySchema },
        responses: { 200: { description: 'surveys', ...json(SurveyListSchema) } },
      }),
      async (c) => c.json(await surveys.listSurveys(deps, c.get('auth'), c.req.valid('param').communityId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/surveys/{surveyId}',
        tags: ['survey'],
        summary: '调查问卷',
        request: { params: SurveyParams },
        responses: { 200: { description: 'survey', ...json(SurveySchema) } },
      }),
      async (c) => c.json(await surveys.getSurvey(deps, c.get('auth'), c.req.valid('param').surveyId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/surveys/{surveyId}/responses',
        tags: ['survey'],
        summary: '填写问卷（每人一次）',
        request: { params: SurveyParams, ...body(SurveyAnswerSchema) },
        responses: { 201: { description: 'survey', ...json(SurveySchema) } },
      }),
      async (c) => c.json(await surveys.answerSurvey(deps, requireAuth(c.get('auth')), c.req.valid('param').surveyId, c.req.valid('json').answers), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/surveys/{surveyId}/results',
        tags: ['survey'],
        summary: '调查结果（按题汇总）',
        request: { params: SurveyParams },
        responses: { 200: { description: 'results', ...json(SurveyResultsSchema) } },
      }),
      async (c) => c.json(await surveys.surveyResults(deps, c.req.valid('param').surveyId), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/bookings/{bookingId}/rating',
          tags: ['rating'],
          summary: '评价已完成的服务（一事一评）。支持 Idempotency-Key',
          request: { params: BookingParams, ...body(RateRequestSchema) },
          responses: { 201: { description: 'rating', ...json(RatingSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => {
        const input = c.req.valid('json')
        return c.json(
          await rating.rate(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId, { level: input.level, tags: input.tags, comment: input.comment }),
          201,
        )
      },
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/bookings/{bookingId}/rating',
        tags: ['rating'],
        summary: '我对这次服务的评价，及差评的整改进度',
        request: { params: BookingParams },
        responses: { 200: { description: 'rating', ...json(RatingSchema) } },
      }),
      async (c) => c.json(await rating.ratingForBooking(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/cases/{caseId}/feedback',
        tags: ['rating'],
        summary: '居民评价整改结果（不满意可重新整改一次）',
        request: { params: CaseParams, ...body(CaseFeedbackSchema) },
        responses: { 200: { description: 'rating', ...json(RatingSchema) } },
      }),
      async (c) => {
        const { satisfied, note } = c.req.valid('json')
        return c.json(await rating.residentFeedback(deps, requireAuth(c.get('auth')), c.req.valid('param').caseId, satisfied, note, c.get('requestId')), 200)
      },
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/cases',
        tags: ['rating-staff'],
        summary: '差评整改工单（按期限排序，逾期在前，分页）',
        request: { query: CaseQueueQuerySchema },
        responses: { 200: { description: 'cases', ...json(StaffCaseListSchema) } },
      }),
      async (c) => c.json(await rating.caseQueue(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/cases/{caseId}',
        tags: ['rating-staff'],
        summary: '整改工单详情（含回访电话，查看记入审计）',
        request: { params: CaseParams },
        responses: { 200: { description: 'case', ...json(StaffCaseSchema) } },
      }),
      async (c) => c.json(await rating.staffCase(deps, requireAuth(c.get('auth')), c.req.valid('param').caseId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/cases/{caseId}/steps',
        tags: ['rating-staff'],
        summary: '记录回访核实、整改、答复',
        request: { params: CaseParams, ...body(CaseStepRequestSchema) },
        responses: { 200: { description: 'case', ...json(StaffCaseSchema) } },
      }),
      async (c) =>
        c.json(await rating.addStep(deps, requireAuth(c.get('auth')), c.req.valid('param').caseId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/ratings/{ratingId}/appeals',
        tags: ['rating-staff'],
        summary: '对恶意或错误评价提出申诉',
        request: { params: z.object({ ratingId: z.uuid() }), ...body(AppealRequestSchema) },
        responses: { 201: { description: 'appeal', ...json(AppealSchema) } },
      }),
      async (c) =>
        c.json(await appeals.fileAppeal(deps, requireAuth(c.get('auth')), c.req.valid('param').ratingId, c.req.valid('json').reason, c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/appeals',
        tags: ['rating-staff'],
        summary: '申诉列表（街道管理员审核）',
        request: { query: AppealListQuerySchema },
        responses: { 200: { description: 'appeals', ...json(AppealListSchema) } },
      }),
      async (c) => c.json(await appeals.listAppeals(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(['street_admin'], {
        method: 'post',
        path: '/staff/appeals/{appealId}/decision',
        tags: ['rating-staff'],
        summary: '街道管理员裁定申诉（维持的评价不计入统计）',
        request: { params: z.object({ appealId: z.uuid() }), ...body(AppealDecisionSchema) },
        responses: { 200: { description: 'appeal', ...json(AppealSchema) } },
      }),
      async (c) => {
        const { upheld, note } = c.req.valid('json')
        return c.json(await appeals.decideAppeal(deps, requireAuth(c.get('auth')), c.req.valid('param').appealId, upheld, note, c.get('requestId')), 200)
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/communities/{communityId}/satisfaction',
        tags: ['rating'],
        summary: '社区满意度公示：本月各服务满意率与排名、整改情况',
        request: { params: z.object({ communityId: z.uuid() }), query: z.object({ month: MonthSchema.optional() }) },
        responses: { 200: { description: 'satisfaction', ...json(CommunitySatisfactionSchema) } },
      }),
      async (c) => c.json(await stats.communitySatisfaction(deps.db, c.req.valid('param').communityId, c.req.valid('query').month, deps.now()), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/dashboard',
        tags: ['rating-staff'],
        summary: '满意度看板（社区；街道管理员可看全街道）',
        request: {
          query: z.object({ communityId: z.uuid().optional(), streetId: z.uuid().optional(), months: z.coerce.number().int().min(1).max(24).default(6) }),
        },
        responses: { 200: { description: 'dashboard', ...json(DashboardSchema) } },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const auth = requireAuth(c.get('auth'))
        const streetId = q.streetId ?? (q.communityId ? undefined : auth.grants.find((g) => g.role === 'street_admin')?.streetId ?? undefined)
        const communityId = q.communityId ?? auth.grants.find((g) => g.role === 'staff')?.communityId ?? undefined
        if (!streetId && !communityId) throw new AppError('FORBIDDEN')
        const scope = streetId ? { streetId } : { communityId: communityId as string }
        return c.json(await stats.dashboard(deps, auth, scope, q.months), 200)
      },
    )
}
