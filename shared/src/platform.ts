import { z } from 'zod'
import { LocalMomentSchema } from './calendar'
import { ErrorBodySchema, PageQuerySchema, pageOf } from './common'

/** Notifications still to send (decision 017): how many, and how long the oldest has waited. */
export const OutboxBacklogSchema = z.object({
  pending: z.number().int().min(0),
  oldestAgeSeconds: z.number().int().min(0),
})

export const HealthSchema = z.object({
  status: z.enum(['ok', 'down']),
  database: z.enum(['ok', 'down']),
  /** Null while the database is down. */
  outbox: OutboxBacklogSchema.nullable(),
  time: z.string(),
})
export type Health = z.infer<typeof HealthSchema>

/** 503: the same report, with the error body every client already reads. */
export const HealthDownSchema = HealthSchema.extend(ErrorBodySchema.shape)

/** 审计日志 for street admins: their street's audited actions, newest first, a page at a time. */
export const AuditQuerySchema = PageQuerySchema.extend({
  /** One community of the street; omitted: all of them. */
  communityId: z.uuid().optional(),
})

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  /** On the community's clock. */
  atLocal: LocalMomentSchema,
  communityName: z.string(),
  /** Masked (张*华 · 138****1234); null for the system (e.g. an overdue case escalated by the timer). */
  actor: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  action: z.string(),
  /** 中文 for the actions a page names; otherwise the code. */
  actionLabel: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** What the action recorded, with phone and ID numbers in free text masked. */
  detail: z.record(z.string(), z.unknown()),
})
export type AuditEntry = z.infer<typeof AuditEntrySchema>
export const AuditPageSchema = pageOf(AuditEntrySchema)
export type AuditPage = z.infer<typeof AuditPageSchema>

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'booking.board_viewed': '查看预约看板',
  'booking.viewed': '查看预约详情',
  'booking.walk_in': '窗口代办预约',
  'booking.confirm': '确认预约',
  'booking.decline': '拒绝预约',
  'booking.check_in': '签到',
  'booking.serve': '标记已服务',
  'booking.no_show': '标记未到场',
  'booking.cancel': '代居民取消',
  'booking.rescheduled': '改约',
  'booking.setup_saved': '保存预约设置',
  'booking.closure_added': '暂停服务',
  'booking.closure_lifted': '取消暂停服务',
  'booking.suspension_lifted': '解除预约限制',
  'case.viewed': '查看整改工单',
  'case.verify': '回访核实',
  'case.rectify': '整改',
  'case.reply': '答复居民',
  'case.resident_feedback': '居民反馈整改结果',
  'case.escalated': '逾期上报街道',
  'appeal.filed': '提出申诉',
  'appeal.upheld': '申诉成立',
  'appeal.rejected': '申诉驳回',
  'survey.published': '发布满意度调查',
  'service.status_changed': '调整服务状态',
  'calendar.notice_loaded': '导入节假日安排',
  'community.joined': '加入社区',
  'community.move_requested': '申请迁入社区',
  'community.move_withdrawn': '撤回迁入申请',
  'community.move_confirmed': '确认迁入',
  'community.move_rejected': '拒绝迁入',
  'privacy.exported': '下载个人信息',
  'account.deleted': '注销账号',
}
