import type { NotificationKind } from '@linli/shared'
import type { Db } from '../db/database'
import { MESSAGE_KINDS } from './kinds'

export type { NotificationKind }

/**
 * What every message carries: the booking it is about (its service, date, time and place) and,
 * by kind, the reason (declined, cancelled), the old slot (rescheduled: `fromDate`, `fromTime`)
 * or the case and the start of its reply (case_replied: `caseId`, `reply`).
 */
export interface NotificationPayload {
  bookingId: string
  service: string
  date: string
  time: string
  place: string
  reason?: string
  fromDate?: string
  fromTime?: string
  caseId?: string
  reply?: string
}

/**
 * Writes a message to the outbox, and to the resident's 我的消息 when it reports a change she did
 * not make herself. Call it inside the transaction of the change it reports, so a rolled-back
 * booking never sends "预约成功" and a committed one always does (the worker delivers).
 */
export async function enqueueNotification(
  db: Db,
  message: { communityId: string; userId: string; kind: NotificationKind; payload: NotificationPayload },
): Promise<void> {
  const row = { community_id: message.communityId, user_id: message.userId, kind: message.kind, payload: JSON.stringify(message.payload) }
  await db.insertInto('notification_outbox').values({ ...row, sent_at: null, last_error: null }).execute()
  if (MESSAGE_KINDS[message.kind].inApp) await db.insertInto('inbox_message').values({ ...row, read_at: null }).execute()
}
