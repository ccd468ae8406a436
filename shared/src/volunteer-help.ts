/**
 * 志愿服务 — help (issue 12). Schemas shared by the BFF and the mini-program, and this feature's
 * error fragment (errors.ts spreads it into ERRORS). Never import './errors' here.
 */
export const VOLUNTEER_HELP_ERRORS = {} as const
