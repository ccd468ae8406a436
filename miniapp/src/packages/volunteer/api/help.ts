import {
  CreditsSummarySchema,
  type HelpRequestInputSchema,
  HelpRequestPageSchema,
  HelpRequestSchema,
  LedgerPageSchema,
  PoolSchema,
} from '@linli/shared'
import { z } from 'zod'
import { type Input, call } from '../../../api/client'

/** The hours feature answers check-in and check-out with her shift; this page only needs to know it went through. */
const Checked = z.looseObject({})

export type HelpView = 'mine' | 'open' | 'taken' | 'pending'

/** 邻里求助与时间银行 (issue 12 item 6): the BFF's help and credits routes. There is no route that turns credits into money. */
export const helpApi = {
  list: (view: HelpView, query: { cursor?: string; communityId?: string } = {}) => call(HelpRequestPageSchema, 'GET', '/volunteer/help-requests', { query: { view, ...query } }),
  request: (id: string) => call(HelpRequestSchema, 'GET', `/volunteer/help-requests/${id}`),
  post: (input: Input<typeof HelpRequestInputSchema>, idempotencyKey: string) => call(HelpRequestSchema, 'POST', '/volunteer/help-requests', { body: input, idempotencyKey }),
  approve: (id: string, payFromPool: boolean) => call(HelpRequestSchema, 'POST', `/staff/volunteer/help-requests/${id}/approve`, { body: { payFromPool } }),
  decline: (id: string, reason: string) => call(HelpRequestSchema, 'POST', `/staff/volunteer/help-requests/${id}/decline`, { body: { reason } }),
  take: (id: string, idempotencyKey: string) => call(HelpRequestSchema, 'POST', `/volunteer/help-requests/${id}/take`, { idempotencyKey }),
  giveBack: (id: string) => call(HelpRequestSchema, 'DELETE', `/volunteer/help-requests/${id}/take`),
  withdraw: (id: string) => call(HelpRequestSchema, 'POST', `/volunteer/help-requests/${id}/withdraw`),
  /** The hours feature's routes: the volunteer types the code the requester's page shows. */
  checkIn: (shiftId: string, code: string, idempotencyKey: string) => call(Checked, 'POST', `/volunteer/shifts/${shiftId}/check-in`, { body: { code }, idempotencyKey }),
  checkOut: (shiftId: string, code: string, idempotencyKey: string) => call(Checked, 'POST', `/volunteer/shifts/${shiftId}/check-out`, { body: { code }, idempotencyKey }),
  credits: () => call(CreditsSummarySchema, 'GET', '/volunteer/credits'),
  ledger: (cursor?: string) => call(LedgerPageSchema, 'GET', '/volunteer/credits/ledger', { query: cursor ? { cursor } : {} }),
  give: (familyMemberId: string, credits: number, idempotencyKey: string) => call(CreditsSummarySchema, 'POST', '/volunteer/credits/gifts', { body: { familyMemberId, credits }, idempotencyKey }),
  donate: (credits: number, idempotencyKey: string) => call(CreditsSummarySchema, 'POST', '/volunteer/credits/donations', { body: { credits }, idempotencyKey }),
  pool: (communityId: string) => call(PoolSchema, 'GET', '/staff/volunteer/credits/pool', { query: { communityId } }),
}
