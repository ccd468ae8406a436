/** The refusals of service-changes.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const SERVICE_CHANGE_ERRORS = {
  SERVICE_CHANGE_NOT_FOUND: { status: 404, message: '没有找到该服务调整' },
  SERVICE_CHANGE_APPLIED: { status: 409, message: '该服务调整已经实施过了' },
  TOPIC_NOT_ADOPTED: { status: 409, message: '议题形成协商结果后，才能据此调整服务' },
  EVIDENCE_NOT_OVERDUE: { status: 409, message: '该整改工单没有超期，不能转为协商议题' },
  EVIDENCE_SHARE_TOO_LOW: { status: 409, message: '该服务当月差评率未超过 20%，不能转为协商议题' },
  EVIDENCE_ALREADY_RAISED: { status: 409, message: '已经据此转过协商议题了' },
  TOPIC_NOT_DRAFT: { status: 409, message: '议题已发布，不能再修改草稿' },
} as const
