/**
 * 协商结果、公示（工作日）、异议、落实进展、评议与公示打印页 (issue 11 item 6).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment below into ERRORS.
 */
export const OUTCOME_ERRORS = {} as const
