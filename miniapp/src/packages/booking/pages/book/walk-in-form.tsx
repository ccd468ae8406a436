import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { BIRTH_DATE_MIN, type BookingQuestion, type WalkInResult } from '@linli/shared'
import { useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { slotLabel } from '../../../../components/dates'
import { useToday } from '../../../../state/use-today'
import { AnswerFields, type BookModeProps, ServiceHeading, SubmitBar, useBookingForm } from './form-parts'
import { SlotPicker } from './slot-picker'

type WalkInProps = BookModeProps & { questions: BookingQuestion[] }

/**
 * 窗口代办: a staff member books for a resident at the counter, named by phone, or by name and
 * birth date. The counter stays on this page: the result is read out, then 「下一位」 starts afresh.
 */
export function WalkInForm(props: WalkInProps) {
  const [round, setRound] = useState(0)
  return <WalkIn key={round} {...props} onNext={() => setRound((r) => r + 1)} />
}

function WalkIn({ service, slots, refreshSlots, questions, onNext }: WalkInProps & { onNext(): void }) {
  const [phone, setPhone] = useState('')
  const [name, setName] = useState('')
  const [birthDate, setBirthDate] = useState('')
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const [done, setDone] = useState<WalkInResult | null>(null)
  const { choice, action, submit } = useBookingForm(slots, refreshSlots)
  const { fieldError, edited } = action
  const today = useToday(service.communityId)
  const book = submit(async (slot, key) => {
    const input = { slotId: slot.id, phone: phone.trim() || undefined, name: name.trim(), birthDate: birthDate.trim() || undefined, answers }
    setDone(await bookingApi.walkIn(input, key))
    refreshSlots()
  })

  if (done) {
    return (
      <View>
        <Text className="headline">窗口代办：{service.name}</Text>
        <View className="card walk-in-done" aria-live="polite">
          <Text className="title">预约成功，请告诉居民签到码</Text>
          <Text className="check-in-code walk-in-code">{done.checkInCode}</Text>
          <Text className="kv booking-when">{slotLabel(done.date, done.time)}</Text>
          <Text className="kv">{done.serviceName}{done.place ? `｜${done.place}` : ''}</Text>
          <Text className="kv">服务对象：{done.servedName}</Text>
          <Text className="muted kv">{done.resident === 'found' ? '已找到这位居民的登记信息，预约记在他/她名下。' : '已为这位居民新建登记，下次可凭姓名和出生日期办理。'}</Text>
          <Text className="muted kv">到场时报签到码，或由工作人员在预约看板上签到。</Text>
        </View>
        <Button className="btn btn--main next-walk-in" onClick={onNext}>
          下一位
        </Button>
      </View>
    )
  }

  return (
    <View>
      <ServiceHeading service={service} mode="窗口代办" />
      <SlotPicker slots={slots} choice={choice} waitlist={false} />
      <View className="section">
        <Text className="title">窗口代办：居民信息</Text>
        <Text className="muted kv">没有手机号的居民，填姓名和出生日期（请核对证件），会按本社区的登记找到本人。</Text>
        <View className="field">
          <Text className="field__label">居民姓名</Text>
          <Input className="input walk-in-name" nativeProps={{ 'aria-label': '居民姓名' }} maxlength={20} value={name} onInput={(e) => {
              setName(e.detail.value)
              edited('name')
            }} />
          {fieldError('name') && <Text className="field__error">{fieldError('name')}</Text>}
        </View>
        <View className="field">
          <Text className="field__label">出生日期（没有手机号，或服务有年龄要求时必填）</Text>
          <Input className="input walk-in-birth" nativeProps={{ 'aria-label': '出生日期' }} placeholder="如 1950-03-15" maxlength={10} value={birthDate} onInput={(e) => {
              setBirthDate(e.detail.value)
              edited('birthDate')
            }} />
          {fieldError('birthDate') && <Text className="field__error">{fieldError('birthDate')}</Text>}
          <Picker mode="date" value={birthDate || '1950-01-01'} start={BIRTH_DATE_MIN} end={today.data?.date} onChange={(e) => {
              setBirthDate(String(e.detail.value))
              edited('birthDate')
            }}>
            <View className="btn walk-in-birth-picker">
              <Text>从日历选择</Text>
            </View>
          </Picker>
        </View>
        <View className="field">
          <Text className="field__label">居民手机号（没有可不填）</Text>
          <Input className="input walk-in-phone" nativeProps={{ 'aria-label': '居民手机号（没有可不填）' }} type="number" maxlength={11} value={phone} onInput={(e) => {
              setPhone(e.detail.value)
              edited('phone')
            }} />
          {fieldError('phone') && <Text className="field__error">{fieldError('phone')}</Text>}
        </View>
      </View>
      <AnswerFields questions={questions} answers={answers} onAnswer={(id, value) => setAnswers((a) => ({ ...a, [id]: value }))} fieldError={fieldError} edited={edited} />
      <SubmitBar action={action} label={choice.chosen ? '确认预约' : null} onSubmit={book} />
    </View>
  )
}
