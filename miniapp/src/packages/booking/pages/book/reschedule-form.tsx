import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { bookingApi } from '../../../../api/booking'
import { type BookModeProps, ServiceHeading, SubmitBar, useBookingForm } from './form-parts'
import { SlotPicker } from './slot-picker'

/** 改约: the booking moves to another open slot of the same service; a full one cannot be waited for here. */
export function RescheduleForm({ service, slots, refreshSlots, bookingId }: BookModeProps & { bookingId: string }) {
  const { choice, action, submit } = useBookingForm(slots, refreshSlots)
  const reschedule = submit(async (slot, key) => {
    await bookingApi.reschedule(bookingId, slot.id, key)
    await Taro.navigateBack()
  })

  return (
    <View>
      <ServiceHeading service={service} mode="改约" />
      <SlotPicker slots={slots} choice={choice} waitlist={false} />
      <SubmitBar action={action} label={choice.chosen ? '确认改约' : null} onSubmit={reschedule} />
    </View>
  )
}
