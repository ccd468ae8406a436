import Taro from '@tarojs/taro'
import {
  type EscalationAnswerSchema,
  type EscalationInputSchema,
  EscalationPageSchema,
  EscalationSchema,
  ModerationPageSchema,
  type ModerationQuerySchema,
  type OversightQuerySchema,
  OversightSchema,
  type StreetEscalationQuerySchema,
  TopicEscalationsSchema,
  VoteOverviewPageSchema,
  type VoteOverviewQuerySchema,
} from '@linli/shared'
import { ApiError, type Input, call, getToken } from '../../../api/client'

/** 上报街道 and the staff and street views (issue 11 items 8, 9). */
export const oversightApi = {
  topicEscalations: (topicId: string) => call(TopicEscalationsSchema, 'GET', `/consultation/topics/${topicId}/escalations`),
  escalate: (topicId: string, input: Input<typeof EscalationInputSchema>, idempotencyKey: string) =>
    call(EscalationSchema, 'POST', `/staff/consultation/topics/${topicId}/escalations`, { body: input, idempotencyKey }),
  streetEscalations: (status: 'open' | 'answered', cursor?: string) =>
    call(EscalationPageSchema, 'GET', '/street/consultation/escalations', { query: { status, cursor } satisfies Input<typeof StreetEscalationQuerySchema> }),
  answerEscalation: (id: string, input: Input<typeof EscalationAnswerSchema>, idempotencyKey: string) =>
    call(EscalationSchema, 'POST', `/street/consultation/escalations/${id}/answer`, { body: input, idempotencyKey }),
  oversight: (query: Input<typeof OversightQuerySchema>) => call(OversightSchema, 'GET', '/staff/consultation/oversight', { query }),
  moderation: (communityId: string, cursor?: string) =>
    call(ModerationPageSchema, 'GET', '/staff/consultation/moderation', { query: { communityId, cursor } satisfies Input<typeof ModerationQuerySchema> }),
  votes: (communityId: string, cursor?: string) =>
    call(VoteOverviewPageSchema, 'GET', '/staff/consultation/votes', { query: { communityId, cursor } satisfies Input<typeof VoteOverviewQuerySchema> }),
}

/**
 * 导出 CSV: the BFF answers text/csv, which `call` (JSON only) does not read. In a browser the
 * file downloads; in WeChat it is fetched into the mini-program's temp folder and handed to
 * `shareFileMessage`, to send to a chat (e.g. 文件传输助手) and open in Excel or WPS there.
 */
export async function saveCsv(report: 'stats' | 'pipeline', month: string): Promise<string> {
  const url = `${LINLI_API_BASE}/api/v1/staff/consultation/oversight/${report}.csv?month=${month}`
  const fileName = report === 'stats' ? `consultation-stats-${month}.csv` : 'consultation-pipeline.csv'
  const header: Record<string, string> = {}
  const token = getToken()
  if (token) header.authorization = `Bearer ${token}`
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header }).catch(() => null)
    if (!res?.ok) throw new ApiError('NETWORK', '导出失败，请稍后再试', res?.status ?? 0)
    const link = document.createElement('a')
    link.href = URL.createObjectURL(await res.blob())
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(link.href), 0)
    return `已下载 ${fileName}`
  }
  const file = await Taro.downloadFile({ url, header })
  if (file.statusCode !== 200) throw new ApiError('NETWORK', '导出失败，请稍后再试', file.statusCode)
  await Taro.shareFileMessage({ filePath: file.tempFilePath, fileName })
  return `已生成 ${fileName}，请发送到“文件传输助手”保存`
}
