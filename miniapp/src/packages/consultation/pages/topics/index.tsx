import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { TOPIC_STATE_LABELS, type TopicState, TopicStateSchema } from '@linli/shared'
import { useState } from 'react'
import { topicsApi } from '../../api/topics'
import { type Choice, Chips } from '../../../../components/chips'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { SupportBar } from '../../support-bar'

type Tab = TopicState | 'all'
const TABS: Choice<Tab>[] = [{ value: 'all', label: '全部' }, ...TopicStateSchema.options.map((s) => ({ value: s, label: TOPIC_STATE_LABELS[s] }))]

/** 社区协商: the community's topics by state, newest first, and 提出议题 for its residents and staff. */
export default function TopicsPage() {
  const { me, communityId } = useAppState()
  const [tab, setTab] = useState<Tab>('all')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const state = tab === 'all' ? undefined : tab
  const list = useRequest(communityId && `${communityId}:${tab}:${version}`, () => topicsApi.topics(communityId ?? '', state))
  const pages = useMorePages(list.data, (cursor) => topicsApi.topics(communityId ?? '', state, cursor))
  const staff = me?.roles.some((r) => r.role === 'staff' && r.communityId === communityId) ?? false
  const mayPropose = me !== null && (me.community?.id === communityId || staff)
  // 草稿 are the staff's own until published: to anyone else the tab would only ever be empty.
  const tabs = staff ? TABS : TABS.filter((c) => c.value !== 'draft')

  const propose = () => void Taro.navigateTo({ url: me ? '/packages/consultation/pages/propose/index' : '/packages/account/pages/login/index' })

  return (
    <Page>
      <Text className="muted kv">居民提出议题，本社区居民附议；附议人数达到门槛后，社区决定是否立项协商。</Text>
      {(mayPropose || !me) && (
        <Button className="btn btn--main propose-topic" onClick={propose}>
          提出议题
        </Button>
      )}
      <Chips<Tab> className="topic-tabs" choices={tabs} value={tab} onChange={setTab} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View className="topic-list">
          {pages.items.map((t) => (
            <View key={t.id} className="card topic-card" onClick={() => Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${t.id}` })} hoverClass="card--pressed">
              <View className="service-card__head">
                <Text className="service-card__name">{t.title}</Text>
                <Text className="tag topic-state">{TOPIC_STATE_LABELS[t.state]}</Text>
              </View>
              <Text className="muted kv">
                {t.category.name} · 提议人 {t.proposerName}
              </Text>
              {t.state === 'collecting' && <SupportBar count={t.supportCount} threshold={t.threshold} />}
              <Text className="kv">查看详情 ›</Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={!communityId ? '请先选择社区' : tab === 'all' ? '社区还没有协商议题' : `没有${TABS.find((c) => c.value === tab)?.label ?? ''}的议题`} />
      )}
    </Page>
  )
}
