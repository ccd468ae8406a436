import {
  BoardPageSchema,
  type BoardQuery,
  type BookRequestSchema,
  BookingPageSchema,
  BookingSchema,
  BookingSetupSchema,
  type CheckInByCodeSchema,
  type ClosureInputSchema,
  type ClosureListQuerySchema,
  ClosureListSchema,
  type ClosurePreviewQuerySchema,
  ClosurePreviewSchema,
  ClosureResultSchema,
  FamilyListSchema,
  type FamilyMemberInputSchema,
  FamilyMemberSchema,
  type MyBookingsQuerySchema,
  type ReasonSchema,
  type RescheduleSchema,
  SlotListSchema,
  type SlotQuerySchema,
  SuspensionListSchema,
  WalkInResultSchema,
  type WalkInSchema,
} from '@linli/shared'
import { type Input, NoContent, call } from './client'

/** The staff actions on one booking, as the BFF's `/bookings/:id/<action>` routes name them. */
export type StaffAction = 'confirm' | 'decline' | 'check-in' | 'serve' | 'no-show' | 'staff-cancel'

/** 预约: setup and slots, a resident's bookings and family, and the staff board, closures and walk-ins. */
export const bookingApi = {
  bookingSetup: (serviceId: string) => call(BookingSetupSchema, 'GET', `/services/${serviceId}/booking-setup`),
  slots: (serviceId: string, from?: string, days = 7) =>
    call(SlotListSchema, 'GET', `/services/${serviceId}/slots`, { query: { from, days } satisfies Input<typeof SlotQuerySchema> }),
  book: (request: Input<typeof BookRequestSchema>, idempotencyKey: string) => call(BookingSchema, 'POST', '/bookings', { body: request, idempotencyKey }),
  myBookings: (scope: Input<typeof MyBookingsQuerySchema>['scope'], cursor?: string) =>
    call(BookingPageSchema, 'GET', '/me/bookings', { query: { scope, cursor } satisfies Input<typeof MyBookingsQuerySchema> }),
  booking: (id: string) => call(BookingSchema, 'GET', `/bookings/${id}`),
  cancelBooking: (id: string, reason: string) =>
    call(BookingSchema, 'POST', `/bookings/${id}/cancel`, { body: { reason } satisfies Input<typeof ReasonSchema> }),
  reschedule: (id: string, slotId: string, idempotencyKey: string) =>
    call(BookingSchema, 'POST', `/bookings/${id}/reschedule`, { body: { slotId } satisfies Input<typeof RescheduleSchema>, idempotencyKey }),
  family: () => call(FamilyListSchema, 'GET', '/me/family'),
  addFamilyMember: (input: Input<typeof FamilyMemberInputSchema>) => call(FamilyMemberSchema, 'POST', '/me/family', { body: input }),
  removeFamilyMember: (id: string) => call(NoContent, 'DELETE', `/me/family/${id}`),
  suspensions: () => call(SuspensionListSchema, 'GET', '/me/suspensions'),
  board: (query: BoardQuery) => call(BoardPageSchema, 'GET', '/staff/bookings', { query }),
  staffAction: (id: string, action: StaffAction, reason?: string) =>
    call(BookingSchema, 'POST', `/bookings/${id}/${action}`, reason ? { body: { reason } satisfies Input<typeof ReasonSchema> } : {}),
  saveSetup: (serviceId: string, setup: Input<typeof BookingSetupSchema>) =>
    call(BookingSetupSchema, 'PUT', `/services/${serviceId}/booking-setup`, { body: setup }),
  addClosure: (input: Input<typeof ClosureInputSchema>) => call(ClosureResultSchema, 'POST', '/staff/closures', { body: input }),
  previewClosure: (query: Input<typeof ClosurePreviewQuerySchema>) => call(ClosurePreviewSchema, 'GET', '/staff/closures/preview', { query }),
  closures: (communityId: string, serviceId?: string, cursor?: string) =>
    call(ClosureListSchema, 'GET', '/staff/closures', { query: { communityId, serviceId, cursor } satisfies Input<typeof ClosureListQuerySchema> }),
  liftClosure: (id: string) => call(NoContent, 'POST', `/staff/closures/${id}/lift`),
  walkIn: (input: Input<typeof WalkInSchema>, idempotencyKey: string) =>
    call(WalkInResultSchema, 'POST', '/staff/walk-in', { body: input, idempotencyKey }),
  communitySuspensions: (communityId: string) => call(SuspensionListSchema, 'GET', '/staff/suspensions', { query: { communityId } }),
  liftSuspension: (id: string, reason: string) =>
    call(NoContent, 'POST', `/staff/suspensions/${id}/lift`, { body: { reason } satisfies Input<typeof ReasonSchema> }),
  checkInByCode: (communityId: string, code: string) =>
    call(BookingSchema, 'POST', '/staff/check-in', { body: { communityId, code } satisfies Input<typeof CheckInByCodeSchema> }),
}
