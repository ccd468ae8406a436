import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { TopicDetailSchema } from '@linli/shared'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { ratingApi } from '../../../../api/rating'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { BarChart } from '../../../../components/bar-chart'
import { percent } from '../../../../components/percent'
import { Chips } from '../../../../components/chips'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
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
  const data = useRequest(month && `${communityId}:${month}`, () => ratingApi.satisfaction(communityId, month ?? undefined))
  const { me } = useAppState()
  const raising = useAction()
  const staff = me?.roles.some((r) => (r.role === 'staff' && r.communityId === communityId) || r.role === 'street_admin') ?? false
  // 差评 → 协商 (issue 11 item 7): a service above 20 % 差评 in the month becomes a draft topic.
  const raiseTopic = async (serviceId: string, serviceName: string) => {
    if (!(await confirmAction({ title: '转为协商议题？', content: `将为「${serviceName}」生成议题草稿（附当月差评情况），仅工作人员可见，修改后再发布。`, confirmText: '转为议题' }))) return
    await raising.run(async (idempotencyKey) => {
      const draft = await call(TopicDetailSchema, 'POST', '/staff/consultation/evidence-drafts', { body: { kind: 'poor_share', serviceId, month: month ?? '' }, idempotencyKey })
      void Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${draft.id}` })
      return '已生成议题草稿'
    })
  }

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
          {staff && data.data.services.some((s) => (s.poorShare ?? 0) > 0.2) && (
            <View className="card poor-share-topics">
              <Text className="title">差评率超过 20% 的服务</Text>
              {data.data.services
                .filter((s) => (s.poorShare ?? 0) > 0.2)
                .map((s) => (
                  <View key={s.serviceId} className="case-step">
                    <Text className="kv">
                      {s.serviceName}：差评占 {percent(s.poorShare)}（{s.ratings} 条评价）
                    </Text>
                    <Button className="btn btn--main raise-topic" disabled={raising.busy} onClick={() => raiseTopic(s.serviceId, s.serviceName)}>
                      转为协商议题
                    </Button>
                  </View>
                ))}
              <ActionResult action={raising} />
            </View>
          )}
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
