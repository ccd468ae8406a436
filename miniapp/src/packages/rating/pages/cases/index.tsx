import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { CASE_STATUS_LABELS, RATING_LEVEL_LABELS } from '@linli/shared'
import { useState } from 'react'
import { ratingApi } from '../../../../api/rating'
import { deadlineLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

export default function CasesPage() {
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const queue = useRequest(`cases:${version}`, () => ratingApi.caseQueue())
  // 加载更多 is a button at the end, as on 我的预约: one a finger, a screen reader and 长辈模式 all find.
  const pages = useMorePages(queue.data, (cursor) => ratingApi.caseQueue(cursor))

  return (
    <Page>
      {queue.loading && !queue.data ? (
        <Loading />
      ) : queue.error ? (
        <ErrorState error={queue.error} onRetry={queue.reload} />
      ) : queue.data && queue.data.items.length > 0 ? (
        <View className="case-list">
          <Text className="muted kv case-total">共 {queue.data.total} 件待办，按答复期限排序（逾期在前）</Text>
          {pages.items.map((c) => (
            <View key={c.id} className="card case-card" onClick={() => Taro.navigateTo({ url: `/packages/rating/pages/case/index?id=${c.id}` })} hoverClass="card--pressed">
              <View className="service-card__head">
                <Text className="service-card__name">{c.serviceName}</Text>
                <Text className={`tag ${c.overdue ? 'status--declined' : ''}`}>{c.overdue ? '⚠ 已逾期' : CASE_STATUS_LABELS[c.status]}</Text>
              </View>
              <Text className="kv">
                {RATING_LEVEL_LABELS[c.level]}
                {c.tags.length > 0 && `｜${c.tags.join('、')}`}
              </Text>
              {c.comment && <Text className="muted kv">“{c.comment}”</Text>}
              <Text className="muted kv">
                {c.communityName} · {c.raterName} · <Text className="keep-together">{deadlineLabel(c.deadlineLocal)}答复</Text>
                {c.escalated ? ' · 已上报街道' : ''}
              </Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text="没有待办的整改工单" />
      )}
    </Page>
  )
}
