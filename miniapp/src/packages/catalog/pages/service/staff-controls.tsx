import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { SERVICE_STATUS_REASON_MAX_LENGTH, type ServiceDetail } from '@linli/shared'
import { useState } from 'react'
import { catalogApi } from '../../../../api/catalog'
import { ActionResult } from '../../../../components/action-result'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'

/** Staff of the service's community (or a street admin) pause or resume it, with a reason. */
export function StaffControls({ service, onChanged }: { service: ServiceDetail; onChanged(next: ServiceDetail): void }) {
  const { me } = useAppState()
  const [reason, setReason] = useState('')
  const change = useAction()
  const manages = me?.roles.some(
    (r) => (r.role === 'staff' && r.communityId === service.communityId) || r.role === 'street_admin',
  )
  if (!manages) return null
  const next = service.status === 'active' ? 'paused' : 'active'

  const submit = () =>
    change.run(async () => {
      onChanged(await catalogApi.changeServiceStatus(service.id, { status: next, reason: reason.trim() }))
      setReason('')
      return next === 'paused' ? '已暂停：居民不能再预约，已有的预约不受影响' : '已恢复：居民可以预约'
    })

  return (
    <View className="card staff-controls">
      <Text className="title">社区工作者操作</Text>
      <Text className="muted kv">当前状态：{service.status === 'active' ? '服务中' : '已暂停'}</Text>
      <View className="actions">
        <Button className="btn setup-link" onClick={() => Taro.navigateTo({ url: `/packages/staff/pages/setup/index?serviceId=${service.id}` })}>
          预约设置与暂停服务日
        </Button>
        <Button className="btn walk-in-link" onClick={() => Taro.navigateTo({ url: `/packages/booking/pages/book/index?serviceId=${service.id}&walkIn=1` })}>
          窗口代办预约
        </Button>
      </View>
      <View className="field">
        <Text className="field__label">{next === 'paused' ? '暂停原因（居民会看到）' : '恢复说明'}</Text>
        <Input className="input status-reason" value={reason} maxlength={SERVICE_STATUS_REASON_MAX_LENGTH} placeholder={next === 'paused' ? '如：厨房检修，预计下周一恢复' : '如：检修完成'} onInput={(e) => setReason(e.detail.value)} />
      </View>
      <ActionResult action={change} className="status-result" describe={(e) => (e.fields.some((f) => f.path === 'reason') ? '请填写原因' : e.message)} />
      <Button className={`btn btn--main ${next === 'paused' ? 'btn--danger' : ''}`} disabled={change.busy} onClick={submit}>
        {next === 'paused' ? '暂停该服务' : '恢复该服务'}
      </Button>
    </View>
  )
}
