/**
 * 上报街道、工作人员与街道的议题看板、审核队列与统计 (issue 11 items 8 and 9).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment below into ERRORS.
 */
export const OVERSIGHT_ERRORS = {} as const
