import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { COMMUNITY_QUERY_MAX_LENGTH } from '@linli/shared'
import { useState } from 'react'
import { catalogApi } from '../../../../api/catalog'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

export default function CommunitiesPage() {
  const { communityId, chooseCommunity } = useAppState()
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [tapped, setTapped] = useState<string | null>(null)
  const save = useAction()
  const list = useRequest(`communities:${q}`, () => catalogApi.communities(q || undefined))

  const choose = async (id: string) => {
    setTapped(id)
    await save.run(async () => {
      await chooseCommunity(id)
      await Taro.navigateBack()
    })
  }

  return (
    <Page>
      <View className="row section">
        <Input
          className="input input--grow"
          placeholder="输入社区或村的名称"
          value={draft}
          maxlength={COMMUNITY_QUERY_MAX_LENGTH}
          confirmType="search"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button className="btn" onClick={() => setQ(draft.trim())}>
          搜索
        </Button>
      </View>
      {save.error && <Text className="field__error kv">{save.error.message}</Text>}
      {list.loading ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data || list.data.streets.length === 0 ? (
        <Empty text={q ? `没有找到「${q}」，换个名称试试` : '暂无社区'} />
      ) : (
        list.data.streets.map((street) => (
          <View key={street.id} className="section">
            <Text className="title">
              {street.districtName} {street.name}
            </Text>
            {street.communities.map((c) => (
              <View key={c.id} className="card community-option" onClick={() => void choose(c.id)} hoverClass="card--pressed">
                <View className="row">
                  <Text className="service-card__name">
                    {c.name}
                    {c.kind === 'rural' ? '（村）' : ''}
                  </Text>
                  <Text className="muted">{c.id === communityId ? '✓ 当前' : save.busy && tapped === c.id ? '正在切换…' : '选择'}</Text>
                </View>
                <Text className="muted">{c.address}</Text>
              </View>
            ))}
          </View>
        ))
      )}
    </Page>
  )
}
