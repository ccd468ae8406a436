import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { type AvailabilityRule, type BookingSettings, CHECK_IN_LEAD_MINUTES_DEFAULT, type Closure } from '@linli/shared'
import { useEffect, useState } from 'react'
import { type ApiError } from '../../../../api/client'
import { bookingApi } from '../../../../api/booking'
import { catalogApi } from '../../../../api/catalog'
import { ActionResult } from '../../../../components/action-result'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { addDays, dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading, Waiting } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'

const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

const DEFAULT_SETTINGS: BookingSettings = {
  mode: 'session',
  slotMinutes: null,
  minNoticeMinutes: 60,
  maxDaysAhead: 7,
  cancelBeforeMinutes: 120,
  cancelByLocalTime: null,
  maxOpenPerPerson: null,
  maxPerDayPerPerson: 1,
  requiresConfirmation: false,
  reminderLeadMinutes: 120,
  checkInLeadMinutes: CHECK_IN_LEAD_MINUTES_DEFAULT,
  questions: [],
}

/** The setting a refused field belongs to, in the words of the form (never the API's path). */
const FIELD_NAMES: Record<string, string> = {
  slotMinutes: '每个时段多少分钟',
  minNoticeMinutes: '最少提前多少分钟预约',
  maxDaysAhead: '最多可预约未来几天',
  cancelBeforeMinutes: '开始前多少分钟可取消',
  cancelByLocalTime: '当天几点前可取消',
  maxOpenPerPerson: '每人同时最多保留几个预约',
  maxPerDayPerPerson: '每人每天最多预约几次',
  reminderLeadMinutes: '提前多少分钟提醒居民',
  checkInLeadMinutes: '开始前多少分钟起可以签到',
}
function fieldName(field: { path: string; message: string }): string {
  if (field.path.startsWith('rules')) return '每周开放时间'
  return FIELD_NAMES[field.path.split('.')[1] ?? ''] ?? field.message
}

/** A refused save names the settings to check, not the schema's paths. */
function describeSetupError(error: ApiError): string {
  return error.fields.length > 0 ? `请检查：${[...new Set(error.fields.map(fieldName))].join('、')}` : error.message
}

/** `12月3日 周四` or `12月3日 周四 至 12月5日 周六`. */
function spanText(startsOn: string, endsOn: string): string {
  return startsOn === endsOn ? dayLabel(startsOn) : `${dayLabel(startsOn)} 至 ${dayLabel(endsOn)}`
}

/** A number field that keeps what was typed and reports a number, or null when empty. */
function NumberField({ label, value, onChange, className }: { label: string; value: number | null; onChange(v: number | null): void; className?: string }) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      <Input
        className={`input ${className ?? ''}`}
        nativeProps={{ 'aria-label': label }}
        type="number"
        value={value === null ? '' : String(value)}
        onInput={(e) => onChange(e.detail.value === '' ? null : Number(e.detail.value))}
      />
    </View>
  )
}

