import Taro from '@tarojs/taro'
import {
  AccountDeletedSchema,
  type BallotInputSchema,
  BallotReceiptSchema,
  type VoteOpenSchema,
  VoteViewSchema,
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
  type AccountDeletionSchema,
  type AppealDecisionSchema,
  AppealListSchema,
  type AppealRequestSchema,
  AppealSchema,
  AuditPageSchema,
  type BoardQuery,
  BoardPageSchema,
  BookingPageSchema,
  BookingSchema,
  BookingSetupSchema,
  type BookRequestSchema,
  CalendarStatusSchema,
  type CaseFeedbackSchema,
  type CaseStepRequestSchema,
  CategoryListSchema,
  type CheckInByCodeSchema,
  type ClosureInputSchema,
  type ClosureListQuerySchema,
  ClosureListSchema,
  type ClosurePreviewQuerySchema,
  ClosurePreviewSchema,
  ClosureResultSchema,
  CommunityDetailSchema,
  type CommunityListQuerySchema,
  CommunityListSchema,
  CommunitySatisfactionSchema,
  type ConsentSchema,
  DashboardSchema,
  type DemoLoginSchema,
  type DemoPersonaId,
  DemoPersonaListSchema,
  ErrorBodySchema,
  FamilyListSchema,
  type FamilyMemberInputSchema,
  FamilyMemberSchema,
  type HolidayNoticeInputSchema,
  HolidayYearSchema,
  InboxMessageSchema,
  InboxPageSchema,
  MeSchema,
  type MoveDecisionSchema,
  PendingMoveListSchema,
  PersonalDataExportSchema,
  type MyBookingsQuerySchema,
  type PreferencesSchema,
  PRIVACY_POLICY_VERSION,
  type RateRequestSchema,
  RatingSchema,
  type ReasonSchema,
  type RescheduleSchema,
  ServiceDetailSchema,
  type ServiceListQuery,
  ServicePageSchema,
  type ServiceStatusChangeSchema,
  SessionSchema,
  SlotListSchema,
  type SlotQuerySchema,
  type SmsSendSchema,
  SmsSentSchema,
  type SmsVerifySchema,
  StaffCaseListSchema,
  StaffCaseSchema,
  type SurveyAnswerSchema,
  type SurveyInputSchema,
  SurveyListSchema,
  SurveyResultsSchema,
  SurveySchema,
  SuspensionListSchema,
  type SwitchCommunitySchema,
  type TodayQuerySchema,
  TodaySchema,
  UnreadCountSchema,
  WalkInResultSchema,
  type WalkInSchema,
  type WechatLoginSchema,
} from '@linli/shared'
import { z } from 'zod'
import { messageFor } from './errors'

/** An error the mini-program can show as it is: a stable code and a plain-Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'linli.token'
let token: string | null = Taro.getStorageSync<string>(TOKEN_KEY) || null

export function getToken(): string | null {
  return token
}

export function setToken(value: string | null): void {
  token = value
  if (value) Taro.setStorageSync(TOKEN_KEY, value)
  else Taro.removeStorageSync(TOKEN_KEY)
}

const sessionEndedListeners = new Set<() => void>()

/** Called when the server answers 401 to a signed-in request: the session is over. Returns an unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener)
  return () => sessionEndedListeners.delete(listener)
}

/** Forgets the session on this device and tells the listeners: the server ended it, or the account is gone. */
export function endSession(): void {
  setToken(null)
  for (const listener of sessionEndedListeners) listener()
}

type Query = Record<string, string | number | boolean | undefined>

