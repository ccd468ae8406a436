import { InboxMessageSchema, InboxPageSchema, InboxQuerySchema, UnreadCountSchema } from '@linli/shared'
import { z } from 'zod'
import type { Deps } from '../deps'
import { defineRoute, json, newRouter, requireAuth } from '../http/route'
import * as inbox from './inbox'

const MessageParams = z.object({ messageId: z.uuid() })

/** 我的消息: every signed-in person reads and marks only her own messages. */
export function inboxRoutes(deps: Deps) {
  return newRouter()
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/messages',
        tags: ['notify'],
        summary: '我的消息（最新在前）',
        request: { query: InboxQuerySchema },
        responses: { 200: { description: 'messages', ...json(InboxPageSchema) } },
      }),
      async (c) => c.json(await inbox.listMessages(deps, requireAuth(c.get('auth')), c.req.valid('query')), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'get',
        path: '/me/messages/unread-count',
        tags: ['notify'],
        summary: '未读消息数（「我的」角标）',
        responses: { 200: { description: 'unread', ...json(UnreadCountSchema) } },
      }),
      async (c) => c.json(await inbox.unreadCount(deps, requireAuth(c.get('auth'))), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/me/messages/{messageId}/read',
        tags: ['notify'],
        summary: '标记一条消息已读',
        request: { params: MessageParams },
        responses: { 200: { description: 'message', ...json(InboxMessageSchema) }, 404: { description: 'MESSAGE_NOT_FOUND' } },
      }),
      async (c) => c.json(await inbox.readMessage(deps, requireAuth(c.get('auth')), c.req.valid('param').messageId), 200),
    )
    .openapi(
      defineRoute(['resident'], {
        method: 'post',
        path: '/me/messages/read-all',
        tags: ['notify'],
        summary: '全部标记已读',
        responses: { 200: { description: 'unread', ...json(UnreadCountSchema) } },
      }),
      async (c) => c.json(await inbox.readAllMessages(deps, requireAuth(c.get('auth'))), 200),
    )
}
