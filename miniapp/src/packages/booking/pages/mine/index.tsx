import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { BookingCard } from '../../../../components/booking-card'
import { Chips } from '../../../../components/chips'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'

export default function MyBookingsPage() {
  const [scope, setScope] = useState<'upcoming' | 'past'>('upcoming')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`${scope}:${version}`, () => bookingApi.myBookings(scope))
  const pages = useMorePages(list.data, (cursor) => bookingApi.myBookings(scope, cursor))
  const suspensions = useRequest(`suspensions:${version}`, () => bookingApi.suspensions())

  return (
    <Page>
      {suspensions.data?.items.map((s) => (
        <View key={s.id} className="card">
          <Text className="field__error kv">
            {s.categoryName}暂停自助预约至 {dayLabel(s.untilLocal.date)}：{s.reason}。如有特殊情况请联系社区。
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
          {pages.items.map((b) => (
            <BookingCard key={b.id} booking={b} onClick={() => Taro.navigateTo({ url: `/packages/booking/pages/detail/index?id=${b.id}` })} />
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={scope === 'upcoming' ? '还没有预约，去「服务」里看看' : '没有历史记录'} />
      )}
    </Page>
  )
}
