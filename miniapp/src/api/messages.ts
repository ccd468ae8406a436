import { InboxMessageSchema, InboxPageSchema, UnreadCountSchema } from '@linli/shared'
import { call } from './client'

/** 我的消息 and the unread count on the 我的 tab. */
export const messagesApi = {
  messages: (cursor?: string) => call(InboxPageSchema, 'GET', '/me/messages', { query: { cursor } }),
  unreadCount: () => call(UnreadCountSchema, 'GET', '/me/messages/unread-count'),
  readMessage: (id: string) => call(InboxMessageSchema, 'POST', `/me/messages/${id}/read`),
  readAllMessages: () => call(UnreadCountSchema, 'POST', '/me/messages/read-all'),
}
