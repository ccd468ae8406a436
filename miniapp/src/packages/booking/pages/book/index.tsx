import { Button, Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { ANSWER_MAX_LENGTH, FAMILY_RELATION_LABELS, type Slot, type WalkInResult } from '@linli/shared'
import { useEffect, useMemo, useState } from 'react'
import { type ApiError, api, newIdempotencyKey } from '../../../../api/client'
import { askForSubscription } from '../../../../api/subscribe'
import { Chips } from '../../../../components/chips'
import { dayLabel, slotLabel, todayInChina } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { asApiError, useRequest } from '../../../../state/use-request'

const SELF = 'self'

function slotText(slot: Slot): string {
  if (slot.state === 'closed') return `暂停：${slot.note ?? ''}`
  if (slot.state === 'unavailable') return '不在预约时间内'
  if (slot.state === 'full') return `已约满${slot.waitlisted > 0 ? `（候补${slot.waitlisted}人）` : ''}，可候补`
  return `剩余 ${slot.remaining} 个名额`
}

function timeOf(iso: string): string {
  // Slot times are shown in China time, as the service runs there.
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16)
}

export default function BookPage() {
  const { params } = useRouter()
  const serviceId = params.serviceId ?? ''
  const rescheduleId = params.rescheduleId ?? null
  // 窗口代办: a staff member books for a resident at the counter, named by phone, or by name and birth date.
  const walkIn = params.walkIn === '1'
  const [walkInPhone, setWalkInPhone] = useState('')
  const [walkInName, setWalkInName] = useState('')
  const [walkInBirth, setWalkInBirth] = useState('')
  // The counter stays on this page: the result is read out, then 「下一位」.
  const [walkInDone, setWalkInDone] = useState<WalkInResult | null>(null)
  const { me } = useAppState()
  const service = useRequest(serviceId, () => api.service(serviceId))
  const setup = useRequest(serviceId, () => api.bookingSetup(serviceId))
  const [slotsVersion, setSlotsVersion] = useState(0)
  const slots = useRequest(`${serviceId}:${slotsVersion}`, () => api.slots(serviceId, undefined, 14))
  const [familyVersion, setFamilyVersion] = useState(0)
  const family = useRequest(me && !rescheduleId && !walkIn ? `family:${familyVersion}` : null, () => api.family())
  useDidShow(() => setFamilyVersion((v) => v + 1))

  // Days beyond the booking window are left out; closed days stay, so their reason can be read.
  const dates = useMemo(
    () => [...new Set((slots.data?.items ?? []).filter((s) => s.state !== 'unavailable').map((s) => s.date))],
    [slots.data],
  )
  const [date, setDate] = useState<string | null>(null)
  const [slotId, setSlotId] = useState<string | null>(null)
  const [person, setPerson] = useState<string>(SELF)
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  // One key per intended booking: a retry after a lost answer reuses it, a new choice gets a new one.
  const [key, setKey] = useState(newIdempotencyKey)
  useEffect(() => setKey(newIdempotencyKey()), [slotId, person, rescheduleId])

  useEffect(() => {
    if (date === null && slots.data) {
      const firstOpen = slots.data.items.find((s) => s.state === 'open') ?? slots.data.items.find((s) => s.state !== 'unavailable')
      setDate(firstOpen?.date ?? null)
    }
  }, [slots.data, date])

  if (!me) {
    return (
      <Page>
        <Empty
          text="登录后才能预约"
          action={
            <Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>
              去登录
            </Button>
          }
        />
      </Page>
    )
  }
  if (service.loading || setup.loading || slots.loading) return <Page><Loading /></Page>
  const loadError = service.error ?? setup.error ?? slots.error
  if (loadError) return <Page><ErrorState error={loadError} onRetry={() => { service.reload(); setup.reload(); slots.reload() }} /></Page>
  if (!service.data || !setup.data || !slots.data) return <Page><Loading /></Page>

  const daySlots = slots.data.items.filter((s) => s.date === date)
  const chosen = slots.data.items.find((s) => s.id === slotId) ?? null
  const questions = rescheduleId ? [] : setup.data.settings.questions
  const fieldError = (path: string) => error?.fields.find((f) => f.path === path)?.message

  const submit = async () => {
    if (!chosen) return
    setBusy(true)
    setError(null)
    try {
      if (rescheduleId) {
        await api.reschedule(rescheduleId, chosen.id, key)
        await Taro.navigateBack()
        return
      }
      if (walkIn) {
        const booking = await api.walkIn(
          { slotId: chosen.id, phone: walkInPhone.trim() || undefined, name: walkInName.trim(), birthDate: walkInBirth.trim() || undefined, answers },
          key,
        )
        setWalkInDone(booking)
        setKey(newIdempotencyKey())
        setSlotsVersion((v) => v + 1)
        return
      }
      await askForSubscription()
      const booking = await api.book(
        {
          slotId: chosen.id,
          familyMemberId: person === SELF ? undefined : person,
          answers,
          joinWaitlist: chosen.state === 'full',
        },
        key,
      )
      await Taro.redirectTo({ url: `/packages/booking/pages/detail/index?id=${booking.id}&new=1` })
    } catch (err) {
      const apiError = asApiError(err)
      setError(apiError)
      // The BFF keeps a refusal under its key; what the person submits after fixing it is a new request.
      // Only a request that never got an answer is retried with the same key.
      if (apiError.code !== 'NETWORK') setKey(newIdempotencyKey())
      // Seats move: show the latest counts after a refusal.
      if (apiError.code === 'SLOT_FULL' || apiError.code === 'SLOT_CLOSED') setSlotsVersion((v) => v + 1)
    } finally {
      setBusy(false)
    }
  }

  const nextWalkIn = () => {
    setWalkInDone(null)
    setWalkInPhone('')
    setWalkInName('')
    setWalkInBirth('')
    setAnswers({})
    setSlotId(null)
    setError(null)
  }

  if (walkInDone) {
    return (
      <Page>
        <Text className="headline">窗口代办：{service.data.name}</Text>
        <View className="card walk-in-done" aria-live="polite">
          <Text className="title">预约成功，请告诉居民签到码</Text>
          <Text className="check-in-code walk-in-code">{walkInDone.checkInCode}</Text>
          <Text className="kv booking-when">{slotLabel(walkInDone.date, walkInDone.time)}</Text>
          <Text className="kv">{walkInDone.serviceName}{walkInDone.place ? `｜${walkInDone.place}` : ''}</Text>
          <Text className="kv">服务对象：{walkInDone.servedName}</Text>
          <Text className="muted kv">{walkInDone.resident === 'found' ? '已找到这位居民的登记信息，预约记在他/她名下。' : '已为这位居民新建登记，下次可凭姓名和出生日期办理。'}</Text>
          <Text className="muted kv">到场时报签到码，或由工作人员在预约看板上签到。</Text>
        </View>
        <Button className="btn btn--main next-walk-in" onClick={nextWalkIn}>
          下一位
        </Button>
      </Page>
    )
  }

  return (
    <Page>
      <Text className="headline">{rescheduleId ? `改约：${service.data.name}` : walkIn ? `窗口代办：${service.data.name}` : service.data.name}</Text>
      <Text className="muted kv">{service.data.facility?.name ?? service.data.communityName}</Text>

      <Text className="title">选择日期</Text>
      {dates.length === 0 ? (
        <Empty text="近两周没有开放的时段" />
      ) : (
        <Chips className="date-chips" choices={dates.map((d) => ({ value: d, label: dayLabel(d) }))} value={date} onChange={(d) => { setDate(d); setSlotId(null) }} />
      )}

      {date && (
        <View className="section">
          <Text className="title">选择时段</Text>
          {daySlots.map((s) => {
            const selectable = s.state === 'open' || (s.state === 'full' && !rescheduleId && !walkIn)
            return (
              <View
                key={s.id}
                className={`slot ${slotId === s.id ? 'slot--active' : ''} ${selectable ? '' : 'slot--disabled'}`}
                onClick={() => selectable && setSlotId(s.id)}
              >
                <Text>
                  {slotId === s.id ? '✓ ' : ''}
                  {timeOf(s.startsAt)}–{timeOf(s.endsAt)}
                </Text>
                <Text className="muted">{slotText(s)}</Text>
              </View>
            )
          })}
        </View>
      )}

      {walkIn && (
        <View className="section">
          <Text className="title">窗口代办：居民信息</Text>
          <Text className="muted kv">没有手机号的居民，填姓名和出生日期（请核对证件），会按本社区的登记找到本人。</Text>
          <View className="field">
            <Text className="field__label">居民姓名</Text>
            <Input className="input walk-in-name" nativeProps={{ 'aria-label': '居民姓名' }} maxlength={20} value={walkInName} onInput={(e) => setWalkInName(e.detail.value)} />
            {fieldError('name') && <Text className="field__error">{fieldError('name')}</Text>}
          </View>
          <View className="field">
            <Text className="field__label">出生日期（没有手机号，或服务有年龄要求时必填）</Text>
            <Input className="input walk-in-birth" nativeProps={{ 'aria-label': '出生日期' }} placeholder="如 1950-03-15" maxlength={10} value={walkInBirth} onInput={(e) => setWalkInBirth(e.detail.value)} />
            {fieldError('birthDate') && <Text className="field__error">{fieldError('birthDate')}</Text>}
            <Picker mode="date" value={walkInBirth || '1950-01-01'} start="1900-01-01" end={todayInChina()} onChange={(e) => setWalkInBirth(String(e.detail.value))}>
              <View className="btn walk-in-birth-picker">
                <Text>从日历选择</Text>
              </View>
            </Picker>
          </View>
          <View className="field">
            <Text className="field__label">居民手机号（没有可不填）</Text>
            <Input className="input walk-in-phone" nativeProps={{ 'aria-label': '居民手机号（没有可不填）' }} type="number" maxlength={11} value={walkInPhone} onInput={(e) => setWalkInPhone(e.detail.value)} />
            {fieldError('phone') && <Text className="field__error">{fieldError('phone')}</Text>}
          </View>
        </View>
      )}

      {!rescheduleId && !walkIn && (
        <View className="section">
          <Text className="title">为谁预约</Text>
          <Chips
            className="person-chips"
            choices={[
              { value: SELF, label: `本人（${me.displayName}）` },
              ...(family.data?.items ?? []).map((m) => ({ value: m.id, label: `${FAMILY_RELATION_LABELS[m.relation]} ${m.name}` })),
            ]}
            value={person}
            onChange={setPerson}
          />
          <Button className="btn" onClick={() => Taro.navigateTo({ url: '/packages/booking/pages/family/index' })}>
            添加家人（亲情代办）
          </Button>
        </View>
      )}

      {questions.map((q) => (
        <View key={q.id} className="field">
          <Text className="field__label">
            {q.label}
            {q.required ? '（必填）' : '（选填）'}
          </Text>
          <Input
            className={`input answer-${q.id}`}
            nativeProps={{ 'aria-label': q.label }}
            maxlength={Math.min(q.maxLength, ANSWER_MAX_LENGTH)}
            value={answers[q.id] ?? ''}
            onInput={(e) => setAnswers((a) => ({ ...a, [q.id]: e.detail.value }))}
          />
          {fieldError(`answers.${q.id}`) && <Text className="field__error">{fieldError(`answers.${q.id}`)}</Text>}
        </View>
      ))}

      {error && error.fields.length === 0 && <Text className="field__error kv booking-error">{error.message}</Text>}
      <Button className="btn btn--main submit-booking" disabled={!chosen || busy} onClick={submit}>
        {busy ? '正在提交…' : !chosen ? '请先选择时段' : rescheduleId ? '确认改约' : chosen.state === 'full' ? '加入候补' : '确认预约'}
      </Button>
    </Page>
  )
}
