import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { BOOKING_STATUS_LABELS, LIST_LIMIT_MAX, type Booking, type BookingStatus, type SuspensionSchema } from '@linli/shared'
import { useEffect, useState } from 'react'
import type { z } from 'zod'
import { ApiError } from '../../../../api/client'
import { type StaffAction, bookingApi } from '../../../../api/booking'
import { catalogApi } from '../../../../api/catalog'
import { messageFor } from '../../../../api/errors'
import { ActionResult } from '../../../../components/action-result'
import { BookingCard } from '../../../../components/booking-card'
import { CalendarWarning } from '../../../../components/calendar-warning'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { addDays, dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { type ActionState, useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'

type Suspension = z.infer<typeof SuspensionSchema>

/** Which buttons a booking offers in each status; declining and cancelling ask for a reason. */
const ACTIONS: Partial<Record<BookingStatus, { action: StaffAction; label: string }[]>> = {
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
const NEEDS_REASON: StaffAction[] = ['decline', 'staff-cancel']
/**
 * Actions that free a seat, which may promote someone from the waitlist: the board reloads from
 * its first page. Any other changes only its own booking, updated where it is, so staff working
 * on a page 加载更多 brought stay there.
 */
const FREES_SEAT: StaffAction[] = ['decline', 'staff-cancel']

/** What an action that cannot be undone will do, said before it is done. */
function consequence(action: StaffAction, b: Booking): { title: string; content: string; confirmText: string } | null {
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

/**
 * A staff action as the board runs it: the result is shown where it was tapped (and as a toast),
 * and the board reloads after it. `work` returns what was done, or nothing when the person
 * thought better of it at the confirmation.
 */
function useBoardAction(reload: () => void): ActionState {
  const action = useAction()
  return {
    ...action,
    run: (work) =>
      action.run(async (key) => {
        const done = await work(key)
        if (!done) return
        void Taro.showToast({ title: '已完成', icon: 'success' })
        reload()
        return done
      }),
  }
}

/** 签到 by the resident's 6-digit code, typed or scanned (WeChat only). */
function CheckInCard({ communityId, reload }: { communityId: string; reload(): void }) {
  const [code, setCode] = useState('')
  const checkIn = useBoardAction(reload)
  const checkInBy = async (value: string) => {
    const b = await bookingApi.checkInByCode(communityId, value.trim())
    return `已签到：${b.serviceName} ${b.time} ${b.servedName}`
  }
  const send = () =>
    checkIn.run(() => {
      setCode('')
      return checkInBy(code)
    })
  const scan = () =>
    checkIn.run(async () => {
      const scanned = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).catch(() => {
        throw new ApiError('SCAN_FAILED', messageFor('SCAN_FAILED'), 0)
      })
      return checkInBy(scanned.result)
    })
  return (
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
        <Button className="btn check-in-button" disabled={code.length !== 6 || checkIn.busy} onClick={send}>
          签到
        </Button>
      </View>
      <ActionResult action={checkIn} className="check-in-result" />
      {process.env.TARO_ENV === 'weapp' && (
        <Button className="btn btn--main" disabled={checkIn.busy} onClick={scan}>
          扫码签到
        </Button>
      )}
    </View>
  )
}

function SuspensionRow({ suspension, reload }: { suspension: Suspension; reload(): void }) {
  const lift = useBoardAction(reload)
  return (
    <View>
      <View className="row">
        <Text>
          {suspension.categoryName}｜{suspension.reason}
        </Text>
        <Button
          className="btn lift-suspension"
          disabled={lift.busy}
          onClick={() =>
            lift.run(async () => {
              await bookingApi.liftSuspension(suspension.id, '工作人员核实后解除')
              return '已解除，居民可以重新自助预约'
            })
          }
        >
          解除
        </Button>
      </View>
      <ActionResult action={lift} className="suspension-result" />
    </View>
  )
}

/** One booking on the board with the actions its status allows; 拒绝 and 代取消 ask for a reason first. */
function BoardBooking({ booking: b, reload, done }: { booking: Booking; reload(): void; done(b: Booking, action: StaffAction): void }) {
  const act = useBoardAction(reload)
  const [reasonFor, setReasonFor] = useState<StaffAction | null>(null)
  const [reason, setReason] = useState('')
  const perform = (action: StaffAction, actionReason?: string) => {
    if (NEEDS_REASON.includes(action) && !actionReason) {
      setReasonFor(action)
      setReason('')
      return
    }
    void act.run(async () => {
      const ask = consequence(action, b)
      if (ask && !(await confirmAction({ ...ask, danger: action !== 'serve' }))) return
      setReasonFor(null)
      const x = await bookingApi.staffAction(b.id, action, actionReason)
      done(x, action)
      return `${x.servedName}：${BOOKING_STATUS_LABELS[x.status]}`
    })
  }
  return (
    <BookingCard booking={b} showAnswers>
      <View className="actions">
        {(ACTIONS[b.status] ?? []).map((a) => (
          <Button key={a.action} className={`btn action-${a.action}`} disabled={act.busy} onClick={() => perform(a.action)}>
            {a.label}
          </Button>
        ))}
      </View>
      <ActionResult action={act} className="action-result" />
      {reasonFor && (
        <View className="field">
          <Text className="field__label">{reasonFor === 'decline' ? '拒绝原因（居民会看到）' : '取消原因（居民会收到通知）'}</Text>
          <Input className="input action-reason" nativeProps={{ 'aria-label': '原因' }} maxlength={200} value={reason} onInput={(e) => setReason(e.detail.value)} />
          <Button className="btn btn--main" disabled={!reason.trim() || act.busy} onClick={() => perform(reasonFor, reason.trim())}>
            确定
          </Button>
        </View>
      )}
    </BookingCard>
  )
}

export default function BoardPage() {
  const { me } = useAppState()
  const grant = me?.roles.find((r) => r.role === 'staff' && r.communityId) ?? null
  const communityId = grant?.communityId ?? me?.community?.id ?? null
  // The board opens on today in the community, on the server's clock (staff phones may be set anywhere).
  const todayState = useToday(communityId)
  const today = todayState.data?.date ?? null
  const [picked, setDate] = useState<string | null>(null)
  const date = picked ?? today
  const [status, setStatus] = useState<BookingStatus | 'all'>('all')
  const [version, setVersion] = useState(0)
  const reload = () => setVersion((v) => v + 1)
  const [serviceFilter, setServiceFilter] = useState<string>('all')
  // The filters go to the BFF, so every page 加载更多 adds is of the same day, status and service.
  const query = {
    communityId: communityId ?? '',
    date: date ?? '',
    status: status === 'all' ? undefined : status,
    serviceId: serviceFilter === 'all' ? undefined : serviceFilter,
  }
  const board = useRequest(communityId && date && `${communityId}:${date}:${status}:${serviceFilter}:${version}`, () => bookingApi.board(query))
  const pages = useMorePages(board.data, (cursor) => bookingApi.board({ ...query, cursor }))
  // The service chips: the community's services, not the ones on the pages loaded so far.
  const services = useRequest(communityId && `services:${communityId}`, () => catalogApi.services(communityId ?? '', { limit: LIST_LIMIT_MAX }))
  const suspensions = useRequest(grant && communityId ? `suspensions:${communityId}:${version}` : null, () => bookingApi.communitySuspensions(communityId ?? ''))
  // Bookings changed by an action since the board's first page came: shown as they are now.
  const [changed, setChanged] = useState<Record<string, Booking>>({})
  useEffect(() => setChanged({}), [board.data])
  const afterAction = (b: Booking, action: StaffAction) => {
    if (FREES_SEAT.includes(action)) reload()
    else setChanged((c) => ({ ...c, [b.id]: b }))
  }

  if (!me || (!grant && !me.roles.some((r) => r.role === 'provider' || r.role === 'street_admin'))) {
    return (
      <Page>
        <Empty text="这里是社区工作人员和服务机构（如社区律师、助餐点）处理预约的地方，您的账号没有这项权限" />
      </Page>
    )
  }
  if (today === null || date === null) return <Page><Waiting request={todayState} /></Page>

  return (
    <Page>
      <CalendarWarning />
      {communityId && <CheckInCard communityId={communityId} reload={reload} />}

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
            <SuspensionRow key={x.id} suspension={x} reload={reload} />
          ))}
        </View>
      )}

      {services.data && services.data.items.length > 1 && (
        <Chips
          className="board-services"
          choices={[{ value: 'all', label: '全部服务' }, ...services.data.items.map((x) => ({ value: x.id, label: x.name }))]}
          value={serviceFilter}
          onChange={setServiceFilter}
        />
      )}

      {board.loading && !board.data ? (
        <Loading />
      ) : board.error ? (
        <ErrorState error={board.error} onRetry={board.reload} />
      ) : board.data && board.data.items.length > 0 ? (
        <View className="board-list">
          <Text className="muted kv board-total">
            {dayLabel(date)}共 {board.data.total} 个{status === 'all' ? '' : BOOKING_STATUS_LABELS[status]}预约，按开始时间排列
          </Text>
          {pages.items.map((b) => (
            <BoardBooking key={b.id} booking={changed[b.id] ?? b} reload={suspensions.reload} done={afterAction} />
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={`${dayLabel(date)}没有${status === 'all' ? '' : `${BOOKING_STATUS_LABELS[status]}的`}预约`} />
      )}
    </Page>
  )
}
