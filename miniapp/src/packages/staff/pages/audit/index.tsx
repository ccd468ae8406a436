import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { auditApi } from '../../../../api/audit'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

/**
 * 审计日志 for a street admin: who did what, when, in the street's communities, newest first, read
 * only. Names and phones come masked from the BFF.
 */
export default function AuditPage() {
  const { me } = useAppState()
  const isStreetAdmin = me?.roles.some((r) => r.role === 'street_admin') ?? false
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(isStreetAdmin ? `audit:${version}` : null, () => auditApi.audit())
  const pages = useMorePages(list.data, (cursor) => auditApi.audit(cursor))

  if (!isStreetAdmin) {
    return (
      <Page>
        <Empty text="审计日志由街道管理员查看，您的账号没有这项权限" />
      </Page>
    )
  }
  return (
    <Page>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View className="audit-list">
          {pages.items.map((e) => (
            <View key={e.id} className="card audit-entry">
              <View className="service-card__head">
                <Text className="service-card__name">{e.actionLabel}</Text>
                <Text className="muted">{momentLabel(e.atLocal)}</Text>
              </View>
              <Text className="kv">
                {e.communityName} · {e.actor ? `${e.actor.name}${e.actor.phone ? `（${e.actor.phone}）` : ''}` : '系统自动'}
              </Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text="本街道还没有操作记录" />
      )}
    </Page>
  )
}
