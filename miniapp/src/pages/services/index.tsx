import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type CategoryId, SERVICE_QUERY_MAX_LENGTH } from '@linli/shared'
import { useLayoutEffect, useState } from 'react'
import { catalogApi } from '../../api/catalog'
import { APP_SHELL_ID, COMMUNITIES_PAGE } from '../../components/first-screen'
import { Page } from '../../components/page'
import { ServiceCard } from '../../components/service-card'
import { Empty, ErrorState, LoadMore, Loading } from '../../components/state-view'
import { useAppState } from '../../state/app-state'
import { useUnreadBadge } from '../../state/unread-badge'
import { useMorePages } from '../../state/use-more-pages'
import { useRequest } from '../../state/use-request'
import { NO_COMMUNITY_ACTION, NO_COMMUNITY_PROMPT } from './first-screen'

export default function Services() {
  const { me, communityId, pendingCategory, setPendingCategory } = useAppState()
  // Every tab page refreshes the unread badge on 我的 when it shows.
  useUnreadBadge()
  // H5: index.html's copy of the no-community screen goes in the same frame as the page paints its own.
  useLayoutEffect(() => {
    if (process.env.TARO_ENV === 'h5') document.getElementById(APP_SHELL_ID)?.remove()
  }, [])
  const [category, setCategory] = useState<CategoryId | undefined>(undefined)
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [eligibleOnly, setEligibleOnly] = useState(false)
  const categories = useRequest('categories', () => catalogApi.categories())

  // A category tapped on 首页 arrives through app state: switchTab carries no parameters.
  useDidShow(() => {
    if (pendingCategory) {
      setCategory(pendingCategory)
      setPendingCategory(null)
    }
  })

  const filterKey = communityId && JSON.stringify([communityId, category, q, eligibleOnly && me !== null])
  const query = { category, q: q || undefined, eligible: eligibleOnly && me ? ('true' as const) : undefined }
  const first = useRequest(filterKey, () => catalogApi.services(communityId ?? '', query))

  const pages = useMorePages(first.data, (cursor) => catalogApi.services(communityId ?? '', { ...query, cursor }))

  const toggleEligible = () => {
    if (!me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    setEligibleOnly((on) => !on)
  }

  if (communityId === null) {
    return (
      <Page>
        <Empty
          text={NO_COMMUNITY_PROMPT}
          action={
            <Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: COMMUNITIES_PAGE })}>
              {NO_COMMUNITY_ACTION}
            </Button>
          }
        />
      </Page>
    )
  }

  const { items } = pages
  return (
    <Page>
      <View className="row section">
        <Input
          className="input input--grow search-input"
          placeholder="想办什么事？如 吃饭、看病、打官司"
          value={draft}
          maxlength={SERVICE_QUERY_MAX_LENGTH}
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button className="btn search-button" onClick={() => setQ(draft.trim())}>
          搜索
        </Button>
      </View>

      <View className="chips" role="radiogroup" aria-label="服务分类">
        <View className={`chip ${category === undefined ? 'chip--active' : ''}`} onClick={() => setCategory(undefined)}>
          <Text>{category === undefined ? '✓ ' : ''}全部</Text>
        </View>
        {categories.data?.items.map((c) => (
          <View key={c.id} className={`chip ${category === c.id ? 'chip--active' : ''}`} onClick={() => setCategory(c.id)}>
            <Text>
              {category === c.id ? '✓ ' : ''}
              {c.name}
            </Text>
          </View>
        ))}
      </View>

      <View className="chips">
        <View className={`chip eligible-toggle ${eligibleOnly && me ? 'chip--active' : ''}`} onClick={toggleEligible}>
          <Text>{eligibleOnly && me ? '✓ 只看我能用的' : me ? '只看我能用的' : '登录后可筛选我能用的'}</Text>
        </View>
      </View>

      {first.loading ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : items.length === 0 ? (
        <Empty text={q ? `没有找到与「${q}」相关的服务` : '这个分类暂时没有服务'} />
      ) : (
        <View className="service-list">
          {items.map((s) => (
            <ServiceCard key={s.id} service={s} />
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </Page>
  )
}
