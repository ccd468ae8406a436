import { Text, View } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, type Booking } from '@linli/shared'
import type { ReactNode } from 'react'
import { slotLabel } from './dates'

export function StatusTag({ status }: { status: Booking['status'] }) {
  return <Text className={`tag status status--${status}`}>{BOOKING_STATUS_LABELS[status]}</Text>
}

/**
 * One booking in a list: what, when, where, for whom, and its status in words. Staff, who act on
 * it, also see what the resident wrote when booking (`showAnswers`: 忌口, the legal question).
 */
export function BookingCard({
  booking,
  onClick,
  showAnswers = false,
  children,
}: {
  booking: Booking
  onClick?: () => void
  showAnswers?: boolean
  children?: ReactNode
}) {
  return (
    <View className="card booking-card" onClick={onClick} hoverClass={onClick ? 'card--pressed' : 'none'}>
      <View className="service-card__head">
        <Text className="service-card__name">{booking.serviceName}</Text>
        <StatusTag status={booking.status} />
      </View>
      <Text className="kv booking-when">
        {slotLabel(booking.date, booking.time)}
      </Text>
      {booking.place && <Text className="muted kv">{booking.place}</Text>}
      <Text className="muted kv">服务对象：{booking.servedName}</Text>
      {showAnswers &&
        booking.answerItems.map((a) => (
          <Text key={a.label} className="kv booking-answer">
            {a.label}：{a.value}
          </Text>
        ))}
      {booking.waitlistPosition !== null && <Text className="kv">候补第 {booking.waitlistPosition} 位</Text>}
      {booking.statusReason && <Text className="muted kv">说明：{booking.statusReason}</Text>}
      {booking.status === 'served' && !booking.rated && <Text className="kv to-rate">待评价：点开给这次服务打分</Text>}
      {children}
    </View>
  )
}
