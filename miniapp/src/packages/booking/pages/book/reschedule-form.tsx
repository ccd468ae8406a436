import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { api } from '../../../../api/client'
import { type BookModeProps, ServiceHeading, SubmitBar, useBookingAction } from './form-parts'
import { SlotPicker, useSlotChoice } from './slot-picker'

/** 改约: the booking moves to another open slot of the same service; a full one cannot be waited for here. */
export function RescheduleForm({ service, slots, refreshSlots, bookingId }: BookModeProps & { bookingId: string }) {
  const choice = useSlotChoice(slots)
  const action = useBookingAction(refreshSlots)
  const { chosen } = choice
  const { renewKey } = action
  useEffect(renewKey, [chosen?.id, renewKey])

  const submit = () =>
    action.run(async (key) => {
      if (!chosen) return
      await api.reschedule(bookingId, chosen.id, key)
      await Taro.navigateBack()
    })

  return (
    <View>
      <ServiceHeading service={service} mode="改约" />
      <SlotPicker slots={slots} choice={choice} waitlist={false} />
      <SubmitBar action={action} label={chosen ? '确认改约' : null} onSubmit={submit} />
    </View>
  )
}
