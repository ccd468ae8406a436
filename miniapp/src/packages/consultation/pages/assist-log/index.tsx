import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ASSIST_HELPER_ROLE_LABELS, ASSIST_KIND_LABELS, type AssistLogEntry, LOCAL_DATE_MIN } from '@linli/shared'
import { useState } from 'react'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, LoadMore, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { assistApi } from '../../api/assist'

function Entry({ entry }: { entry: AssistLogEntry }) {
  return (
    <View className="card assist-log-entry">
      <Text className="title">
        {entry.createdAtLocal.time} · {ASSIST_KIND_LABELS[entry.kind]}
      </Text>
      <Text className="kv">议题：{entry.topicTitle}</Text>
      <Text className="kv">居民：{entry.residentName}</Text>
      <Text className="kv assist-log-helper">
        代办人：{ASSIST_HELPER_ROLE_LABELS[entry.helperRole]} {entry.helperName}
      </Text>
      <Text className="kv assist-log-reason">原因：{entry.reason}</Text>
    </View>
  )
}

/**
 * 代办记录 (issue 11 item 5): every act done for a resident in one community on one day, for the
 * 居务监督委员会 (the street admin and the community's staff), newest first. A ballot shows only
 * that she voted with help, never what.
 */
export default function AssistLogPage() {
  const { params } = useRouter()
  const { me } = useAppState()
  // The community asked for, else the one she is staff of.
  const communityId = params.communityId ?? me?.roles.find((r) => r.role === 'staff')?.communityId ?? null
  const today = useToday(communityId ?? undefined)
  const [chosen, setChosen] = useState<string | null>(null)
  const date = chosen ?? today.data?.date ?? null
  const first = useRequest(communityId && date ? `assist-log:${communityId}:${date}` : null, () => assistApi.log({ communityId: communityId ?? '', date: date ?? '' }))
  const pages = useMorePages(first.data, (cursor) => assistApi.log({ communityId: communityId ?? '', date: date ?? '', cursor }))

  if (!communityId) return <Page><Empty text="请从社区的议题或工作台进入代办记录。" /></Page>
  return (
    <Page>
      <Text className="headline">代办记录</Text>
      <Text className="muted kv">工作人员、网格员和家人替居民附议、发表意见、投票的每一次记录，供居务监督委员会每日查看。投票只记参加，不记投了什么。</Text>
      <View className="field">
        <Text className="field__label">日期</Text>
        <Picker mode="date" value={date ?? ''} start={LOCAL_DATE_MIN} end={today.data?.date} onChange={(e) => setChosen(String(e.detail.value))}>
          <View className="input assist-log-date">
            <Text>{date ? dayLabel(date) : '正在加载…'}</Text>
          </View>
        </Picker>
      </View>
      {!first.data ? (
        <Waiting request={first} />
      ) : pages.items.length === 0 ? (
        <Empty text="这一天没有代办记录。" />
      ) : (
        <View className="assist-log-list">
          <Text className="kv assist-log-day">{date ? dayLabel(date) : ''}</Text>
          {pages.items.map((e) => (
            <Entry key={e.id} entry={e} />
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </Page>
  )
}
