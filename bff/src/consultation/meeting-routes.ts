import {
  CheckInResultSchema,
  CheckInSchema,
  DeskPageSchema,
  DeskQuerySchema,
  MeetingCancelSchema,
  MeetingInputSchema,
  MeetingListSchema,
  MeetingSchema,
  MeetingSeatsInputSchema,
  MeetingUpdateSchema,
  MinutesInputSchema,
  ParticipantTagsInputSchema,
  TaggedResidentListSchema,
  TaggedResidentSchema,
  TallyInputSchema,
  WalkInAttendeeSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as meetings from './meetings'

const TopicParams = z.object({ topicId: z.uuid() })
const MeetingParams = z.object({ meetingId: z.uuid() })
const CommunityParams = z.object({ communityId: z.uuid() })
const STAFF = ['staff', 'street_admin'] as const
const TAGS = ['consultation'] as const

/** Routes of 议事会 (issue 11 item 4); app.ts mounts them beside consultationRoutes. */
export function meetingRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/topics/{topicId}/meetings',
        tags: [...TAGS],
        summary: '议题的议事会：时间地点、座位、我的报名、计票结果与会议纪要',
        request: { params: TopicParams },
        responses: { 200: { description: 'meetings', ...json(MeetingListSchema) } },
      }),
      async (c) => c.json(await meetings.listMeetings(deps, c.get('auth'), c.req.valid('param').topicId), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/consultation/meetings/{meetingId}',
        tags: [...TAGS],
        summary: '议事会详情',
        request: { params: MeetingParams },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.getMeeting(deps, c.get('auth'), c.req.valid('param').meetingId), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/consultation/topics/{topicId}/meetings',
          tags: [...TAGS],
          summary: '安排议事会（已立项、协商中或表决中的议题）：时间地点、开放座位与各类人员预留座位。支持 Idempotency-Key',
          request: { params: TopicParams, ...body(MeetingInputSchema) },
          responses: { 201: { description: 'meeting', ...json(MeetingSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await meetings.createMeeting(deps, requireAuth(c.get('auth')), c.req.valid('param').topicId, c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/meetings/{meetingId}',
        tags: [...TAGS],
        summary: '修改会议名称、地点或时间（会议开始前）',
        request: { params: MeetingParams, ...body(MeetingUpdateSchema) },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.updateMeeting(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/meetings/{meetingId}/seats',
        tags: [...TAGS],
        summary: '调整一类座位的数量（会议开始前）：不少于已占用的座位，新增座位按候补先后补上并通知',
        request: { params: MeetingParams, ...body(MeetingSeatsInputSchema) },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.resizeMeetingSeats(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/consultation/meetings/{meetingId}/cancel',
        tags: [...TAGS],
        summary: '取消会议（须填原因，通知已报名和候补的居民）',
        request: { params: MeetingParams, ...body(MeetingCancelSchema) },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.cancelMeeting(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json').reason, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/consultation/meetings/{meetingId}/registration',
          tags: [...TAGS],
          summary: '报名参会（本社区居民；满员进入候补）。支持 Idempotency-Key',
          request: { params: MeetingParams },
          responses: { 201: { description: 'meeting', ...json(MeetingSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await meetings.register(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'delete',
        path: '/consultation/meetings/{meetingId}/registration',
        tags: [...TAGS],
        summary: '取消报名（会议开始前；空出的座位给第一位候补）',
        request: { params: MeetingParams },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.cancelRegistration(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/meetings/{meetingId}/desk',
        tags: [...TAGS],
        summary: '现场签到台：报名名单（姓名脱敏，可按姓名查找）、到会人数与法定人数',
        request: { params: MeetingParams, query: DeskQuerySchema },
        responses: { 200: { description: 'desk', ...json(DeskPageSchema) } },
      }),
      async (c) => c.json(await meetings.desk(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('query'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/consultation/meetings/{meetingId}/check-ins',
        tags: [...TAGS],
        summary: '签到：按签到码，或从名单中选择',
        request: { params: MeetingParams, ...body(CheckInSchema) },
        responses: { 200: { description: 'checked in', ...json(CheckInResultSchema) } },
      }),
      async (c) => c.json(await meetings.checkIn(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/consultation/meetings/{meetingId}/walk-ins',
          tags: [...TAGS],
          summary: '现场参会登记：未报名的本社区居民，按姓名和出生日期核对。支持 Idempotency-Key',
          request: { params: MeetingParams, ...body(WalkInAttendeeSchema) },
          responses: { 200: { description: 'checked in', ...json(CheckInResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await meetings.walkIn(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/meetings/{meetingId}/tally',
        tags: [...TAGS],
        summary: '录入现场举手表决结果（须另一位工作人员确认）',
        request: { params: MeetingParams, ...body(TallyInputSchema) },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.enterTally(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/consultation/meetings/{meetingId}/tally/confirm',
        tags: [...TAGS],
        summary: '确认计票结果（录入人以外的工作人员）',
        request: { params: MeetingParams },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.confirmTally(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/consultation/meetings/{meetingId}/minutes',
        tags: [...TAGS],
        summary: '发布会议纪要（会议结束后），在议题页面公开',
        request: { params: MeetingParams, ...body(MinutesInputSchema) },
        responses: { 200: { description: 'meeting', ...json(MeetingSchema) } },
      }),
      async (c) => c.json(await meetings.publishMinutes(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.req.valid('json').text, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/consultation/meetings/{meetingId}/export',
        tags: [...TAGS],
        summary: '导出报名与出席情况（CSV 签到表）',
        request: { params: MeetingParams },
        responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      }),
      async (c) => {
        const csv = await meetings.exportCsv(deps, requireAuth(c.get('auth')), c.req.valid('param').meetingId, c.get('requestId'))
        return c.body(csv.body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${csv.filename}"` })
      },
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/communities/{communityId}/participant-tags',
        tags: [...TAGS],
        summary: '参会人员类别（居民代表、党员、业委会等）名单，姓名脱敏',
        request: { params: CommunityParams },
        responses: { 200: { description: 'tagged', ...json(TaggedResidentListSchema) } },
      }),
      async (c) => c.json(await meetings.listParticipantTags(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/staff/communities/{communityId}/participant-tags',
        tags: [...TAGS],
        summary: '设置居民的参会人员类别（按姓名和出生日期核对居民）',
        request: { params: CommunityParams, ...body(ParticipantTagsInputSchema) },
        responses: { 200: { description: 'tagged', ...json(TaggedResidentSchema) } },
      }),
      async (c) => c.json(await meetings.setParticipantTags(deps, requireAuth(c.get('auth')), c.req.valid('param').communityId, c.req.valid('json'), c.get('requestId')), 200),
    )
}
