import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { BOOKING_REASON_MAX_LENGTH } from '@linli/shared'
import qrcode from 'qrcode-generator'
import { useMemo, useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { StatusTag } from '../../../../components/booking-card'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { deadlineLabel, slotLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

const CANCEL_REASONS = ['临时有事', '身体不适', '约错了时间', '其他']

/** The check-in code as a QR image staff can scan (a GIF data URL works in WeChat and browsers). */
function qrDataUrl(code: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(code)
  qr.make()
  return qr.createDataURL(6, 2)
}

export default function BookingDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [version, setVersion] = useState(0)
  const booking = useRequest(`${id}:${version}`, () => bookingApi.booking(id))
  useDidShow(() => setVersion((v) => v + 1))
  const [cancelling, setCancelling] = useState(false)
  const [reason, setReason] = useState<string>(CANCEL_REASONS[0] ?? '')
  const [other, setOther] = useState('')
  const cancelAction = useAction()
  const [result, setResult] = useState<string | null>(null)
  const qr = useMemo(() => (booking.data?.checkInCode ? qrDataUrl(booking.data.checkInCode) : null), [booking.data?.checkInCode])

  if (booking.loading && !booking.data) return <Page><Loading /></Page>
  if (booking.error) return <Page><ErrorState error={booking.error} onRetry={booking.reload} /></Page>
  const b = booking.data
  if (!b) return <Page><Loading /></Page>

  const waitlisted = b.status === 'waitlisted'
  const when = slotLabel(b.date, b.time)

  /** Cancelling cannot be undone: WeChat's own dialog says what happens to the seat before it is given up. */
  const cancel = async () => {
    const confirm = await confirmAction({
      title: waitlisted ? '退出候补？' : '确认取消预约？',
      content: waitlisted
        ? `取消后您将退出${when}的候补，有空位时不再为您预约。`
        : `取消后，${when}的座位会让给候补的居民，没有人候补就放回给大家预约。取消后不能恢复，需要时请重新预约。`,
      confirmText: '确认取消',
      danger: true,
    })
    if (!confirm) return
    await cancelAction.run(async () => {
      await bookingApi.cancelBooking(b.id, reason === '其他' ? other.trim() || '其他' : reason)
      setCancelling(false)
      setResult(waitlisted ? '已退出候补。' : '已取消预约，座位已让出。')
      void Taro.showToast({ title: '已取消', icon: 'success' })
      setVersion((v) => v + 1)
    })
  }

  return (
    <Page>
      {params.new === '1' && (
        <Text className="kv booking-done">{b.status === 'waitlisted' ? '已加入候补，有空位时会自动为您预约并通知您。' : '预约已提交，到场时出示签到码。'}</Text>
      )}
      <View className="card">
        <View className="service-card__head">
          <Text className="headline">{b.serviceName}</Text>
          <StatusTag status={b.status} />
        </View>
        <Text className="kv booking-when">{when}</Text>
        {b.place && <Text className="kv">地点：{b.place}</Text>}
        <Text className="kv">服务对象：{b.servedName}</Text>
        {b.waitlistPosition !== null && <Text className="kv waitlist-position">候补第 {b.waitlistPosition} 位</Text>}
        {b.answerItems.map((a) => (
          <Text key={a.label} className="muted kv booking-answer">
            {a.label}：{a.value}
          </Text>
        ))}
        {b.statusReason && <Text className="muted kv">说明：{b.statusReason}</Text>}
      </View>

      {b.status === 'served' && (
        <Button className="btn btn--main rate-link" onClick={() => Taro.navigateTo({ url: `/packages/rating/pages/rate/index?bookingId=${b.id}` })}>
          {b.rated ? '查看我的评价' : '评价这次服务'}
        </Button>
      )}

      {b.checkInCode && b.status !== 'waitlisted' && (
        <View className="card">
          <Text className="title">签到码</Text>
          <Text className="check-in-code">{b.checkInCode}</Text>
          {qr && <Image className="qr" src={qr} mode="aspectFit" nativeProps={{ alt: `签到二维码，签到码 ${b.checkInCode}` }} />}
          <Text className="muted kv">到场时把签到码告诉工作人员，或让工作人员扫码。</Text>
        </View>
      )}

      {b.canCancel && !cancelling && (
        <View className="actions">
          {b.status !== 'waitlisted' && (
            <Button className="btn" onClick={() => Taro.navigateTo({ url: `/packages/booking/pages/book/index?serviceId=${b.serviceId}&rescheduleId=${b.id}` })}>
              改约
            </Button>
          )}
          <Button className="btn btn--danger start-cancel" onClick={() => setCancelling(true)}>
            取消预约
          </Button>
        </View>
      )}
      {result && <Text className="kv cancel-result">✓ {result}</Text>}
      {b.cancelDeadlineLocal && b.canCancel && <Text className="muted kv cancel-deadline">可在 {deadlineLabel(b.cancelDeadlineLocal)}取消或改约</Text>}
      {/* Only the booker can cancel; for her an open booking she cannot cancel means the deadline passed. */}
      {b.viewer === 'booker' && b.cancelDeadline && !b.canCancel && (
        <Text className="muted kv cancel-closed">已过取消时间，如需取消请联系社区</Text>
      )}

      {cancelling && (
        <View className="card">
          <Text className="title">取消原因</Text>
          <Chips choices={CANCEL_REASONS.map((r) => ({ value: r, label: r }))} value={reason} onChange={setReason} />
          {reason === '其他' && <Input className="input" maxlength={BOOKING_REASON_MAX_LENGTH} placeholder="请简单说明" value={other} onInput={(e) => setOther(e.detail.value)} />}
          {cancelAction.error && <Text className="field__error kv">{cancelAction.error.message}</Text>}
          <View className="actions">
            <Button className="btn" onClick={() => setCancelling(false)}>
              不取消了
            </Button>
            <Button className="btn btn--danger confirm-cancel" disabled={cancelAction.busy} onClick={cancel}>
              确认取消
            </Button>
          </View>
        </View>
      )}
    </Page>
  )
}
