/** The refusals of volunteer-certificates.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const VOLUNTEER_CERTIFICATES_ERRORS = {
  VOLUNTEER_CERTIFICATE_NO_HOURS: { status: 409, message: '该时间范围内还没有已确认的志愿服务时长，暂不能出具证明' },
  VOLUNTEER_CERTIFICATE_NOT_FOUND: { status: 404, message: '没有找到该志愿服务证明，请核对核验码' },
  VOLUNTEER_CERTIFICATE_VOIDED: { status: 409, message: '该证明已作废' },
} as const
