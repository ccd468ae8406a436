import { z } from 'zod'

/**
 * The 代办 mark an opinion carries (issue 11 item 5). Its own file with no imports but zod, so
 * consultation-opinions.ts can use it without a cycle through consultation-assist.ts.
 */

/** What the helper acted as. */
export const AssistHelperRoleSchema = z.enum(['staff', 'street_admin', 'grid_worker', 'family'])
export type AssistHelperRole = z.infer<typeof AssistHelperRoleSchema>
export const ASSIST_HELPER_ROLE_LABELS: Record<AssistHelperRole, string> = {
  staff: '社区工作者',
  street_admin: '街道管理员',
  grid_worker: '网格员',
  family: '家人',
}

/** On an opinion: given by 代办, and by whom (masked); null when she posted it herself. */
export const AssistMarkSchema = z.object({ helperRole: AssistHelperRoleSchema, helperName: z.string() }).nullable()
export type AssistMark = z.infer<typeof AssistMarkSchema>

/** 「代办：网格员 张*」, the words the topic page shows beside such an opinion. */
export function assistMarkText(mark: NonNullable<AssistMark>): string {
  return `代办：${ASSIST_HELPER_ROLE_LABELS[mark.helperRole]} ${mark.helperName}`
}