function queryString(query: Query | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * One call to the BFF through Taro.request (wx.request in WeChat, fetch in H5). The response is
 * checked against the shared zod schema, so a drifted server fails loudly here, not in a page.
 */
export async function call<S extends z.ZodType>(
  schema: S,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { query?: Query; body?: unknown; idempotencyKey?: string } = {},
): Promise<z.output<S>> {
  const header: Record<string, string> = { 'content-type': 'application/json' }
  if (token) header.authorization = `Bearer ${token}`
  if (options.idempotencyKey) header['idempotency-key'] = options.idempotencyKey
  let res: { statusCode: number; data: unknown }
  try {
    res = await Taro.request({
      url: `${LINLI_API_BASE}/api/v1${path}${queryString(options.query)}`,
      method,
      header,
      data: options.body === undefined ? undefined : JSON.stringify(options.body),
      dataType: 'json',
      timeout: 15000,
    })
  } catch {
    throw new ApiError('NETWORK', messageFor('NETWORK'), 0)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) {
    if (res.statusCode === 204) return schema.parse(undefined)
    const parsed = schema.safeParse(res.data)
    if (!parsed.success) throw new ApiError('BAD_RESPONSE', messageFor('BAD_RESPONSE'), res.statusCode)
    return parsed.data
  }
  const error = ErrorBodySchema.safeParse(res.data)
  const code = error.success ? error.data.error.code : 'INTERNAL'
  if (res.statusCode === 401 && token) endSession()
  throw new ApiError(
    code,
    error.success ? error.data.error.message : messageFor(code),
    res.statusCode,
    error.success ? error.data.error.fields : [],
  )
}

const NoContent = z.undefined()

/**
 * One key per tap: a retry of the same tap (flaky network) reuses it, so the BFF makes one
 * booking however often the request arrives.
 */
export function newIdempotencyKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`
}

/** The staff actions on one booking, as the BFF's `/bookings/:id/<action>` routes name them. */
export type StaffAction = 'confirm' | 'decline' | 'check-in' | 'serve' | 'no-show' | 'staff-cancel'

/** What a request body or query may be, before the shared schema's defaults and transforms. */
export type Input<S extends z.ZodType> = z.input<S>

export const api = {
  categories: () => call(CategoryListSchema, 'GET', '/categories'),
  communities: (q?: string) => call(CommunityListSchema, 'GET', '/communities', { query: { q } satisfies Input<typeof CommunityListQuerySchema> }),
  community: (id: string) => call(CommunityDetailSchema, 'GET', `/communities/${id}`),
  services: (communityId: string, query: ServiceListQuery) =>
    call(ServicePageSchema, 'GET', `/communities/${communityId}/services`, { query }),
  service: (id: string) => call(ServiceDetailSchema, 'GET', `/services/${id}`),
  changeServiceStatus: (id: string, change: Input<typeof ServiceStatusChangeSchema>) =>
    call(ServiceDetailSchema, 'PUT', `/services/${id}/status`, { body: change }),
  demoPersonas: () => call(DemoPersonaListSchema, 'GET', '/auth/demo-personas'),
  /** Logins carry the 《隐私政策》 version the person agreed to on the login page; the BFF refuses one without it. */
  demoLogin: (persona: DemoPersonaId, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/demo', { body: { persona, privacyPolicyVersion } satisfies Input<typeof DemoLoginSchema> }),
  wechatLogin: (code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/wechat', { body: { code, privacyPolicyVersion } satisfies Input<typeof WechatLoginSchema> }),
  sendSmsCode: (phone: string) => call(SmsSentSchema, 'POST', '/auth/sms/send', { body: { phone } satisfies Input<typeof SmsSendSchema> }),
  verifySmsCode: (phone: string, code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/sms/verify', { body: { phone, code, privacyPolicyVersion } satisfies Input<typeof SmsVerifySchema> }),
  logout: () => call(NoContent, 'POST', '/auth/logout'),
  me: () => call(MeSchema, 'GET', '/me'),
  setPreferences: (elderMode: boolean) =>
    call(MeSchema, 'PUT', '/me/preferences', { body: { elderMode } satisfies Input<typeof PreferencesSchema> }),
  switchCommunity: (communityId: string) =>
    call(MeSchema, 'PUT', '/me/community', { body: { communityId } satisfies Input<typeof SwitchCommunitySchema> }),
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
  rate: (bookingId: string, request: Input<typeof RateRequestSchema>, idempotencyKey: string) =>
    call(RatingSchema, 'POST', `/bookings/${bookingId}/rating`, { body: request, idempotencyKey }),
  rating: (bookingId: string) => call(RatingSchema, 'GET', `/bookings/${bookingId}/rating`),
  caseFeedback: (caseId: string, satisfied: boolean, note: string) =>
    call(RatingSchema, 'POST', `/cases/${caseId}/feedback`, { body: { satisfied, note } satisfies Input<typeof CaseFeedbackSchema> }),
  caseQueue: (cursor?: string) => call(StaffCaseListSchema, 'GET', '/staff/cases', { query: { cursor } }),
  staffCase: (caseId: string) => call(StaffCaseSchema, 'GET', `/staff/cases/${caseId}`),
  caseStep: (caseId: string, kind: Input<typeof CaseStepRequestSchema>['kind'], note: string) =>
    call(StaffCaseSchema, 'POST', `/staff/cases/${caseId}/steps`, { body: { kind, note } satisfies Input<typeof CaseStepRequestSchema> }),
  fileAppeal: (ratingId: string, reason: string) =>
    call(AppealSchema, 'POST', `/ratings/${ratingId}/appeals`, { body: { reason } satisfies Input<typeof AppealRequestSchema> }),
  appeals: (status: 'pending' | 'decided', cursor?: string) => call(AppealListSchema, 'GET', '/staff/appeals', { query: { status, cursor } }),
  decideAppeal: (appealId: string, upheld: boolean, note: string) =>
    call(AppealSchema, 'POST', `/staff/appeals/${appealId}/decision`, { body: { upheld, note } satisfies Input<typeof AppealDecisionSchema> }),
  satisfaction: (communityId: string, month?: string) =>
    call(CommunitySatisfactionSchema, 'GET', `/communities/${communityId}/satisfaction`, { query: { month } }),
  dashboard: (months = 6) => call(DashboardSchema, 'GET', '/staff/dashboard', { query: { months } }),
  surveys: (communityId: string, cursor?: string) => call(SurveyListSchema, 'GET', `/communities/${communityId}/surveys`, { query: { cursor } }),
  audit: (cursor?: string) => call(AuditPageSchema, 'GET', '/staff/audit', { query: { cursor } }),
  survey: (surveyId: string) => call(SurveySchema, 'GET', `/surveys/${surveyId}`),
  answerSurvey: (surveyId: string, answers: Input<typeof SurveyAnswerSchema>['answers']) =>
    call(SurveySchema, 'POST', `/surveys/${surveyId}/responses`, { body: { answers } satisfies Input<typeof SurveyAnswerSchema> }),
  surveyResults: (surveyId: string) => call(SurveyResultsSchema, 'GET', `/surveys/${surveyId}/results`),
  createSurvey: (input: Input<typeof SurveyInputSchema>) => call(SurveySchema, 'POST', '/staff/surveys', { body: input }),
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
  messages: (cursor?: string) => call(InboxPageSchema, 'GET', '/me/messages', { query: { cursor } }),
  unreadCount: () => call(UnreadCountSchema, 'GET', '/me/messages/unread-count'),
  readMessage: (id: string) => call(InboxMessageSchema, 'POST', `/me/messages/${id}/read`),
  readAllMessages: () => call(UnreadCountSchema, 'POST', '/me/messages/read-all'),
  today: (communityId?: string) => call(TodaySchema, 'GET', '/calendar/today', { query: { communityId } satisfies Input<typeof TodayQuerySchema> }),
  calendarStatus: () => call(CalendarStatusSchema, 'GET', '/staff/calendar/status'),
  holidayYear: (year: number) => call(HolidayYearSchema, 'GET', `/staff/holidays/${year}`),
  loadHolidayNotice: (year: number, input: Input<typeof HolidayNoticeInputSchema>) =>
    call(HolidayYearSchema, 'PUT', `/staff/holidays/${year}`, { body: input }),
  acceptPrivacy: () =>
    call(MeSchema, 'POST', '/me/consents', {
      body: { kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION } satisfies Input<typeof ConsentSchema>,
    }),
  exportMyData: () => call(PersonalDataExportSchema, 'GET', '/me/export'),
  deleteAccount: () => call(AccountDeletedSchema, 'POST', '/me/delete', { body: { confirm: true } satisfies Input<typeof AccountDeletionSchema> }),
  pendingMoves: (communityId: string) => call(PendingMoveListSchema, 'GET', `/communities/${communityId}/moves`),
  decideMove: (communityId: string, userId: string, decision: Input<typeof MoveDecisionSchema>['decision']) =>
    call(PendingMoveListSchema, 'POST', `/communities/${communityId}/moves/${userId}`, { body: { decision } satisfies Input<typeof MoveDecisionSchema> }),
}
