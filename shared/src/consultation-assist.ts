/**
 * 代办：工作人员、网格员或家人替在场居民附议、发表意见、投票，须填原因、全程留痕 (issue 11 item 5).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment below into ERRORS.
 */
export const ASSIST_ERRORS = {} as const
