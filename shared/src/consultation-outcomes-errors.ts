/** The refusals of consultation-outcomes.ts, spread by errors.ts into ERRORS (why a file of their own: errors.ts). */
export const OUTCOME_ERRORS = {
  OUTCOME_NOT_FOUND: { status: 404, message: '该议题还没有公布协商结果' },
  OUTCOME_EXISTS: { status: 409, message: '该议题已经公布过协商结果' },
  OUTCOME_NOT_PUBLISHABLE: { status: 409, message: '议题须在协商中或已形成结果时才能公布协商结果' },
  PUBLICITY_CLOSED: { status: 409, message: '不在公示期内，不能提出异议' },
  ALREADY_OBJECTED: { status: 409, message: '您已对这项协商结果提出过异议，请等待答复' },
  OBJECTION_NOT_FOUND: { status: 404, message: '没有找到这条异议' },
  OBJECTION_ANSWERED: { status: 409, message: '这条异议已经答复过了' },
  PUBLICITY_NOT_ENDED: { status: 409, message: '公示期还没有结束，结束后才能开始落实' },
  OBJECTIONS_UNANSWERED: { status: 409, message: '还有异议没有答复，全部答复后才能开始落实' },
  OUTCOME_NOT_ADOPTED: { status: 409, message: '该协商结果未采纳，无需落实' },
  NOT_IMPLEMENTING: { status: 409, message: '议题不在落实中' },
  IMPLEMENTATION_INCOMPLETE: { status: 409, message: '进度达到 100% 且里程碑全部完成后才能确认已落实' },
  NOT_IMPLEMENTED: { status: 409, message: '议题落实后才能评议' },
  NOT_A_PARTICIPANT: { status: 403, message: '只有参与过该议题的本社区居民可以评议' },
  ALREADY_EVALUATED: { status: 409, message: '您已经评议过了，每人一次' },
} as const
