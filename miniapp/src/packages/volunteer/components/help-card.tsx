import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { HelpRequest } from '@linli/shared'
import { slotLabel } from '../../../components/dates'

/** One help request as every list shows it: what, when, where, for whom, its status; a link to its page. */
export function HelpCard({ request: r, linkToDetail = true }: { request: HelpRequest; linkToDetail?: boolean }) {
  return (
    <View className="card help-card">
      <Text className="title">
        {r.kindLabel} · {r.statusLabel}
      </Text>
      <Text className="kv">
        时间：{slotLabel(r.date, `${r.startTime}–${r.endTime}`)}
      </Text>
      <Text className="kv">地点：{r.place}</Text>
      <Text className="kv">服务对象：{r.beneficiaryName}</Text>
      <Text className="kv">需要：{r.needs}</Text>
      <Text className="kv">
        联系人：{r.contactName} {r.contactPhone}
      </Text>
      <Text className="kv">
        时间币：{r.payLabel}
        {r.pay === 'none' ? '' : `（${r.credits}）`}
      </Text>
      {r.volunteerName && <Text className="kv">接单志愿者：{r.volunteerName}</Text>}
      {r.declineReason && <Text className="kv field__error">未通过原因：{r.declineReason}</Text>}
      {linkToDetail && (
        <Button className="btn help-open" onClick={() => Taro.navigateTo({ url: `/packages/volunteer/pages/help/index?id=${r.id}` })}>
          查看详情
        </Button>
      )}
    </View>
  )
}
