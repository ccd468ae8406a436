import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ratingApi } from '../../../../api/rating'
import { BarChart } from '../../../../components/bar-chart'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { useRequest } from '../../../../state/use-request'

export default function DashboardPage() {
  const data = useRequest('dashboard', () => ratingApi.dashboard(6))
  if (data.loading && !data.data) return <Page><Loading /></Page>
  if (data.error) return <Page><ErrorState error={data.error} onRetry={data.reload} /></Page>
  const d = data.data
  if (!d) return <Page><Loading /></Page>
  return (
    <Page>
      <Text className="headline">{d.name}</Text>
      <View className="card row" onClick={() => Taro.navigateTo({ url: '/packages/rating/pages/cases/index' })}>
        <View>
          <Text className="stat-number">{d.openCases}</Text>
          <Text className="muted">在办整改</Text>
        </View>
        <View>
          <Text className="stat-number">{d.overdueCases}</Text>
          <Text className="muted">已逾期</Text>
        </View>
        <Text className="muted">查看工单 ›</Text>
      </View>
      <View className="card">
        <Text className="title">近6个月满意率</Text>
        <BarChart className="trend" bars={d.trend.map((t) => ({ label: t.month, rate: t.satisfactionRate, count: t.ratings }))} />
      </View>
      {d.scope === 'street' && (
        <View className="card">
          <Text className="title">各社区</Text>
          <BarChart bars={d.byCommunity.map((c) => ({ label: c.name, rate: c.satisfactionRate, count: c.ratings }))} />
        </View>
      )}
      <View className="card">
        <Text className="title">按服务类别</Text>
        <BarChart bars={d.byCategory.map((c) => ({ label: c.name, rate: c.satisfactionRate, count: c.ratings }))} />
      </View>
      <View className="card">
        <Text className="title">按服务机构（律师、助餐机构等）</Text>
        <BarChart bars={d.byProvider.map((c) => ({ label: c.name, rate: c.satisfactionRate, count: c.ratings }))} />
      </View>
    </Page>
  )
}
