import { Text, View } from '@tarojs/components'
import type { Evaluation as EvaluationFigures } from '@linli/shared'
import { ErrorState, Loading } from '../../../components/state-view'
import { useRequest } from '../../../state/use-request'
import { staffingApi } from '../api/staffing'

/** `0.5` → `50%`; whole percentages are what people read. */
const percent = (share: number) => `${Math.round(share * 100)}%`

function Figures({ figures, who }: { figures: EvaluationFigures; who: string }) {
  if (figures.slotsServed === 0) return <Text className="kv muted evaluation-empty">参加社区服务时段的志愿服务并确认时长后，居民对这些服务的评价会显示在这里。</Text>
  if (figures.ratings === 0) return <Text className="kv muted evaluation-empty">{who}服务过 {figures.slotsServed} 个社区服务时段，居民还没有评价。</Text>
  return (
    <View className="evaluation-figures">
      <Text className="kv">
        {who}服务过的 {figures.slotsServed} 个社区服务时段，居民共评价 {figures.ratings} 次
      </Text>
      <View className="row evaluation-counts">
        <Text className="kv evaluation-good">好评 {figures.good}</Text>
        <Text className="kv evaluation-neutral">中评 {figures.neutral}</Text>
        <Text className="kv evaluation-poor">差评 {figures.poor}</Text>
      </View>
      {figures.goodShare !== null && <Text className="kv evaluation-share">好评率 {percent(figures.goodShare)}</Text>}
      <Text className="kv muted">只统计评价数量，不显示评价人。</Text>
    </View>
  )
}

/**
 * 评价情况 (issue 12 item 5 ★), owned by the staffing feature: what beneficiaries' 好差评 of the
 * volunteer-staffed services she served say, shown on 我的志愿 (profile page mounts it). With
 * `userId`, staff of her community see hers (a staff page about one volunteer mounts it so).
 */
export function Evaluation({ userId }: { userId?: string } = {}) {
  const request = useRequest(`volunteer-evaluation:${userId ?? 'me'}`, () => (userId ? staffingApi.evaluationOf(userId) : staffingApi.myEvaluation()))
  return (
    <View className="card evaluation" aria-label="评价情况">
      <Text className="title">评价情况</Text>
      {request.data ? <Figures figures={request.data} who={userId ? '该志愿者' : '您'} /> : request.error ? <ErrorState error={request.error} onRetry={request.reload} /> : <Loading />}
    </View>
  )
}
