import {
  CheckInResultSchema,
  type CheckInSchema,
  DeskPageSchema,
  type MeetingInputSchema,
  MeetingListSchema,
  MeetingSchema,
  type MeetingSeatsInputSchema,
  type ParticipantTagsInputSchema,
  TaggedResidentSchema,
  type TallyInputSchema,
  type WalkInAttendeeSchema,
} from '@linli/shared'
import { type Input, call } from '../../../api/client'

/** 议事会 (issue 11 item 4): the BFF's meeting routes. */
export const meetingsApi = {
  list: (topicId: string) => call(MeetingListSchema, 'GET', `/consultation/topics/${topicId}/meetings`),
  meeting: (meetingId: string) => call(MeetingSchema, 'GET', `/consultation/meetings/${meetingId}`),
  create: (topicId: string, input: Input<typeof MeetingInputSchema>, idempotencyKey: string) =>
    call(MeetingSchema, 'POST', `/staff/consultation/topics/${topicId}/meetings`, { body: input, idempotencyKey }),
  cancel: (meetingId: string, reason: string) => call(MeetingSchema, 'POST', `/staff/consultation/meetings/${meetingId}/cancel`, { body: { reason } }),
  register: (meetingId: string, idempotencyKey: string) => call(MeetingSchema, 'POST', `/consultation/meetings/${meetingId}/registration`, { idempotencyKey }),
  unregister: (meetingId: string) => call(MeetingSchema, 'DELETE', `/consultation/meetings/${meetingId}/registration`),
  desk: (meetingId: string, query: { q?: string; cursor?: string }) => call(DeskPageSchema, 'GET', `/staff/consultation/meetings/${meetingId}/desk`, { query }),
  checkIn: (meetingId: string, input: Input<typeof CheckInSchema>) => call(CheckInResultSchema, 'POST', `/staff/consultation/meetings/${meetingId}/check-ins`, { body: input }),
  walkIn: (meetingId: string, input: Input<typeof WalkInAttendeeSchema>, idempotencyKey: string) =>
    call(CheckInResultSchema, 'POST', `/staff/consultation/meetings/${meetingId}/walk-ins`, { body: input, idempotencyKey }),
  tally: (meetingId: string, input: Input<typeof TallyInputSchema>) => call(MeetingSchema, 'PUT', `/staff/consultation/meetings/${meetingId}/tally`, { body: input }),
  confirmTally: (meetingId: string) => call(MeetingSchema, 'POST', `/staff/consultation/meetings/${meetingId}/tally/confirm`),
  setTags: (communityId: string, input: Input<typeof ParticipantTagsInputSchema>) => call(TaggedResidentSchema, 'PUT', `/staff/communities/${communityId}/participant-tags`, { body: input }),
  minutes: (meetingId: string, text: string) => call(MeetingSchema, 'PUT', `/staff/consultation/meetings/${meetingId}/minutes`, { body: { text } }),
  resizeSeats: (meetingId: string, input: Input<typeof MeetingSeatsInputSchema>) => call(MeetingSchema, 'PUT', `/staff/consultation/meetings/${meetingId}/seats`, { body: input }),
}