export default function SetupPage() {
  const { params } = useRouter()
  const serviceId = params.serviceId ?? ''
  const service = useRequest(serviceId, () => catalogApi.service(serviceId))
  const current = useRequest(`setup:${serviceId}`, () =>
    bookingApi.bookingSetup(serviceId).catch((err: ApiError) => {
      if (err.code === 'SERVICE_NOT_BOOKABLE') return { settings: DEFAULT_SETTINGS, rules: [] }
      throw err
    }),
  )
  const [settings, setSettings] = useState<BookingSettings>(DEFAULT_SETTINGS)
  const [rules, setRules] = useState<AvailabilityRule[]>([])
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5])
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('11:00')
  const [capacity, setCapacity] = useState<number | null>(10)
  const saving = useAction()
  // A closure starts today or later in the service's community, on the server's clock.
  const todayState = useToday(service.data?.communityId)
  const [closure, setClosure] = useState({ startsOn: null as string | null, days: 1 as number | null, reason: '', wholeCommunity: false })
  const closing = useAction()
  const lifting = useAction()
  const [closuresVersion, setClosuresVersion] = useState(0)
  const communityId = service.data?.communityId ?? null
  const closures = useRequest(communityId && `closures:${serviceId}:${closuresVersion}`, () => bookingApi.closures(communityId ?? '', serviceId))
  const closurePages = useMorePages(closures.data, (cursor) => bookingApi.closures(communityId ?? '', serviceId, cursor))

  useEffect(() => {
    if (current.data) {
      setSettings(current.data.settings)
      setRules(current.data.rules)
    }
  }, [current.data])

  if (service.loading || current.loading) return <Page><Loading /></Page>
  const loadError = service.error ?? current.error
  if (loadError) return <Page><ErrorState error={loadError} onRetry={() => { service.reload(); current.reload() }} /></Page>
  if (!service.data) return <Page><Loading /></Page>
  if (!todayState.data) return <Page><Waiting request={todayState} /></Page>
  const s = service.data
  const today = todayState.data.date
  const startsOn = closure.startsOn ?? today
  const set = <K extends keyof BookingSettings>(key: K, value: BookingSettings[K]) => setSettings((prev) => ({ ...prev, [key]: value }))

  const addRules = () => {
    if (!capacity || days.length === 0) return
    setRules((prev) => [...prev, ...days.map((weekday) => ({ weekday, startTime: start, endTime: end, capacity }))])
  }

  const save = () =>
    saving.run(async () => {
      await bookingApi.saveSetup(serviceId, { settings, rules })
      return '已保存，新的开放时间立即生效'
    })

  /** Says how many bookings the closure cancels and asks first; the result shows under the button. */
  const close = () =>
    closing.run(async () => {
      const span = { startsOn, endsOn: addDays(startsOn, Math.max((closure.days ?? 1) - 1, 0)) }
      const scope = closure.wholeCommunity ? '全社区所有服务' : s.name
      const preview = await bookingApi.previewClosure({ communityId: s.communityId, serviceId: closure.wholeCommunity ? undefined : serviceId, ...span })
      const confirmed = await confirmAction({
        title: '设置暂停服务日',
        content: `${spanText(span.startsOn, span.endsOn)}，${scope}暂停预约。${
          preview.bookings > 0 ? `已有的${preview.bookings}个预约将被取消，并通知居民（恢复开放后也不会自动恢复）。` : '这几天还没有居民预约。'
        }${preview.helperRequests > 0 ? `这几天的${preview.helperRequests}个志愿者帮手安排也将取消，并通知已报名的志愿者。` : ''}`,
        confirmText: '确认暂停',
        danger: true,
      })
      if (!confirmed) return
      const result = await bookingApi.addClosure({ communityId: s.communityId, serviceId: closure.wholeCommunity ? null : serviceId, ...span, reason: closure.reason.trim() })
      setClosure((c) => ({ ...c, reason: '' }))
      setClosuresVersion((v) => v + 1)
      const helpers = result.helperRequestsEnded > 0 ? `已取消${result.helperRequestsEnded}个志愿者帮手安排并通知志愿者。` : ''
      return `已设置：${spanText(span.startsOn, span.endsOn)}暂停预约。${result.cancelled > 0 ? `已取消${result.cancelled}个预约并通知居民。` : '这几天没有需要取消的预约。'}${helpers}`
    })

  const lift = (c: Closure) =>
    lifting.run(async () => {
      const confirmed = await confirmAction({
        title: '恢复开放预约',
        content: `${spanText(c.startsOn, c.endsOn)}（${c.reason}）将恢复开放，居民可以重新预约。之前因此取消的预约不会恢复。`,
        confirmText: '恢复开放',
      })
      if (!confirmed) return
      await bookingApi.liftClosure(c.id)
      setClosuresVersion((v) => v + 1)
      return `已恢复开放：${spanText(c.startsOn, c.endsOn)}。之前取消的预约仍是取消状态。`
    })

  return (
    <Page>
      <Text className="headline">{s.name}</Text>
      <View className="card">
        <Text className="title">预约方式</Text>
        <Chips<BookingSettings['mode']>
          choices={[
            { value: 'session', label: '按场次（如午餐一场40人）' },
            { value: 'timed', label: '按时段（如咨询每30分钟1人）' },
          ]}
          value={settings.mode}
          onChange={(mode) => set('mode', mode)}
        />
        {settings.mode === 'timed' && <NumberField label="每个时段多少分钟" value={settings.slotMinutes} onChange={(v) => set('slotMinutes', v)} />}
      </View>

      <View className="card">
        <Text className="title">每周开放时间</Text>
        {rules.length === 0 && <Text className="muted kv">还没有开放时间，居民看不到可预约的时段。</Text>}
        {rules.map((r, i) => (
          <View key={`${r.weekday}-${r.startTime}-${i}`} className="row setup-rule">
            <Text>
              {WEEKDAY_LABELS[r.weekday]} {r.startTime}–{r.endTime}，{r.capacity}人
            </Text>
            <Button className="btn btn--danger" onClick={() => setRules((prev) => prev.filter((_, j) => j !== i))}>
              删除
            </Button>
          </View>
        ))}
        <Text className="field__label">添加：选择星期</Text>
        <View className="chips">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <View key={d} className={`chip ${days.includes(d) ? 'chip--active' : ''}`} onClick={() => setDays((prev) => (prev.includes(d) ? prev.filter((x) => x !== d) : [...prev, d]))}>
              <Text>
                {days.includes(d) ? '✓ ' : ''}
                {WEEKDAY_LABELS[d]}
              </Text>
            </View>
          ))}
        </View>
        <View className="row">
          <Picker mode="time" value={start} onChange={(e) => setStart(String(e.detail.value))}>
            <View className="input"><Text>开始 {start}</Text></View>
          </Picker>
          <Picker mode="time" value={end} onChange={(e) => setEnd(String(e.detail.value))}>
            <View className="input"><Text>结束 {end}</Text></View>
          </Picker>
        </View>
        <NumberField label="每个时段可约人数" value={capacity} onChange={setCapacity} />
        <Button className="btn" onClick={addRules}>
          添加开放时间
        </Button>
      </View>

      <View className="card">
        <Text className="title">预约与取消规则</Text>
        <NumberField label="最少提前多少分钟预约" value={settings.minNoticeMinutes} onChange={(v) => set('minNoticeMinutes', v ?? 0)} />
        <NumberField label="最多可预约未来几天" value={settings.maxDaysAhead} onChange={(v) => set('maxDaysAhead', v ?? 0)} />
        <View className="field">
          <Text className="field__label">当天几点前可取消（如助餐 09:30；留空则按开始前分钟数）</Text>
          <Input className="input" nativeProps={{ 'aria-label': '当天几点前可取消' }} placeholder="HH:MM" value={settings.cancelByLocalTime ?? ''} onInput={(e) => set('cancelByLocalTime', e.detail.value.trim() || null)} />
        </View>
        <NumberField label="开始前多少分钟可取消" value={settings.cancelBeforeMinutes} onChange={(v) => set('cancelBeforeMinutes', v)} />
        <NumberField label="每人同时最多保留几个预约（留空不限）" value={settings.maxOpenPerPerson} onChange={(v) => set('maxOpenPerPerson', v)} />
        <NumberField label="每人每天最多预约几次（留空不限）" value={settings.maxPerDayPerPerson} onChange={(v) => set('maxPerDayPerPerson', v)} />
        <NumberField label="提前多少分钟提醒居民" value={settings.reminderLeadMinutes} onChange={(v) => set('reminderLeadMinutes', v ?? 0)} />
        <NumberField
          label="开始前多少分钟起可以签到（已服务要等开始后才能标记）"
          className="check-in-lead"
          value={settings.checkInLeadMinutes}
          onChange={(v) => set('checkInLeadMinutes', v ?? CHECK_IN_LEAD_MINUTES_DEFAULT)}
        />
        <Chips<'auto' | 'confirm'>
          choices={[
            { value: 'auto', label: '预约即成功' },
            { value: 'confirm', label: '需工作人员确认' },
          ]}
          value={settings.requiresConfirmation ? 'confirm' : 'auto'}
          onChange={(v) => set('requiresConfirmation', v === 'confirm')}
        />
      </View>

      <ActionResult action={saving} className="setup-saved" describe={describeSetupError} />
      <Button className="btn btn--main save-setup" disabled={saving.busy} onClick={save}>
        保存设置
      </Button>

      <View className="card section">
        <Text className="title">暂停服务日（节假日、检修等）</Text>
        <Text className="muted kv">设置后这几天不能预约，已有的预约会被取消并通知居民。</Text>
        <Text className="field__label">从哪天开始</Text>
        <Chips
          className="closure-dates"
          choices={Array.from({ length: 14 }, (_, i) => addDays(today, i)).map((d) => ({ value: d, label: dayLabel(d) }))}
          value={startsOn}
          onChange={(d) => setClosure((c) => ({ ...c, startsOn: d }))}
        />
        <Picker mode="date" value={startsOn} start={today} onChange={(e) => setClosure((c) => ({ ...c, startsOn: String(e.detail.value) }))}>
          <View className="input"><Text>其他日期：{dayLabel(startsOn)}</Text></View>
        </Picker>
        <NumberField label="共几天" value={closure.days} onChange={(v) => setClosure((c) => ({ ...c, days: v }))} />
        <Chips<'service' | 'community'>
          choices={[
            { value: 'service', label: '仅本服务' },
            { value: 'community', label: '全社区所有服务' },
          ]}
          value={closure.wholeCommunity ? 'community' : 'service'}
          onChange={(v) => setClosure((c) => ({ ...c, wholeCommunity: v === 'community' }))}
        />
        <Input
          className="input closure-reason"
          nativeProps={{ 'aria-label': '暂停原因（居民会看到）' }}
          placeholder="原因（居民会看到），如：国庆放假"
          value={closure.reason}
          onInput={(e) => setClosure((c) => ({ ...c, reason: e.detail.value }))}
        />
        <Button className="btn btn--danger add-closure" disabled={!closure.reason.trim() || closing.busy} onClick={close}>
          设置暂停服务日
        </Button>
        <ActionResult action={closing} className="closure-message" describe={(e) => e.fields[0]?.message ?? e.message} />
      </View>

      <View className="card section closures">
        <Text className="title">已安排的暂停服务日</Text>
        <ActionResult action={lifting} className="lift-message" />
        {closures.loading && !closures.data ? (
          <Loading />
        ) : closures.error ? (
          <ErrorState error={closures.error} onRetry={closures.reload} />
        ) : closures.data && closures.data.items.length > 0 ? (
          <View>
            {closurePages.items.map((c) => (
              <View key={c.id} className="row closure-item">
                <Text>
                  {spanText(c.startsOn, c.endsOn)}｜{c.serviceName ?? '全社区'}｜{c.reason}
                </Text>
                <Button className="btn lift-closure" disabled={lifting.busy} onClick={() => lift(c)}>
                  恢复开放
                </Button>
              </View>
            ))}
            <LoadMore pages={closurePages} />
          </View>
        ) : (
          <Empty text="今天以后没有暂停服务的安排" />
        )}
      </View>
    </Page>
  )
}
