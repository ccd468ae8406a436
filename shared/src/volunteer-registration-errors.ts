/** The refusals of volunteer-registration.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_REGISTRATION_ERRORS = {
  VOLUNTEER_ID_INVALID: { status: 400, message: '身份证号码不正确，请核对' },
  VOLUNTEER_AGREEMENT_REQUIRED: { status: 400, message: '请阅读并勾选同意《志愿者注册须知》' },
  VOLUNTEER_ID_CONSENT_REQUIRED: { status: 400, message: '请阅读并勾选同意收集身份证号码的说明' },
  VOLUNTEER_ID_TAKEN: { status: 409, message: '该身份证号码已被其他账号注册为志愿者，如有疑问请联系社区' },
  VOLUNTEER_ALREADY_REGISTERED: { status: 409, message: '您已注册为志愿者' },
  VOLUNTEER_NEEDS_COMMUNITY: { status: 409, message: '请先在“我的”中选择您居住的社区，再注册志愿者' },
  VOLUNTEER_TOO_YOUNG: { status: 409, message: '未满6周岁不能注册志愿者' },
  VOLUNTEER_MINOR_NEEDS_GUARDIAN: { status: 409, message: '未满18周岁注册志愿者，须填写监护人姓名、手机号并经监护人同意' },
  VOLUNTEER_NOT_FOUND: { status: 404, message: '没有找到该志愿者' },
  VOLUNTEER_STATUS_UNCHANGED: { status: 409, message: '该志愿者已是这个状态' },
  VOLUNTEER_TEAM_NOT_FOUND: { status: 404, message: '没有找到该志愿服务队' },
  VOLUNTEER_TEAM_NAME_TAKEN: { status: 409, message: '本社区已有同名的志愿服务队' },
  VOLUNTEER_TEAM_OTHER_COMMUNITY: { status: 403, message: '只能加入本社区的志愿服务队' },
  VOLUNTEER_NOT_TEAM_MEMBER: { status: 409, message: '该志愿者不是这支服务队的队员，请先让其加入服务队' },
} as const
