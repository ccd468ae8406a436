/** The refusals of consultation-assist.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const ASSIST_ERRORS = {
  ASSIST_REASON_REQUIRED: { status: 400, message: '代办须填写原因，例如：老人无智能手机，本人到场口述' },
  ASSIST_NOT_ALLOWED: { status: 403, message: '只有本社区的工作人员、网格员，或已在“我的家人”中添加的家人可以代办' },
  ASSIST_RESIDENT_NOT_FOUND: { status: 404, message: '本社区没有找到这位居民，请核对姓名、出生日期和手机尾号' },
  ASSIST_SELF: { status: 409, message: '不能替自己代办，请用自己的账号直接办理' },
  ALREADY_SUPPORTED: { status: 409, message: '已经附议过了，每人只能附议一次' },
} as const
