import type { Db } from '../db/database'

export type NotificationKind =
  | 'booked'
  | 'waitlisted'
  | 'confirmed'
  | 'declined'
  | 'reminder'
  | 'cancelled_by_staff'
  | 'promoted'

export const NOTIFICATION_TITLES: Record<NotificationKind, string> = {
  booked: '预约成功',
  waitlisted: '已加入候补',
  confirmed: '预约已确认',
  declined: '预约未通过',
  reminder: '预约提醒',
  cancelled_by_staff: '预约已被社区取消',
  promoted: '候补成功，已为您预约',
}

/** What every message carries: service, date, time and place (and a reason where there is one). */
export interface NotificationPayload {
  [key: string]: string
  service: string
  date: string
  time: string
  place: string
}

/**
 * Writes a message to the outbox. Call it inside the transaction of the change it reports, so a
 * rolled-back booking never sends "预约成功" and a committed one always does (the worker delivers).
 */
export async function enqueueNotification(
  db: Db,
  message: { communityId: string; userId: string; kind: NotificationKind; payload: NotificationPayload },
): Promise<void> {
  await db
    .insertInto('notification_outbox')
    .values({
      community_id: message.communityId,
      user_id: message.userId,
      kind: message.kind,
      payload: JSON.stringify(message.payload),
      sent_at: null,
      last_error: null,
    })
    .execute()
}
