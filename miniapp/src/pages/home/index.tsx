import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CategoryId } from '@linli/shared'
import { useLayoutEffect } from 'react'
import { catalogApi } from '../../api/catalog'
import { Page } from '../../components/page'
import { ServiceCard } from '../../components/service-card'
import { Empty, ErrorState, Loading } from '../../components/state-view'
import { useAppState } from '../../state/app-state'
import { useUnreadBadge } from '../../state/unread-badge'
import { useRequest } from '../../state/use-request'
import { APP_SHELL_ID, COMMUNITIES_PAGE } from '../../components/first-screen'
import { CHOOSE_COMMUNITY_ACTION, CHOOSE_COMMUNITY_PROMPT, WELCOME } from './first-screen'

export default function Home() {
  const { me, communityId, setPendingCategory } = useAppState()
  // Every tab page refreshes the unread badge on 我的 when it shows.
  useUnreadBadge()
  // H5: index.html's copy of this screen goes in the same frame as the page paints its own.
  useLayoutEffect(() => {
    if (process.env.TARO_ENV === 'h5') document.getElementById(APP_SHELL_ID)?.remove()
  }, [])
  const community = useRequest(communityId, () => catalogApi.community(communityId ?? ''))
  const categories = useRequest('categories', () => catalogApi.categories())
  const featured = useRequest(communityId && `featured:${communityId}`, () =>
    catalogApi.services(communityId ?? '', { featured: 'true', limit: 10 }),
  )

  const browseCategory = (id: CategoryId) => {
    setPendingCategory(id)
    void Taro.switchTab({ url: '/pages/services/index' })
  }
  const pickCommunity = () => void Taro.navigateTo({ url: COMMUNITIES_PAGE })

  return (
    <Page>
      <View className="section">
        <Text className="headline">{me ? `${me.displayName}，您好` : WELCOME}</Text>
        {communityId === null ? (
          <View className="card">
            <Text className="kv">{CHOOSE_COMMUNITY_PROMPT}</Text>
            <Button className="btn btn--main" onClick={pickCommunity}>
              {CHOOSE_COMMUNITY_ACTION}
            </Button>
          </View>
        ) : community.loading ? (
          <Loading />
        ) : community.error ? (
          <ErrorState error={community.error} onRetry={community.reload} />
        ) : community.data ? (
          <View className="card community-card">
            <View className="row">
              <Text className="title">{community.data.name}</Text>
              <Button className="btn" onClick={pickCommunity}>
                切换
              </Button>
            </View>
            <Text className="muted kv">
              {community.data.districtName} {community.data.streetName} · {community.data.address}
            </Text>
            <View className="actions">
              <Button className="btn satisfaction-link" onClick={() => Taro.navigateTo({ url: `/packages/rating/pages/satisfaction/index?communityId=${community.data?.id ?? ''}` })}>
                满意度公示
              </Button>
              <Button className="btn" onClick={() => Taro.navigateTo({ url: '/packages/rating/pages/surveys/index' })}>
                满意度调查
              </Button>
              <Button className="btn consultation-link" onClick={() => Taro.navigateTo({ url: '/packages/consultation/pages/topics/index' })}>
                社区协商
              </Button>
              <Button className="btn volunteer-link" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/activities/index' })}>
                志愿服务
              </Button>
              <Button className="btn help-link" onClick={() => Taro.navigateTo({ url: '/packages/volunteer/pages/help-list/index' })}>
                邻里求助
              </Button>
            </View>
            {community.data.facilities.map((f) => (
              <Text key={f.id} className="kv">
                {f.name}：{f.openingHours}
              </Text>
            ))}
          </View>
        ) : null}
      </View>

      <View className="section">
        <Text className="title">服务分类</Text>
        {categories.loading ? (
          <Loading />
        ) : categories.error ? (
          <ErrorState error={categories.error} onRetry={categories.reload} />
        ) : (
          <View className="grid">
            {categories.data?.items.map((c) => (
              <View key={c.id} className="grid__item" onClick={() => browseCategory(c.id)} hoverClass="card--pressed">
                <Text>{c.name}</Text>
              </View>
            ))}
          </View>
        )}
      </View>

      {communityId !== null && (
        <View className="section">
          <Text className="title">推荐服务</Text>
          {featured.loading ? (
            <Loading />
          ) : featured.error ? (
            <ErrorState error={featured.error} onRetry={featured.reload} />
          ) : featured.data && featured.data.items.length > 0 ? (
            featured.data.items.map((s) => <ServiceCard key={s.id} service={s} />)
          ) : (
            <Empty text="本社区暂无推荐服务，可在「服务」里查看全部" />
          )}
        </View>
      )}
    </Page>
  )
}
