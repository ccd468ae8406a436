import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { Booking } from '@linli/shared'
import { useEffect, useState } from 'react'
import { type ApiError, api } from '../../../../api/client'
import { BookingCard } from '../../../../components/booking-card'
import { Chips } from '../../../../components/chips'
import { dateInChina, dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { asApiError, useRequest } from '../../../../state/use-request'

export default function MyBookingsPage() {
  const [scope, setScope] = useState<'upcoming' | 'past'>('upcoming')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`${scope}:${version}`, () => api.myBookings(scope))
  const [more, setMore] = useState<Booking[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [moreError, setMoreError] = useState<ApiError | null>(null)
  useEffect(() => {
    setMore([])
    setMoreError(null)
    setCursor(list.data?.nextCursor ?? null)
  }, [list.data])
  const loadMore = async () => {
    if (!cursor) return
    setMoreError(null)
    try {
      const page = await api.myBookings(scope, cursor)
      setMore((items) => [...items, ...page.items])
      setCursor(page.nextCursor)
    } catch (err) {
      setMoreError(asApiError(err))
    }
  }
  const suspensions = useRequest(`suspensions:${version}`, () => api.suspensions())

  return (
    <Page>
      {suspensions.data?.items.map((s) => (
        <View key={s.id} className="card">
          <Text className="field__error kv">
            {s.categoryName}暂停自助预约至 {dayLabel(dateInChina(s.until))}：{s.reason}。如有特殊情况请联系社区。
          </Text>
        </View>
      ))}
      <Chips<'upcoming' | 'past'>
        choices={[
          { value: 'upcoming', label: '即将到来' },
          { value: 'past', label: '历史记录' },
        ]}
        value={scope}
        onChange={setScope}
      />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View className="my-bookings">
          {[...list.data.items, ...more].map((b) => (
            <BookingCard key={b.id} booking={b} onClick={() => Taro.navigateTo({ url: `/packages/booking/pages/detail/index?id=${b.id}` })} />
          ))}
          {moreError && <ErrorState error={moreError} onRetry={loadMore} />}
          {cursor && !moreError && (
            <Button className="btn" onClick={loadMore}>
              加载更多
            </Button>
          )}
        </View>
      ) : (
        <Empty text={scope === 'upcoming' ? '还没有预约，去「服务」里看看' : '没有历史记录'} />
      )}
    </Page>
  )
}
