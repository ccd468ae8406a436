/** The refusals of volunteer-staffing.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_STAFFING_ERRORS = {
  SLOT_HELPERS_EXIST: { status: 409, message: '该服务时段已在招募志愿者' },
  SLOT_HELPERS_SLOT_CLOSED: { status: 409, message: '该服务时段已暂停或已结束，不能招募志愿者' },
  SLOT_HELPERS_NOT_FOUND: { status: 404, message: '没有找到该服务时段的志愿者招募' },
  SLOT_HELPERS_ALREADY_ENDED: { status: 409, message: '该招募已取消或已结束' },
  SLOT_HELPERS_PLACE_REQUIRED: { status: 400, message: '该服务没有登记服务场所，请填写服务地点' },
  SLOT_HELPERS_FORBIDDEN: { status: 403, message: '只有该服务所在社区的工作人员可以招募或取消' },
} as const
