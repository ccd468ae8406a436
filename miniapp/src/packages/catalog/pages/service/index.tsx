import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useLayoutEffect, useState } from 'react'
import { ServiceVersionPageSchema, ineligibilityReason } from '@linli/shared'
import { call } from '../../../../api/client'
import { bookingApi } from '../../../../api/booking'
import { catalogApi } from '../../../../api/catalog'
import { momentLabel } from '../../../../components/dates'
import { APP_SHELL_ID } from '../../../../components/first-screen'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import {
  NOT_BOOKABLE_NOTICE,
  PAUSED_NOTICE,
  bookPageUrl,
  contactPhone,
  eligibilityLine,
  priceLine,
  satisfactionLine,
  topicPageUrl,
} from './first-screen'
import { StaffControls } from './staff-controls'

export default function ServiceDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? null
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const service = useRequest(id && `${id}:${version}`, () => catalogApi.service(id ?? ''))
  const setup = useRequest(id, () => bookingApi.bookingSetup(id ?? ''))
  // 因居民协商调整: the versions a 协商结果 gave the service, newest first (issue 11 item 7).
  const history = useRequest(service.data?.adjustedByConsultation ? `versions:${id}:${version}` : null, () =>
    call(ServiceVersionPageSchema, 'GET', `/services/${id ?? ''}/versions`, { query: { limit: 5 } }),
  )
  // Ages are counted on the service's community's today (the server's clock, not the phone's): only
  // for a signed-in resident, whom it tells why she cannot book; a visitor's first screen waits for nothing more.
  const today = useToday(me?.community ? service.data?.communityId : undefined)
  // index.html drew this page's first screen from the same answers (first-screen.ts): it goes in the
  // frame the page paints its own, once both are in (the 预约 button waits for the booking setup).
  const settled = !service.loading && !setup.loading
  useLayoutEffect(() => {
    if (settled && process.env.TARO_ENV === 'h5') document.getElementById(APP_SHELL_ID)?.remove()
  }, [settled])

  if (id === null) return <Page><Empty text="没有找到该服务" /></Page>
  if (service.loading) return <Page><Loading /></Page>
  if (service.error || !service.data) {
    return (
      <Page>
        {service.error && <ErrorState error={service.error} onRetry={service.reload} />}
      </Page>
    )
  }
  const s = service.data
  const phone = contactPhone(s)
  const reason =
    me && me.community && today.data
      ? ineligibilityReason(s.eligibility, s.communityId, { birthDate: me.birthDate, communityId: me.community.id }, today.data.date)
      : null

  return (
    <Page>
      <View className="section">
        <Text className="headline service-name">{s.name}</Text>
        <Text className="muted kv">
          {s.communityName} · {s.categoryName}
        </Text>
        {s.status === 'paused' && <Text className="field__error kv">{PAUSED_NOTICE}</Text>}
        <Text className="kv service-satisfaction">{satisfactionLine(s)}</Text>
      </View>
      {s.adjustedByConsultation && (
        <View className="card consultation-mark">
          <Text className="tag consultation-mark__tag">因居民协商调整</Text>
          <Text className="kv consultation-mark__topic">依据议题：{s.adjustedByConsultation.topicTitle}</Text>
          <Button
            className="btn consultation-mark__link"
            onClick={() => Taro.navigateTo({ url: topicPageUrl(s.adjustedByConsultation?.topicId ?? '') })}
          >
            查看议题
          </Button>
        </View>
      )}
      {setup.data && s.status === 'active' && (
        <Button className="btn btn--main book-button" onClick={() => Taro.navigateTo({ url: bookPageUrl(s.id) })}>
          预约
        </Button>
      )}
      {setup.error?.code === 'SERVICE_NOT_BOOKABLE' && <Text className="muted kv">{NOT_BOOKABLE_NOTICE}</Text>}
      <View className="card">
        <Text className="kv">{s.description}</Text>
      </View>
      <View className="card">
        <Text className="title">费用</Text>
        <Text className="kv">{priceLine(s)}</Text>
        {s.subsidyNote && <Text className="kv">补贴：{s.subsidyNote}</Text>}
        <Text className="title">适用对象</Text>
        <Text className="kv">{eligibilityLine(s)}</Text>
        {reason && <Text className="field__error kv">提示：{reason}</Text>}
      </View>
      {(s.facility || s.provider) && (
        <View className="card">
          {s.facility && (
            <>
              <Text className="title">服务地点</Text>
              <Text className="kv">{s.facility.name}</Text>
              <Text className="kv">{s.facility.address}</Text>
              <Text className="kv">开放时间：{s.facility.openingHours}</Text>
            </>
          )}
          {s.provider && (
            <>
              <Text className="title">服务提供方</Text>
              <Text className="kv">
                {s.provider.name}（{s.provider.kind}）
              </Text>
            </>
          )}
          {phone && (
            <Button className="btn btn--main" onClick={() => Taro.makePhoneCall({ phoneNumber: phone })}>
              电话咨询 {phone}
            </Button>
          )}
        </View>
      )}
      {history.data && history.data.items.length > 0 && (
        <View className="card service-versions">
          <Text className="title">调整记录</Text>
          {history.data.items.map((v) => (
            <View key={v.version} className="case-step service-version">
              <Text className="kv">
                第 {v.version} 版 · {momentLabel(v.appliedAtLocal)} · {v.kindLabel}
              </Text>
              {v.beforeText && <Text className="muted kv">调整前：{v.beforeText}</Text>}
              <Text className="kv">调整后：{v.afterText}</Text>
              <Text className="muted kv">依据议题：{v.topicTitle}</Text>
            </View>
          ))}
        </View>
      )}
      <StaffControls service={s} onChanged={() => setVersion((v) => v + 1)} />
    </Page>
  )
}
