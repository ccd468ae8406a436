import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { ratingApi } from '../../../../api/rating'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

export default function SurveysPage() {
  const { me, communityId } = useAppState()
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(communityId && `${communityId}:${version}`, () => ratingApi.surveys(communityId ?? ''))
  const pages = useMorePages(list.data, (cursor) => ratingApi.surveys(communityId ?? '', cursor))
  const isStaff = me?.roles.some((r) => r.role === 'staff' && r.communityId === communityId) ?? false

  return (
    <Page>
      {isStaff && (
        <Button className="btn btn--main new-survey" onClick={() => Taro.navigateTo({ url: '/packages/rating/pages/survey-new/index' })}>
          发布新的满意度调查
        </Button>
      )}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View className="survey-list">
          {pages.items.map((s) => (
            <View key={s.id} className="card survey-card" onClick={() => Taro.navigateTo({ url: `/packages/rating/pages/survey/index?id=${s.id}` })} hoverClass="card--pressed">
              <Text className="service-card__name">{s.title}</Text>
              <Text className="muted kv">
                {s.opensOn} 至 {s.closesOn} · {s.open ? '进行中' : '已结束'} · {s.responses} 人参与
              </Text>
              <Text className="kv">{s.answered ? '✓ 您已填写' : s.open ? '去填写 ›' : '查看结果 ›'}</Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={communityId ? '社区还没有发布调查' : '请先选择社区'} />
      )}
    </Page>
  )
}
