import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type InboxMessage, messagePagePath } from '@linli/shared'
import { useEffect, useState } from 'react'
import { messagesApi } from '../../../../api/messages'
import { ActionResult } from '../../../../components/action-result'
import { momentLabel, slotLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

const OPEN_LABELS: Record<InboxMessage['target']['page'], string> = { booking: '查看预约', rating: '查看答复', topic: '查看议题', activity: '查看活动', help: '查看求助', volunteer: '我的志愿' }

function MessageCard({ message, onOpen }: { message: InboxMessage; onOpen: () => void }) {
  const unread = !message.read
  return (
    <View className={`card message ${unread ? 'message--unread' : ''}`} onClick={onOpen} hoverClass="card--pressed">
      <View className="service-card__head">
        {/* Unread is said in words and marked by a bar and bold title, not by colour alone. */}
        <Text className="message__title">{message.title}</Text>
        <Text className={`tag message__state ${unread ? 'message__state--unread' : ''}`}>{unread ? '未读' : '已读'}</Text>
      </View>
      <Text className="kv">{message.service}</Text>
      {/* A 协商 topic has no date and time of its own. */}
      {message.date && <Text className="kv message__when">{slotLabel(message.date, message.time)}</Text>}
      {message.previous && <Text className="muted kv">原定 {slotLabel(message.previous.date, message.previous.time)}</Text>}
      {message.note && <Text className="kv message__note">{message.note}</Text>}
      <View className="row">
        <Text className="muted">{momentLabel(message.createdAtLocal)}</Text>
        <Button className="btn message__open">{OPEN_LABELS[message.target.page]}</Button>
      </View>
    </View>
  )
}

/** 我的消息: what changed about her bookings and ratings; opening one reads it and shows what it is about. */
export default function MessagesPage() {
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`messages:${version}`, () => Promise.all([messagesApi.messages(), messagesApi.unreadCount()]))
  const pages = useMorePages(list.data?.[0], (cursor) => messagesApi.messages(cursor))
  // Read on this visit, until the next load says so itself: every message, or these ones.
  const [readNow, setReadNow] = useState<'all' | Set<string>>(new Set<string>())
  const [unread, setUnread] = useState(0)
  const readAllAction = useAction()
  useEffect(() => {
    setReadNow(new Set<string>())
    setUnread(list.data?.[1].unread ?? 0)
  }, [list.data])
  const items = pages.items.map((m) => (readNow === 'all' || readNow.has(m.id) ? { ...m, read: true } : m))

  const open = async (message: InboxMessage) => {
    // Reading is recorded first so the badge is right on the way back; a failure here must not
    // keep her from what the message is about (it stays unread and is marked next time).
    if (!message.read) {
      await messagesApi.readMessage(message.id).then(
        () => {
          setReadNow((read) => (read === 'all' ? read : new Set(read).add(message.id)))
          setUnread((n) => Math.max(0, n - 1))
        },
        () => undefined,
      )
    }
    void Taro.navigateTo({ url: `/${messagePagePath(message.target)}` })
  }

  const readAll = () =>
    readAllAction.run(async () => {
      await messagesApi.readAllMessages()
      setReadNow('all')
      setUnread(0)
      return '已全部标为已读'
    })

  return (
    <Page>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <Empty text="还没有消息。预约被确认、改期或取消，或社区答复您的评价时，会在这里告诉您。" />
      ) : (
        <View className="messages">
          <View className="row">
            <Text className="kv messages__summary">{unread > 0 ? `${unread} 条未读` : '消息都已读过'}</Text>
            {unread > 0 && (
              <Button className="btn read-all" disabled={readAllAction.busy} onClick={readAll}>
                全部标为已读
              </Button>
            )}
          </View>
          <ActionResult action={readAllAction} />
          {items.map((m) => (
            <MessageCard key={m.id} message={m} onOpen={() => void open(m)} />
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </Page>
  )
}
