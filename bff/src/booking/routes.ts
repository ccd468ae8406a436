import {
  BoardPageSchema,
  BoardQuerySchema,
  BookRequestSchema,
  BookingPageSchema,
  BookingSchema,
  BookingSetupSchema,
  CheckInByCodeSchema,
  ClosureInputSchema,
  ClosureListQuerySchema,
  ClosureListSchema,
  ClosurePreviewQuerySchema,
  ClosurePreviewSchema,
  ClosureResultSchema,
  MyBookingsQuerySchema,
  ReasonSchema,
  RescheduleSchema,
  SlotListSchema,
  SlotQuerySchema,
  SuspensionListSchema,
  WalkInResultSchema,
  WalkInSchema,
} from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { body, defineRoute, json, newRouter, requireAuth } from '../http/route'
import { idempotency } from '../platform/idempotency'
import * as booking from './service'
import * as staff from './staff'

const ServiceParams = z.object({ serviceId: z.uuid() })
const BookingParams = z.object({ bookingId: z.uuid() })
const ClosureParams = z.object({ closureId: z.uuid() })
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().max(100).optional() })

const STAFF = ['staff', 'street_admin'] as const
const STAFF_OR_PROVIDER = ['staff', 'street_admin', 'provider'] as const

export function bookingRoutes(deps: Deps) {
  const staffAction = (path: string, action: Parameters<typeof staff.act>[3], summary: string, withReason: boolean, access: typeof STAFF | typeof STAFF_OR_PROVIDER) =>
    defineRoute(access, {
      method: 'post',
      path: `/bookings/{bookingId}/${path}`,
      tags: ['booking-staff'],
      summary,
      request: { params: BookingParams, ...(withReason ? body(ReasonSchema) : {}) },
      responses: { 200: { description: 'booking', ...json(BookingSchema) } },
      'x-action': action,
    })

  const router = newRouter()
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/services/{serviceId}/booking-setup',
        tags: ['booking'],
        summary: '服务的预约设置与每周开放时间',
        request: { params: ServiceParams },
        responses: { 200: { description: 'setup', ...json(BookingSetupSchema) } },
      }),
      async (c) => c.json(await booking.getSetup(deps, c.req.valid('param').serviceId), 200),
    )
    .openapi(
      defineRoute('public', {
        method: 'get',
        path: '/services/{serviceId}/slots',
        tags: ['booking'],
        summary: '可预约时段与剩余名额',
        request: { params: ServiceParams, query: SlotQuerySchema },
        responses: { 200: { description: 'slots', ...json(SlotListSchema) } },
      }),
      async (c) => c.json(await booking.listSlots(deps, c.req.valid('param').serviceId, c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/bookings',
          tags: ['booking'],
          summary: '预约（本人或家人）；满员可候补。支持 Idempotency-Key',
          request: { headers: IdempotencyHeader, ...body(BookRequestSchema) },
          responses: { 201: { description: 'booking', ...json(BookingSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => {
        const auth = requireAuth(c.get('auth'))
        return c.json(await booking.book(deps, auth, c.req.valid('json'), 'self'), 201)
      },
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/bookings',
        tags: ['booking'],
        summary: '我的预约（即将到来 / 历史）',
        request: { query: MyBookingsQuerySchema },
        responses: { 200: { description: 'bookings', ...json(BookingPageSchema) } },
      }),
      async (c) => c.json(await booking.listMine(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/bookings/{bookingId}',
        tags: ['booking'],
        summary: '预约详情（本人，或负责的社区工作者/服务方）',
        request: { params: BookingParams },
        responses: { 200: { description: 'booking', ...json(BookingSchema) } },
      }),
      async (c) =>
        c.json(await booking.getBooking(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId, c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/bookings/{bookingId}/cancel',
        tags: ['booking'],
        summary: '取消我的预约（截止时间前）',
        request: { params: BookingParams, ...body(ReasonSchema) },
        responses: { 200: { description: 'booking', ...json(BookingSchema) } },
      }),
      async (c) =>
        c.json(await booking.cancelOwn(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId, c.req.valid('json').reason), 200),
    )
    .openapi(
      defineRoute(
        ['resident'],
        {
          method: 'post',
          path: '/bookings/{bookingId}/reschedule',
          tags: ['booking'],
          summary: '改约到同一服务的另一个时段。支持 Idempotency-Key',
          request: { params: BookingParams, headers: IdempotencyHeader, ...body(RescheduleSchema) },
          responses: { 200: { description: 'booking', ...json(BookingSchema) } },
        },
        idempotency(deps),
      ),
      async (c) =>
        c.json(await booking.reschedule(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId, c.req.valid('json').slotId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/suspensions',
        tags: ['booking'],
        summary: '我的预约限制（多次未到场）',
        responses: { 200: { description: 'suspensions', ...json(SuspensionListSchema) } },
      }),
      async (c) => c.json(await booking.listSuspensions(deps, requireAuth(c.get('auth')).userId), 200),
    )
    // Staff
    .openapi(
      defineRoute(STAFF_OR_PROVIDER, {
        method: 'get',
        path: '/staff/bookings',
        tags: ['booking-staff'],
        summary: '预约看板（按日期、服务、状态，分页）',
        request: { query: BoardQuerySchema },
        responses: { 200: { description: 'bookings', ...json(BoardPageSchema) } },
      }),
      async (c) => c.json(await staff.board(deps, requireAuth(c.get('auth')), c.req.valid('query'), c.get('requestId')), 200),
    )
    .openapi(
      defineRoute(STAFF_OR_PROVIDER, {
        method: 'post',
        path: '/staff/check-in',
        tags: ['booking-staff'],
        summary: '凭签到码签到',
        request: body(CheckInByCodeSchema),
        responses: { 200: { description: 'booking', ...json(BookingSchema) } },
      }),
      async (c) => {
        const { communityId, code } = c.req.valid('json')
        return c.json(await staff.checkInByCode(deps, requireAuth(c.get('auth')), communityId, code, c.get('requestId')), 200)
      },
    )
    .openapi(
      defineRoute(
        STAFF,
        {
          method: 'post',
          path: '/staff/walk-in',
          tags: ['booking-staff'],
          summary: '窗口代办：为到窗口的居民预约（没有手机号时按本社区姓名+出生日期核对），返回要告诉居民的签到码',
          request: { headers: IdempotencyHeader, ...body(WalkInSchema) },
          responses: { 201: { description: 'booking', ...json(WalkInResultSchema) } },
        },
        idempotency(deps),
      ),
      async (c) => c.json(await staff.walkIn(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'put',
        path: '/services/{serviceId}/booking-setup',
        tags: ['booking-staff'],
        summary: '保存预约设置与每周开放时间',
        request: { params: ServiceParams, ...body(BookingSetupSchema) },
        responses: { 200: { description: 'setup', ...json(BookingSetupSchema) } },
      }),
      async (c) => {
        const { serviceId } = c.req.valid('param')
        await staff.saveSetup(deps, requireAuth(c.get('auth')), serviceId, c.req.valid('json'), c.get('requestId'))
        return c.json(await booking.getSetup(deps, serviceId), 200)
      },
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/closures',
        tags: ['booking-staff'],
        summary: '设置暂停服务日（已有预约会被取消并通知）',
        request: body(ClosureInputSchema),
        responses: { 201: { description: 'closure', ...json(ClosureResultSchema) } },
      }),
      async (c) => c.json(await staff.addClosure(deps, requireAuth(c.get('auth')), c.req.valid('json'), c.get('requestId')), 201),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/closures/preview',
        tags: ['booking-staff'],
        summary: '设置暂停服务日之前：这几天有多少个预约会被取消',
        request: { query: ClosurePreviewQuerySchema },
        responses: { 200: { description: 'preview', ...json(ClosurePreviewSchema) } },
      }),
      async (c) => c.json(await staff.previewClosure(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/closures',
        tags: ['booking-staff'],
        summary: '今天起生效的暂停服务日（本服务与全社区）',
        request: { query: ClosureListQuerySchema },
        responses: { 200: { description: 'closures', ...json(ClosureListSchema) } },
      }),
      async (c) => c.json(await staff.listClosures(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/closures/{closureId}/lift',
        tags: ['booking-staff'],
        summary: '取消暂停服务日，恢复预约（已取消的预约不会恢复）',
        request: { params: ClosureParams },
        responses: { 204: { description: 'lifted' } },
      }),
      async (c) => {
        await staff.liftClosure(deps, requireAuth(c.get('auth')), c.req.valid('param').closureId, c.get('requestId'))
        return c.body(null, 204)
      },
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'get',
        path: '/staff/suspensions',
        tags: ['booking-staff'],
        summary: '本社区因未到场被暂停自助预约的居民',
        request: { query: z.object({ communityId: z.uuid() }) },
        responses: { 200: { description: 'suspensions', ...json(SuspensionListSchema) } },
      }),
      async (c) => c.json(await staff.communitySuspensions(deps, requireAuth(c.get('auth')), c.req.valid('query').communityId), 200),
    )
    .openapi(
      defineRoute(STAFF, {
        method: 'post',
        path: '/staff/suspensions/{suspensionId}/lift',
        tags: ['booking-staff'],
        summary: '解除预约限制',
        request: { params: z.object({ suspensionId: z.uuid() }), ...body(ReasonSchema) },
        responses: { 204: { description: 'lifted' } },
      }),
      async (c) => {
        await staff.liftSuspension(deps, requireAuth(c.get('auth')), c.req.valid('param').suspensionId, c.req.valid('json').reason, c.get('requestId'))
        return c.body(null, 204)
      },
    )

  const actions = [
    ['confirm', 'confirm', '确认预约', false, STAFF],
    ['decline', 'decline', '拒绝预约（需说明原因）', true, STAFF],
    ['check-in', 'check_in', '签到', false, STAFF_OR_PROVIDER],
    ['serve', 'serve', '标记已服务', false, STAFF_OR_PROVIDER],
    ['no-show', 'no_show', '标记未到场', false, STAFF_OR_PROVIDER],
    ['staff-cancel', 'cancel', '代居民取消（需说明原因，会通知居民）', true, STAFF],
  ] as const
  for (const [path, action, summary, withReason, access] of actions) {
    router.openapi(staffAction(path, action, summary, withReason, access), async (c) => {
      const reason = withReason ? ReasonSchema.parse(await c.req.json()).reason : null
      return c.json(
        await staff.act(deps, requireAuth(c.get('auth')), c.req.valid('param').bookingId, action, reason, c.get('requestId')),
        200,
      )
    })
  }
  return router
}
