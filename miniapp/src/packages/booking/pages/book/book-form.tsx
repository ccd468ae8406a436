import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type BookingQuestion, FAMILY_RELATION_LABELS } from '@linli/shared'
import { useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { askForSubscription } from '../../../../api/subscribe'
import { Chips } from '../../../../components/chips'
import { useAppState } from '../../../../state/app-state'
import { useRequest } from '../../../../state/use-request'
import { AnswerFields, type BookModeProps, ServiceHeading, SubmitBar, useBookingForm } from './form-parts'
import { SlotPicker } from './slot-picker'

const SELF = 'self'

/** A resident books a seat for themself or a family member (亲情代办); a full slot offers its waitlist. */
export function BookForm({ service, slots, refreshSlots, questions }: BookModeProps & { questions: BookingQuestion[] }) {
  const { me } = useAppState()
  const [familyVersion, setFamilyVersion] = useState(0)
  const family = useRequest(`family:${familyVersion}`, () => bookingApi.family())
  // A family member added on the family page shows up on return.
  useDidShow(() => setFamilyVersion((v) => v + 1))
  const [person, setPerson] = useState<string>(SELF)
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const { choice, action, submit } = useBookingForm(slots, refreshSlots, person)
  const { chosen } = choice
  const book = submit(async (slot, key) => {
    await askForSubscription()
    const booking = await bookingApi.book(
      { slotId: slot.id, familyMemberId: person === SELF ? undefined : person, answers, joinWaitlist: slot.state === 'full' },
      key,
    )
    await Taro.redirectTo({ url: `/packages/booking/pages/detail/index?id=${booking.id}&new=1` })
  })

  return (
    <View>
      <ServiceHeading service={service} />
      <SlotPicker slots={slots} choice={choice} waitlist />
      <View className="section">
        <Text className="title">为谁预约</Text>
        <Chips
          className="person-chips"
          choices={[
            { value: SELF, label: `本人（${me?.displayName ?? ''}）` },
            ...(family.data?.items ?? []).map((m) => ({ value: m.id, label: `${FAMILY_RELATION_LABELS[m.relation]} ${m.name}` })),
          ]}
          value={person}
          onChange={setPerson}
        />
        <Button className="btn" onClick={() => Taro.navigateTo({ url: '/packages/booking/pages/family/index' })}>
          添加家人（亲情代办）
        </Button>
      </View>
      <AnswerFields questions={questions} answers={answers} onAnswer={(id, value) => setAnswers((a) => ({ ...a, [id]: value }))} fieldError={action.fieldError} edited={action.edited} />
      <SubmitBar action={action} label={!chosen ? null : chosen.state === 'full' ? '加入候补' : '确认预约'} onSubmit={book} />
    </View>
  )
}
