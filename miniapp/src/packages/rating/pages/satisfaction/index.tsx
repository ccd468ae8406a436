import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../../api/client'
import { BarChart } from '../../../../components/bar-chart'
import { percent } from '../../../../components/case-timeline'
import { Chips } from '../../../../components/chips'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading, Waiting } from '../../../../components/state-view'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** 好差评 results are public: a community's services this month, ranked, and how poor ratings were handled. */
export default function SatisfactionPage() {
  const { params } = useRouter()
  const communityId = params.communityId ?? ''
  const today = useToday(communityId)
  const thisMonth = today.data?.date.slice(0, 7) ?? null
  const [picked, setMonth] = useState<string | null>(null)
  const month = picked ?? thisMonth
  const data = useRequest(month && `${communityId}:${month}`, () => api.satisfaction(communityId, month ?? undefined))

  if (thisMonth === null || month === null) return <Page><Waiting request={today} /></Page>
  return (
    <Page>
      <Chips<string>
        choices={[thisMonth, previousMonth(thisMonth), previousMonth(previousMonth(thisMonth))].map((m) => ({ value: m, label: m.replace('-', '年') + '月' }))}
        value={month}
        onChange={setMonth}
      />
      {data.loading && !data.data ? (
        <Loading />
      ) : data.error ? (
        <ErrorState error={data.error} onRetry={data.reload} />
      ) : data.data ? (
        <View>
          <View className="card">
            <Text className="title">{data.data.communityName}</Text>
            <Text className="stat-number overall-rate">满意率 {percent(data.data.overall.satisfactionRate)}</Text>
            <Text className="kv">
              共 {data.data.overall.ratings} 条评价，差评占 {percent(data.data.overall.poorShare)}
            </Text>
            <Text className="kv">
              差评整改：{data.data.cases.total} 件，已答复 {data.data.cases.replied} 件（整改率 {percent(data.data.cases.rectificationRate)}，按期率 {percent(data.data.cases.onTimeRate)}）
            </Text>
          </View>
          <Text className="title">服务排名</Text>
          <Text className="muted kv">本月评价满 {data.data.minRatingsToRank} 条的服务参与排名。</Text>
          {data.data.services.length === 0 ? (
            <Empty text="本月还没有评价" />
          ) : (
            <BarChart
              className="ranking"
              bars={data.data.services.map((s) => ({ label: `${s.rank ? `第${s.rank}名 ` : '（未排名）'}${s.serviceName}`, rate: s.satisfactionRate, count: s.ratings }))}
            />
          )}
        </View>
      ) : null}
    </Page>
  )
}
