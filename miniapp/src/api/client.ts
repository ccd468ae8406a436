import Taro from '@tarojs/taro'
import {
  AppealListSchema,
  AppealSchema,
  CommunitySatisfactionSchema,
  DashboardSchema,
  type RateRequest,
  RatingSchema,
  StaffCaseListSchema,
  StaffCaseSchema,
  type SurveyInputSchema,
  SurveyListSchema,
  SurveyResultsSchema,
  SurveySchema,
  type BookRequest,
  BookingListSchema,
  BookingPageSchema,
  BookingSchema,
  type BookingSetup,
  BookingSetupSchema,
  CalendarStatusSchema,
  CategoryListSchema,
  type HolidayNoticeInput,
  HolidayYearSchema,
  type ClosureInput,
  ClosureListSchema,
  ClosurePreviewSchema,
  ClosureResultSchema,
  CommunityDetailSchema,
  CommunityListSchema,
  DemoPersonaListSchema,
  type DemoPersonaId,
  ErrorBodySchema,
  FamilyListSchema,
  FamilyMemberSchema,
  InboxMessageSchema,
  InboxPageSchema,
  UnreadCountSchema,
  type FamilyMemberInputSchema,
  MeSchema,
  PRIVACY_POLICY_VERSION,
  ServiceDetailSchema,
  type ServiceListQuery,
  ServicePageSchema,
  SessionSchema,
  type ServiceStatusChange,
  SlotListSchema,
  SmsSentSchema,
  SuspensionListSchema,
  WalkInResultSchema,
  type WalkInSchema,
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
async function call<S extends z.ZodType>(
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
  if (res.statusCode === 401 && token) {
    setToken(null)
    for (const listener of sessionEndedListeners) listener()
  }
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

export const api = {
  categories: () => call(CategoryListSchema, 'GET', '/categories'),
  communities: (q?: string) => call(CommunityListSchema, 'GET', '/communities', { query: { q } }),
  community: (id: string) => call(CommunityDetailSchema, 'GET', `/communities/${id}`),
  services: (communityId: string, query: ServiceListQuery) =>
    call(ServicePageSchema, 'GET', `/communities/${communityId}/services`, { query }),
  service: (id: string) => call(ServiceDetailSchema, 'GET', `/services/${id}`),
  changeServiceStatus: (id: string, change: ServiceStatusChange) =>
    call(ServiceDetailSchema, 'PUT', `/services/${id}/status`, { body: change }),
  demoPersonas: () => call(DemoPersonaListSchema, 'GET', '/auth/demo-personas'),
  /** Logins carry the 《隐私政策》 version the person agreed to on the login page; the BFF refuses one without it. */
  demoLogin: (persona: DemoPersonaId, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/demo', { body: { persona, privacyPolicyVersion } }),
  wechatLogin: (code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/wechat', { body: { code, privacyPolicyVersion } }),
  sendSmsCode: (phone: string) => call(SmsSentSchema, 'POST', '/auth/sms/send', { body: { phone } }),
  verifySmsCode: (phone: string, code: string, privacyPolicyVersion: string) =>
    call(SessionSchema, 'POST', '/auth/sms/verify', { body: { phone, code, privacyPolicyVersion } }),
  logout: () => call(NoContent, 'POST', '/auth/logout'),
  me: () => call(MeSchema, 'GET', '/me'),
  setPreferences: (elderMode: boolean) => call(MeSchema, 'PUT', '/me/preferences', { body: { elderMode } }),
  switchCommunity: (communityId: string) => call(MeSchema, 'PUT', '/me/community', { body: { communityId } }),
  bookingSetup: (serviceId: string) => call(BookingSetupSchema, 'GET', `/services/${serviceId}/booking-setup`),
  slots: (serviceId: string, from?: string, days = 7) => call(SlotListSchema, 'GET', `/services/${serviceId}/slots`, { query: { from, days } }),
  book: (request: BookRequest, idempotencyKey: string) => call(BookingSchema, 'POST', '/bookings', { body: request, idempotencyKey }),
  myBookings: (scope: 'upcoming' | 'past', cursor?: string) => call(BookingPageSchema, 'GET', '/me/bookings', { query: { scope, cursor } }),
  booking: (id: string) => call(BookingSchema, 'GET', `/bookings/${id}`),
  cancelBooking: (id: string, reason: string) => call(BookingSchema, 'POST', `/bookings/${id}/cancel`, { body: { reason } }),
  reschedule: (id: string, slotId: string, idempotencyKey: string) =>
    call(BookingSchema, 'POST', `/bookings/${id}/reschedule`, { body: { slotId }, idempotencyKey }),
  family: () => call(FamilyListSchema, 'GET', '/me/family'),
  addFamilyMember: (input: z.input<typeof FamilyMemberInputSchema>) => call(FamilyMemberSchema, 'POST', '/me/family', { body: input }),
  removeFamilyMember: (id: string) => call(NoContent, 'DELETE', `/me/family/${id}`),
  suspensions: () => call(SuspensionListSchema, 'GET', '/me/suspensions'),
  board: (query: { communityId: string; date: string; status?: string }) => call(BookingListSchema, 'GET', '/staff/bookings', { query }),
  staffAction: (id: string, action: 'confirm' | 'decline' | 'check-in' | 'serve' | 'no-show' | 'staff-cancel', reason?: string) =>
    call(BookingSchema, 'POST', `/bookings/${id}/${action}`, reason ? { body: { reason } } : {}),
  saveSetup: (serviceId: string, setup: BookingSetup) => call(BookingSetupSchema, 'PUT', `/services/${serviceId}/booking-setup`, { body: setup }),
  addClosure: (input: ClosureInput) => call(ClosureResultSchema, 'POST', '/staff/closures', { body: input }),
  previewClosure: (query: { communityId: string; serviceId?: string; startsOn: string; endsOn: string }) =>
    call(ClosurePreviewSchema, 'GET', '/staff/closures/preview', { query }),
  closures: (communityId: string, serviceId?: string) => call(ClosureListSchema, 'GET', '/staff/closures', { query: { communityId, serviceId } }),
  liftClosure: (id: string) => call(NoContent, 'POST', `/staff/closures/${id}/lift`),
  walkIn: (input: z.input<typeof WalkInSchema>, idempotencyKey: string) =>
    call(WalkInResultSchema, 'POST', '/staff/walk-in', { body: input, idempotencyKey }),
  communitySuspensions: (communityId: string) => call(SuspensionListSchema, 'GET', '/staff/suspensions', { query: { communityId } }),
  liftSuspension: (id: string, reason: string) => call(NoContent, 'POST', `/staff/suspensions/${id}/lift`, { body: { reason } }),
  checkInByCode: (communityId: string, code: string) => call(BookingSchema, 'POST', '/staff/check-in', { body: { communityId, code } }),
  rate: (bookingId: string, request: RateRequest, idempotencyKey: string) =>
    call(RatingSchema, 'POST', `/bookings/${bookingId}/rating`, { body: request, idempotencyKey }),
  rating: (bookingId: string) => call(RatingSchema, 'GET', `/bookings/${bookingId}/rating`),
  caseFeedback: (caseId: string, satisfied: boolean, note: string) =>
    call(RatingSchema, 'POST', `/cases/${caseId}/feedback`, { body: { satisfied, note } }),
  caseQueue: () => call(StaffCaseListSchema, 'GET', '/staff/cases'),
  staffCase: (caseId: string) => call(StaffCaseSchema, 'GET', `/staff/cases/${caseId}`),
  caseStep: (caseId: string, kind: 'verify' | 'rectify' | 'reply', note: string) =>
    call(StaffCaseSchema, 'POST', `/staff/cases/${caseId}/steps`, { body: { kind, note } }),
  fileAppeal: (ratingId: string, reason: string) => call(AppealSchema, 'POST', `/ratings/${ratingId}/appeals`, { body: { reason } }),
  appeals: (status: 'pending' | 'decided') => call(AppealListSchema, 'GET', '/staff/appeals', { query: { status } }),
  decideAppeal: (appealId: string, upheld: boolean, note: string) =>
    call(AppealSchema, 'POST', `/staff/appeals/${appealId}/decision`, { body: { upheld, note } }),
  satisfaction: (communityId: string, month?: string) =>
    call(CommunitySatisfactionSchema, 'GET', `/communities/${communityId}/satisfaction`, { query: { month } }),
  dashboard: (months = 6) => call(DashboardSchema, 'GET', '/staff/dashboard', { query: { months } }),
  surveys: (communityId: string) => call(SurveyListSchema, 'GET', `/communities/${communityId}/surveys`),
  survey: (surveyId: string) => call(SurveySchema, 'GET', `/surveys/${surveyId}`),
  answerSurvey: (surveyId: string, answers: Record<string, number | string>) =>
    call(SurveySchema, 'POST', `/surveys/${surveyId}/responses`, { body: { answers } }),
  surveyResults: (surveyId: string) => call(SurveyResultsSchema, 'GET', `/surveys/${surveyId}/results`),
  createSurvey: (input: z.input<typeof SurveyInputSchema>) => call(SurveySchema, 'POST', '/staff/surveys', { body: input }),
  messages: (cursor?: string) => call(InboxPageSchema, 'GET', '/me/messages', { query: { cursor } }),
  unreadCount: () => call(UnreadCountSchema, 'GET', '/me/messages/unread-count'),
  readMessage: (id: string) => call(InboxMessageSchema, 'POST', `/me/messages/${id}/read`),
  readAllMessages: () => call(UnreadCountSchema, 'POST', '/me/messages/read-all'),
  calendarStatus: () => call(CalendarStatusSchema, 'GET', '/staff/calendar/status'),
  holidayYear: (year: number) => call(HolidayYearSchema, 'GET', `/staff/holidays/${year}`),
  loadHolidayNotice: (year: number, input: HolidayNoticeInput) => call(HolidayYearSchema, 'PUT', `/staff/holidays/${year}`, { body: input }),
  acceptPrivacy: () =>
    call(MeSchema, 'POST', '/me/consents', { body: { kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION } }),
}
