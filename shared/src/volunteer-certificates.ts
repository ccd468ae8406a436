/**
 * 志愿服务 — certificates (issue 12). Schemas shared by the BFF and the mini-program, and this feature's
 * error fragment (errors.ts spreads it into ERRORS). Never import './errors' here.
 */
export const VOLUNTEER_CERTIFICATES_ERRORS = {} as const
