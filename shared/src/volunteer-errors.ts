/** Errors every volunteer feature may answer (volunteer.ts), spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_ERRORS = {
  VOLUNTEER_NOT_REGISTERED: { status: 403, message: '请先注册成为志愿者' },
  VOLUNTEER_SUSPENDED: { status: 403, message: '志愿者身份已暂停，暂不能参加志愿服务' },
  VOLUNTEER_ACTIVITY_NOT_FOUND: { status: 404, message: '没有找到该志愿活动' },
  VOLUNTEER_SHIFT_NOT_FOUND: { status: 404, message: '没有找到该班次' },
  VOLUNTEER_NOT_ORGANISER: { status: 403, message: '只有本社区工作人员或该志愿服务队队长可以操作' },
} as const
