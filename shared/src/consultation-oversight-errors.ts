/** The refusals of consultation-oversight.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const OVERSIGHT_ERRORS = {
  ESCALATION_NOT_FOUND: { status: 404, message: '没有找到该上报事项' },
  ESCALATION_STATE: { status: 409, message: '议题须在已立项至落实中之间才能上报街道' },
  ESCALATION_OPEN: { status: 409, message: '该议题已上报街道，尚待答复，不能重复上报' },
  ESCALATION_ANSWERED: { status: 409, message: '该上报事项已答复' },
  ESCALATION_DUE_PAST: { status: 400, message: '答复期限不能早于今天' },
  ESCALATION_OTHER_STREET: { status: 403, message: '只有该社区所属街道的管理员可以答复' },
} as const
