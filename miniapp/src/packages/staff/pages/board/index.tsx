import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BOOKING_STATUS_LABELS, type Booking, type BookingStatus } from '@linli/shared'
import { useState } from 'react'
import { api } from '../../../../api/client'
import { BookingCard } from '../../../../components/booking-card'
import { Chips } from '../../../../components/chips'
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
  const [message, setMessage] = useState<string | null>(null)
  const suspensions = useRequest(grant && communityId ? `suspensions:${communityId}:${version}` : null, () => api.communitySuspensions(communityId ?? ''))
  const [reasonFor, setReasonFor] = useState<{ id: string; action: Action } | null>(null)
  const [reason, setReason] = useState('')

  const run = async (work: () => Promise<Booking>, done: (b: Booking) => string) => {
    setMessage(null)
    try {
      const booking = await work()
      setMessage(done(booking))
      setVersion((v) => v + 1)
    } catch (err) {
      setMessage(asApiError(err).message)
    }
  }

  const checkIn = (value: string) =>
    run(
      () => api.checkInByCode(communityId ?? '', value.trim()),
      (b) => `已签到：${b.serviceName} ${b.time} ${b.servedName}`,
    ).then(() => setCode(''))

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      await checkIn(result.result)
    } catch {
      setMessage('没有扫到签到码，可以手动输入')
    }
  }

  const act = (id: string, action: Action) => {
    if (NEEDS_REASON.includes(action)) {
      setReasonFor({ id, action })
      setReason('')
      return
    }
    void run(() => api.staffAction(id, action), (b) => `${b.servedName}：${BOOKING_STATUS_LABELS[b.status]}`)
  }

  if (!me || (!grant && !me.roles.some((r) => r.role === 'provider' || r.role === 'street_admin'))) {
    return <Page><Empty text="只有社区工作者和服务承接方可以管理预约" /></Page>
  }

  return (
    <Page>
      <View className="card">
        <Text className="title">签到</Text>
        <View className="row">
          <Input className="input input--grow check-in-input" type="number" maxlength={6} placeholder="输入居民的6位签到码" value={code} onInput={(e) => setCode(e.detail.value)} />
          <Button className="btn check-in-button" disabled={code.length !== 6} onClick={() => checkIn(code)}>
            签到
          </Button>
        </View>
        {process.env.TARO_ENV === 'weapp' && (
          <Button className="btn btn--main" onClick={scan}>
            扫码签到
          </Button>
        )}
        {message && <Text className="kv board-message">{message}</Text>}
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
            <View key={x.id} className="row">
              <Text>
                {x.categoryName}｜{x.reason}
              </Text>
              <Button
                className="btn"
                onClick={() =>
                  api
                    .liftSuspension(x.id, '工作人员核实后解除')
                    .then(() => {
                      setMessage('已解除')
                      setVersion((v) => v + 1)
                    })
                    .catch((err: unknown) => setMessage(asApiError(err).message))
                }
              >
                解除
              </Button>
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
          <BookingCard key={b.id} booking={b}>
            <View className="actions">
              {(ACTIONS[b.status] ?? []).map((a) => (
                <Button key={a.action} className={`btn action-${a.action}`} onClick={() => act(b.id, a.action)}>
                  {a.label}
                </Button>
              ))}
            </View>
            {reasonFor?.id === b.id && (
              <View className="field">
                <Text className="field__label">{reasonFor.action === 'decline' ? '拒绝原因（居民会看到）' : '取消原因（居民会收到通知）'}</Text>
                <Input className="input" maxlength={200} value={reason} onInput={(e) => setReason(e.detail.value)} />
                <Button
                  className="btn btn--main"
                  disabled={!reason.trim()}
                  onClick={() => {
                    const { action } = reasonFor
                    setReasonFor(null)
                    void run(() => api.staffAction(b.id, action, reason.trim()), (x) => `${x.servedName}：${BOOKING_STATUS_LABELS[x.status]}`)
                  }}
                >
                  确定
                </Button>
              </View>
            )}
          </BookingCard>
        ))
      ) : (
        <Empty text="这一天没有预约" />
      )}
    </Page>
  )
}
