import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BOOKING_STATUS_LABELS, type Booking, type BookingStatus } from '@linli/shared'
import { useState } from 'react'
import { api } from '../../../../api/client'
import { BookingCard } from '../../../../components/booking-card'
import { CalendarWarning } from '../../../../components/calendar-warning'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { addDays, dayLabel, todayInChina } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { asApiError, useRequest } from '../../../../state/use-request'

type Action = 'confirm' | 'decline' | 'check-in' | 'serve' | 'no-show' | 'staff-cancel'

/** Which buttons a booking offers in each status; declining and cancelling ask for a reason. */
const ACTIONS: Partial<Record<BookingStatus, { action: Action; label: string }[]>> = {
  pending: [
    { action: 'confirm', label: '确认' },
    { action: 'decline', label: '拒绝' },
  ],
  confirmed: [
    { action: 'check-in', label: '签到' },
    { action: 'serve', label: '已服务' },
    { action: 'no-show', label: '未到场' },
    { action: 'staff-cancel', label: '代取消' },
  ],
  checked_in: [{ action: 'serve', label: '已服务' }],
  waitlisted: [{ action: 'staff-cancel', label: '代取消' }],
}
const NEEDS_REASON: Action[] = ['decline', 'staff-cancel']

/** What an action that cannot be undone will do, said before it is done. */
function consequence(action: Action, b: Booking): { title: string; content: string; confirmText: string } | null {
  const what = `${b.servedName}：${b.serviceName}（${dayLabel(b.date)} ${b.time}）`
  switch (action) {
    case 'serve':
      return { title: '标记已服务', content: `${what}将标记为已服务，不能撤回；居民随后可以评价这次服务。`, confirmText: '已服务' }
    case 'no-show':
      return { title: '标记未到场', content: `${what}将标记为未到场，不能撤回；多次未到场会暂停居民自助预约此类服务。`, confirmText: '未到场' }
    case 'decline':
      return { title: '拒绝预约', content: `${what}将被拒绝，居民会收到通知和原因，名额让给候补的居民。`, confirmText: '拒绝' }
    case 'staff-cancel':
      return { title: '代居民取消', content: `${what}将被取消，居民会收到通知和原因，名额让给候补的居民。`, confirmText: '代取消' }
    default:
      return null
  }
}

interface Outcome {
  ok: boolean
  text: string
}

function OutcomeText({ outcome, className }: { outcome: Outcome | null | undefined; className: string }) {
  if (!outcome) return null
  return (
    <Text className={`kv ${className} ${outcome.ok ? 'result--ok' : 'field__error'}`} aria-live="polite">
      {outcome.text}
    </Text>
  )
}

