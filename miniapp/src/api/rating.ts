import {
  type AppealDecisionSchema,
  AppealListSchema,
  type AppealRequestSchema,
  AppealSchema,
  type CaseFeedbackSchema,
  type CaseStepRequestSchema,
  CommunitySatisfactionSchema,
  DashboardSchema,
  type RateRequestSchema,
  RatingSchema,
  StaffCaseListSchema,
  StaffCaseSchema,
  type SurveyAnswerSchema,
  type SurveyInputSchema,
  SurveyListSchema,
  SurveyResultsSchema,
  SurveySchema,
} from '@linli/shared'
import { type Input, call } from './client'

/** 好差评: ratings, rectification cases, appeals, satisfaction and surveys. */
export const ratingApi = {
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
  survey: (surveyId: string) => call(SurveySchema, 'GET', `/surveys/${surveyId}`),
  answerSurvey: (surveyId: string, answers: Input<typeof SurveyAnswerSchema>['answers']) =>
    call(SurveySchema, 'POST', `/surveys/${surveyId}/responses`, { body: { answers } satisfies Input<typeof SurveyAnswerSchema> }),
  surveyResults: (surveyId: string) => call(SurveyResultsSchema, 'GET', `/surveys/${surveyId}/results`),
  createSurvey: (input: Input<typeof SurveyInputSchema>) => call(SurveySchema, 'POST', '/staff/surveys', { body: input }),
}
