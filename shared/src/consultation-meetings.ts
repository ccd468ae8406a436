/**
 * 议事会（会议）：时间地点、座位与预留席位、报名与候补、签到、线下计票、会议纪要 (issue 11 item 4).
 * Schemas shared by the BFF and the mini-program. Never import './errors' here: errors.ts spreads
 * the fragment below into ERRORS.
 */
export const MEETING_ERRORS = {} as const
