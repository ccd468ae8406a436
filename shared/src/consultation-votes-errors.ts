/**
 * Refusals of the vote module (consultation-votes.ts) beyond the ones in errors.ts (owner registry,
 * household ballots, minority summary), spread by errors.ts into ERRORS (why a file of their own: errors.ts).
 */
export const VOTE_ERRORS = {
  REGISTRY_LINES_INVALID: { status: 400, message: '业主名册有错误的行，未导入任何内容，请按提示修改后再导入' },
  REGISTRY_VOTE_RUNNING: { status: 409, message: '有按户或按业主进行的表决尚未结束，结束后才能重新导入名册' },
  HOUSEHOLD_NOT_FOUND: { status: 404, message: '名册中没有这个户号，或业主姓名与名册不符，请核对房产证' },
  HOUSEHOLD_ALREADY_LINKED: { status: 409, message: '您已登记了房屋，如需更改请联系社区工作人员' },
  HOUSEHOLD_NOT_LINKED: { status: 404, message: '这位居民没有在本社区登记房屋' },
  VOTER_NOT_IN_REGISTRY: { status: 403, message: '按户或按业主表决须先登记您的房屋（户号）' },
  VOTER_NOT_OWNER: { status: 403, message: '业主共同决定只能由名册上的业主本人投票' },
  HOUSEHOLD_ALREADY_VOTED: { status: 409, message: '您家已经投过票了，每户只能投一票' },
  VOTER_UNDER_AGE: { status: 403, message: '居民会议表决须年满十八周岁' },
  MINORITY_VIEWS_UNANSWERED: { status: 409, message: '议题有反对意见，须先填写少数意见摘要并作出答复，才能发起表决' },
  MINORITY_NOT_DELIBERATING: { status: 409, message: '议题须在协商中才能填写少数意见答复' },
} as const
