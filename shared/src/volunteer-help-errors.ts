/**
 * 时间银行: no one holds more than 1,500 credits; earnings beyond are not credited. Here with the
 * refusal that names it (TIME_BANK_OVER_CAP); volunteer-help.ts re-exports it beside its other limits.
 */
export const CREDITS_CAP = 1500

/** The refusals of volunteer-help.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_HELP_ERRORS = {
  HELP_NOT_FOUND: { status: 404, message: '没有找到该求助' },
  HELP_NOT_RESIDENT: { status: 403, message: '请先在“我的”中选择所在社区' },
  HELP_IN_PAST: { status: 400, message: '服务时间须晚于现在' },
  HELP_FAMILY_NOT_FOUND: { status: 404, message: '没有在“我的家人”中找到这位家人' },
  HELP_BENEFICIARY_NOT_RESIDENT: { status: 409, message: '这位家人还没有在本社区登记，暂不能使用她的时间币' },
  HELP_NOT_PENDING: { status: 409, message: '该求助已审核过了' },
  HELP_NOT_OPEN: { status: 409, message: '该求助还不能接单（待审核、已被接单或已结束）' },
  HELP_ALREADY_TAKEN: { status: 409, message: '该求助已被其他志愿者接单' },
  HELP_OWN_REQUEST: { status: 409, message: '不能接自己发布或为自己发布的求助' },
  HELP_OTHER_COMMUNITY: { status: 403, message: '只能接本社区的求助' },
  HELP_NOT_TAKER: { status: 403, message: '只有接单的志愿者可以退回' },
  HELP_STARTED: { status: 409, message: '服务已开始，不能再退回' },
  HELP_NOT_REQUESTER: { status: 403, message: '只有发布求助的人（或求助的老人本人）可以撤回' },
  HELP_NOT_WITHDRAWABLE: { status: 409, message: '该求助已结束、未通过或已撤回，不能再撤回' },
  HELP_WITHDRAW_STARTED: { status: 409, message: '服务时间已到，不能再撤回；如有变化请联系接单的志愿者或社区' },
  TIME_BANK_INSUFFICIENT: { status: 409, message: '时间币余额不足' },
  TIME_BANK_NOT_FAMILY: { status: 403, message: '时间币只能赠予“我的家人”中的家人' },
  TIME_BANK_RECIPIENT_UNDER_60: { status: 409, message: '时间币只能赠予 60 周岁及以上的家人' },
  TIME_BANK_RECIPIENT_NOT_RESIDENT: { status: 409, message: '这位家人还没有在本社区登记，暂不能接收时间币' },
  TIME_BANK_OVER_CAP: { status: 409, message: `对方持有的时间币将超过 ${CREDITS_CAP} 的上限` },
  TIME_BANK_SELF: { status: 409, message: '不能赠予自己' },
} as const