export default function BoardPage() {
  const { me } = useAppState()
  const grant = me?.roles.find((r) => r.role === 'staff' && r.communityId) ?? null
  const communityId = grant?.communityId ?? me?.community?.id ?? null
  const today = todayInChina()
  const [date, setDate] = useState(today)
  const [status, setStatus] = useState<BookingStatus | 'all'>('all')
  const [version, setVersion] = useState(0)
  const board = useRequest(communityId && `${communityId}:${date}:${status}:${version}`, () =>
    api.board({ communityId: communityId ?? '', date, status: status === 'all' ? undefined : status }),
  )
  const [serviceFilter, setServiceFilter] = useState<string>('all')
  const [code, setCode] = useState('')
  const [checkInOutcome, setCheckInOutcome] = useState<Outcome | null>(null)
  // Each result is shown next to what was tapped: per booking card, per suspension.
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({})
  const suspensions = useRequest(grant && communityId ? `suspensions:${communityId}:${version}` : null, () => api.communitySuspensions(communityId ?? ''))
  const [reasonFor, setReasonFor] = useState<{ id: string; action: Action } | null>(null)
  const [reason, setReason] = useState('')

  /** Runs one staff action and reports it where it was tapped (and as a toast); the board reloads on success. */
  const perform = async <T,>(work: () => Promise<T>, report: (outcome: Outcome) => void, done: (value: T) => string) => {
    try {
      const text = done(await work())
      report({ ok: true, text })
      void Taro.showToast({ title: '已完成', icon: 'success' })
      setVersion((v) => v + 1)
    } catch (err) {
      report({ ok: false, text: asApiError(err).message })
    }
  }
  const reportOn = (id: string) => (outcome: Outcome) => setOutcomes((prev) => ({ ...prev, [id]: outcome }))

  const checkIn = async (value: string) => {
    setCheckInOutcome(null)
    await perform(
      () => api.checkInByCode(communityId ?? '', value.trim()),
      setCheckInOutcome,
      (b) => `已签到：${b.serviceName} ${b.time} ${b.servedName}`,
    )
    setCode('')
  }

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await checkIn(result.result)
    } catch {
      setCheckInOutcome({ ok: false, text: '没有扫到签到码，可以手动输入' })
    }
  }

  const act = async (b: Booking, action: Action, actionReason?: string) => {
    if (NEEDS_REASON.includes(action) && !actionReason) {
      setReasonFor({ id: b.id, action })
      setReason('')
      return
    }
    const ask = consequence(action, b)
    if (ask && !(await confirmAction({ ...ask, danger: action !== 'serve' }))) return
    setReasonFor(null)
    await perform(() => api.staffAction(b.id, action, actionReason), reportOn(b.id), (x) => `${x.servedName}：${BOOKING_STATUS_LABELS[x.status]}`)
  }

  if (!me || (!grant && !me.roles.some((r) => r.role === 'provider' || r.role === 'street_admin'))) {
    return (
      <Page>
        <Empty text="这里是社区工作人员和服务机构（如社区律师、助餐点）处理预约的地方，您的账号没有这项权限" />
      </Page>
    )
  }

  return (
    <Page>
      <CalendarWarning />
      <View className="card">
        <Text className="title">签到</Text>
        <Text className="muted kv">服务开始前一段时间（一般为 1 小时）起可以签到。</Text>
        <View className="row">
          <Input
            className="input input--grow check-in-input"
            type="number"
            maxlength={6}
            placeholder="输入居民的6位签到码"
            nativeProps={{ 'aria-label': '居民的6位签到码' }}
            value={code}
            onInput={(e) => setCode(e.detail.value)}
          />
          <Button className="btn check-in-button" disabled={code.length !== 6} onClick={() => checkIn(code)}>
            签到
          </Button>
        </View>
        <OutcomeText outcome={checkInOutcome} className="check-in-result" />
        {process.env.TARO_ENV === 'weapp' && (
          <Button className="btn btn--main" onClick={scan}>
            扫码签到
          </Button>
        )}
      </View>

      <Chips
        className="board-dates"
        choices={[-1, 0, 1, 2, 3, 4, 5, 6, 7].map((n) => {
          const d = addDays(today, n)
          return { value: d, label: n === 0 ? `今天 ${dayLabel(d)}` : dayLabel(d) }
        })}
        value={date}
        onChange={setDate}
      />
      <Chips<BookingStatus | 'all'>
        className="board-status"
        choices={[{ value: 'all' as const, label: '全部' }, ...(['pending', 'confirmed', 'waitlisted', 'checked_in', 'served', 'no_show', 'cancelled'] as const).map((s) => ({ value: s, label: BOOKING_STATUS_LABELS[s] }))]}
        value={status}
        onChange={setStatus}
      />

      {suspensions.data && suspensions.data.items.length > 0 && (
        <View className="card">
          <Text className="title">暂停自助预约的居民</Text>
          {suspensions.data.items.map((x) => (
            <View key={x.id}>
              <View className="row">
                <Text>
                  {x.categoryName}｜{x.reason}
                </Text>
                <Button
                  className="btn lift-suspension"
                  onClick={() => perform(() => api.liftSuspension(x.id, '工作人员核实后解除'), reportOn(x.id), () => '已解除，居民可以重新自助预约')}
                >
                  解除
                </Button>
              </View>
              <OutcomeText outcome={outcomes[x.id]} className="suspension-result" />
            </View>
          ))}
        </View>
      )}

      {board.data && board.data.items.length > 0 && (
        <Chips
          className="board-services"
          choices={[{ value: 'all', label: '全部服务' }, ...[...new Set(board.data.items.map((b) => b.serviceName))].map((n) => ({ value: n, label: n }))]}
          value={serviceFilter}
          onChange={setServiceFilter}
        />
      )}

      {board.loading && !board.data ? (
        <Loading />
      ) : board.error ? (
        <ErrorState error={board.error} onRetry={board.reload} />
      ) : board.data && board.data.items.length > 0 ? (
        board.data.items.filter((b) => serviceFilter === 'all' || b.serviceName === serviceFilter).map((b) => (
          <BookingCard key={b.id} booking={b} showAnswers>
            <View className="actions">
              {(ACTIONS[b.status] ?? []).map((a) => (
                <Button key={a.action} className={`btn action-${a.action}`} onClick={() => act(b, a.action)}>
                  {a.label}
                </Button>
              ))}
            </View>
            <OutcomeText outcome={outcomes[b.id]} className="action-result" />
            {reasonFor?.id === b.id && (
              <View className="field">
                <Text className="field__label">{reasonFor.action === 'decline' ? '拒绝原因（居民会看到）' : '取消原因（居民会收到通知）'}</Text>
                <Input className="input action-reason" nativeProps={{ 'aria-label': '原因' }} maxlength={200} value={reason} onInput={(e) => setReason(e.detail.value)} />
                <Button className="btn btn--main" disabled={!reason.trim()} onClick={() => act(b, reasonFor.action, reason.trim())}>
                  确定
                </Button>
              </View>
            )}
          </BookingCard>
        ))
      ) : (
        <Empty text={`${dayLabel(date)}没有${status === 'all' ? '' : BOOKING_STATUS_LABELS[status]}的预约`} />
      )}
    </Page>
  )
}
