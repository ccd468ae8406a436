/**
 * 志愿服务 — registration (issue 12). Schemas shared by the BFF and the mini-program, and this feature's
 * error fragment (errors.ts spreads it into ERRORS). Never import './errors' here.
 */
export const VOLUNTEER_REGISTRATION_ERRORS = {} as const
