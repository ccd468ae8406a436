import { Button, Image, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { type ActivityHours, HOURS_REASON_MAX_LENGTH, type RosterEntry } from '@linli/shared'
import { useEffect, useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { hoursApi } from '../../api/hours'
import './index.css'
import { spanLabel } from '../../../../components/dates'

type Shift = ActivityHours['shifts'][number]

/**
 * The shift's rotating code, big, with a QR of the check-in page carrying it. The code changes
 * every minute: a countdown to the change, then the new one is fetched.
 */
function CodePanel({ shiftId }: { shiftId: string }) {
  const [round, setRound] = useState(0)
  const code = useRequest(`code:${shiftId}:${round}`, () => hoursApi.code(shiftId))
  const [left, setLeft] = useState<number | null>(null)
  useEffect(() => {
    if (code.data) setLeft(code.data.secondsLeft)
  }, [code.data])
  useEffect(() => {
    const timer = setInterval(() => setLeft((n) => (n === null ? n : n - 1)), 1000)
    return () => clearInterval(timer)
  }, [])
  useEffect(() => {
    if (left !== null && left <= 0) {
      setLeft(null)
      setRound((n) => n + 1)
    }
  }, [left])
  const c = code.data
  if (!c) return <Waiting request={code} />
  return (
    <View className="organiser-code">
      <Text className="kv">签到码（请志愿者输入或扫码）</Text>
      <Text className="organiser-code__digits" aria-live="polite">
        {c.code}
      </Text>
      <Text className="kv muted organiser-code__left">{left !== null ? `${left} 秒后更换` : '正在更换…'}</Text>
      <Image className="organiser-code__qr" src={c.qrCode} mode="aspectFit" nativeProps={{ alt: `签到二维码，签到码 ${c.code}` }} />
    </View>
  )
}

function timesOf(e: RosterEntry): string {
  const r = e.record
  if (!r) return e.signedUp ? '未签到' : '未报名'
  const out = r.checkedOutAtLocal ? `签退 ${r.checkedOutAtLocal.time}` : '未签退'
  return `签到 ${r.checkedInAtLocal.time} · ${out}${r.minutes !== null ? ` · ${r.hours} 小时` : ''}`
}

/** 更正 (minutes and a reason) or 撤销 (a reason) of one record, as a form under the entry. */
function EntryForm({ entry, mode, capMinutes, onDone }: { entry: RosterEntry; mode: 'fix' | 'revoke'; capMinutes: number; onDone: () => void }) {
  const [minutes, setMinutes] = useState(entry.record?.minutes ? String(entry.record.minutes) : String(capMinutes))
  const [reason, setReason] = useState('')
  const action = useAction()
  const record = entry.record!
  const submit = async () => {
    if (mode === 'revoke' && !(await confirmAction({ title: '撤销这条记录？', content: `${entry.name} 的这条服务记录将标为已撤销${record.status === 'confirmed' ? '，已确认的时长随之扣除' : ''}。`, confirmText: '撤销', danger: true }))) return
    await action.run(async (key) => {
      if (mode === 'fix') await hoursApi.fix(record.id, { minutes: Number(minutes) || 0, reason: reason.trim() }, key)
      else await hoursApi.revoke(record.id, reason.trim(), key)
      onDone()
      return mode === 'fix' ? '✓ 已更正，新记录待确认' : '✓ 已撤销'
    })
  }
  const fieldError = (path: string) => action.error?.fields.find((f) => f.path === path)?.message
  return (
    <View className="organiser-form">
      {mode === 'fix' && (
        <View className="field">
          <Text className="field__label">实际服务时长（分钟，最多 {capMinutes}）</Text>
          <Input className="input organiser-fix-minutes" type="number" maxlength={4} nativeProps={{ 'aria-label': '实际服务时长（分钟）' }} value={minutes} onInput={(e) => setMinutes(e.detail.value)} />
          {fieldError('minutes') && <Text className="field__error">{fieldError('minutes')}</Text>}
        </View>
      )}
      <View className="field">
        <Text className="field__label">{mode === 'fix' ? '更正原因（如：忘记签退，组织者核实）' : '撤销原因'}</Text>
        <Input className="input organiser-reason" maxlength={HOURS_REASON_MAX_LENGTH} nativeProps={{ 'aria-label': mode === 'fix' ? '更正原因' : '撤销原因' }} value={reason} onInput={(e) => setReason(e.detail.value)} />
        {fieldError('reason') && <Text className="field__error">{fieldError('reason')}</Text>}
      </View>
      <Button className={`btn ${mode === 'fix' ? 'btn--main' : 'btn--danger'} organiser-form-submit`} disabled={action.busy || reason.trim() === ''} onClick={submit}>
        {mode === 'fix' ? '提交更正' : '撤销记录'}
      </Button>
      <ActionResult action={action} describe={(e) => (e.fields.length ? '请按提示修改' : e.message)} />
    </View>
  )
}

function Entry({ entry, capMinutes, selected, onToggle, onChanged }: { entry: RosterEntry; capMinutes: number; selected: boolean; onToggle: () => void; onChanged: () => void }) {
  const [form, setForm] = useState<'fix' | 'revoke' | null>(null)
  const r = entry.record
  const fixable = r && ['open', 'pending', 'confirmed'].includes(r.status) && !entry.own
  const revocable = r && (r.status === 'pending' || r.status === 'confirmed') && !entry.own
  return (
    <View className="organiser-entry">
      <Text className="kv organiser-entry__name">
        {entry.name}
        {entry.own ? '（本人）' : ''} · {r ? r.statusLabel : entry.signedUp ? '已报名' : '—'}
      </Text>
      <Text className="kv muted">{timesOf(entry)}</Text>
      {r?.fixReason && <Text className="kv muted">更正原因：{r.fixReason}</Text>}
      {r?.revokeReason && <Text className="kv muted">撤销原因：{r.revokeReason}</Text>}
      <View className="organiser-entry__actions">
        {r?.status === 'pending' && !entry.own && (
          <Button className={`btn organiser-select ${selected ? 'btn--main' : ''}`} aria-pressed={selected} onClick={onToggle}>
            {selected ? '✓ 已选' : '选择'}
          </Button>
        )}
        {fixable && (
          <Button className="btn organiser-fix" onClick={() => setForm(form === 'fix' ? null : 'fix')}>
            {r.status === 'open' ? '补签退' : '更正'}
          </Button>
        )}
        {revocable && (
          <Button className="btn organiser-revoke" onClick={() => setForm(form === 'revoke' ? null : 'revoke')}>
            撤销
          </Button>
        )}
      </View>
      {form && r && (
        <EntryForm
          entry={entry}
          mode={form}
          capMinutes={capMinutes}
          onDone={() => {
            setForm(null)
            onChanged()
          }}
        />
      )}
    </View>
  )
}

function ShiftCard({ activityId, shift, onChanged }: { activityId: string; shift: Shift; onChanged: () => void }) {
  const [selected, setSelected] = useState<string[]>([])
  const confirming = useAction()
  const pending = shift.entries.filter((e) => e.record?.status === 'pending' && !e.own)
  const toggle = (id: string) => setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))
  const confirm = async (all: boolean) => {
    const count = all ? pending.length : selected.length
    const ok = await confirmAction({ title: `确认 ${count} 条服务时长？`, content: '确认后计入志愿者的服务时长（本人的记录须由其他组织者确认）。', confirmText: '确认' })
    if (!ok) return
    await confirming.run(async (key) => {
      const result = await hoursApi.confirm(activityId, all ? { shiftId: shift.shiftId } : { recordIds: selected }, key)
      setSelected([])
      onChanged()
      return `✓ 已确认 ${result.confirmed} 条，共 ${Math.round((result.minutes / 60) * 100) / 100} 小时`
    })
  }
  return (
    <View className="card organiser-shift">
      <Text className="title">
        {shift.role} · {spanLabel(shift.startsAtLocal, shift.endsAtLocal)}
      </Text>
      <CodePanel shiftId={shift.shiftId} />
      <Text className="title">签到名单</Text>
      {shift.entries.length === 0 && <Empty text="这个班次还没有人报名" />}
      {shift.entries.map((e) => (
        <Entry key={e.userId} entry={e} capMinutes={shift.capMinutes} selected={!!e.record && selected.includes(e.record.id)} onToggle={() => e.record && toggle(e.record.id)} onChanged={onChanged} />
      ))}
      {pending.length > 0 && (
        <View className="organiser-entry__actions organiser-confirm">
          <Button className="btn btn--main organiser-confirm-selected" disabled={confirming.busy || selected.length === 0} onClick={() => void confirm(false)}>
            批量确认所选（{selected.length}）
          </Button>
          <Button className="btn organiser-confirm-all" disabled={confirming.busy} onClick={() => void confirm(true)}>
            确认本班次全部待确认（{pending.length}）
          </Button>
        </View>
      )}
      <ActionResult action={confirming} />
    </View>
  )
}

/**
 * 签到与时长 (issue 12 item 3), for the organiser of `?activityId=`: each shift's rotating code and QR,
 * the roster with check-in and check-out times and minutes, 补签退 / 更正 with a reason, 批量确认 and 撤销.
 */
export default function OrganiserPage() {
  const { params } = useRouter()
  const activityId = params.activityId ?? ''
  const [version, setVersion] = useState(0)
  const hours = useRequest(activityId ? `activity-hours:${activityId}:${version}` : null, () => hoursApi.activity(activityId))
  if (!activityId) return <Page><Empty text="请从志愿活动页进入" /></Page>
  const a = hours.data
  if (!a) return <Page><Waiting request={hours} /></Page>
  return (
    <Page>
      <Text className="title">{a.title}</Text>
      <Text className="kv muted">
        {a.categoryLabel} · {a.place} · 待确认 {a.pending} 条
      </Text>
      {a.shifts.length === 0 && <Empty text="这个活动没有班次" />}
      {a.shifts.map((s) => (
        <ShiftCard key={s.shiftId} activityId={a.activityId} shift={s} onChanged={() => setVersion((n) => n + 1)} />
      ))}
    </Page>
  )
}
