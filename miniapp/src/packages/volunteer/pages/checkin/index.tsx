import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { MyShift } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { hoursApi } from '../../api/hours'
import './index.css'
import { spanLabel } from '../../../../components/dates'

/** shiftId and code from the check-in page's address, as the organiser's QR carries them. */
function fromScan(text: string): { shiftId?: string; code?: string } {
  const query = text.split('?')[1] ?? ''
  const params = new Map(query.split('&').map((p) => p.split('=') as [string, string]))
  return { shiftId: params.get('shiftId'), code: params.get('code') }
}

function timeLine(s: MyShift): string {
  return spanLabel(s.startsAtLocal, s.endsAtLocal)
}

/** What her record of the shift says, in words. */
function RecordLine({ shift }: { shift: MyShift }) {
  const r = shift.record
  if (!r) return null
  if (r.status === 'open') return <Text className="kv checkin-state">已签到：{r.checkedInAtLocal.time}，服务结束后请签退</Text>
  return (
    <View>
      <Text className="kv checkin-state">
        签到 {r.checkedInAtLocal.time} · 签退 {r.checkedOutAtLocal?.time ?? '—'} · {r.statusLabel}
      </Text>
      <Text className="checkin-hours">本次服务 {r.hours ?? 0} 小时{r.status === 'pending' ? '，等待组织者确认' : ''}</Text>
    </View>
  )
}

/** One of her shifts: the code typed (or scanned), then 签到 or 签退. */
function ShiftCard({ shift, initialCode, onChanged }: { shift: MyShift; initialCode: string; onChanged: () => void }) {
  const [code, setCode] = useState(initialCode)
  const action = useAction()
  const can = shift.canCheckIn || shift.canCheckOut
  const submit = () =>
    action.run(async (key) => {
      const done = shift.canCheckIn ? await hoursApi.checkIn(shift.shiftId, code.trim(), key) : await hoursApi.checkOut(shift.shiftId, code.trim(), key)
      setCode('')
      onChanged()
      return done.record?.status === 'open' ? `✓ 签到成功（${done.record.checkedInAtLocal.time}）` : '✓ 签退成功'
    })
  const scan = async () => {
    const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] }).catch(() => null)
    if (!result) return
    const scanned = fromScan(result.result)
    if (scanned.shiftId && scanned.shiftId !== shift.shiftId) {
      void Taro.showToast({ title: '这不是本班次的签到码', icon: 'none' })
      return
    }
    if (scanned.code) setCode(scanned.code)
  }
  return (
    <View className="card checkin-shift">
      <Text className="title">{shift.title}</Text>
      <Text className="kv">
        {shift.role} · {timeLine(shift)}
      </Text>
      <Text className="kv muted">{shift.place}</Text>
      <RecordLine shift={shift} />
      {!shift.record && !shift.canCheckIn && <Text className="kv muted">班次开始前 30 分钟可以签到</Text>}
      {can && (
        <View className="field">
          <Text className="field__label">{shift.canCheckIn ? '签到码' : '签退码'}：组织者屏幕上的 6 位数字</Text>
          <Input
            className="input checkin-code"
            type="number"
            maxlength={6}
            nativeProps={{ 'aria-label': shift.canCheckIn ? '签到码' : '签退码', inputMode: 'numeric', autoComplete: 'one-time-code' }}
            value={code}
            onInput={(e) => setCode(e.detail.value)}
          />
          <View className="checkin-actions">
            <Button className="btn btn--main checkin-submit" disabled={action.busy || code.trim().length !== 6} onClick={submit}>
              {shift.canCheckIn ? '签到' : '签退'}
            </Button>
            {process.env.TARO_ENV === 'weapp' && (
              <Button className="btn checkin-scan" onClick={scan}>
                扫组织者的二维码
              </Button>
            )}
          </View>
        </View>
      )}
      <ActionResult action={action} />
    </View>
  )
}

/**
 * 志愿签到 (issue 12 item 3): her shifts coming or under way; she types the organiser's six digits
 * (or scans the QR in WeChat; in H5 the QR opens this page with shiftId and code) to check in, and
 * again to check out. The BFF checks the window, the code and her seat.
 */
export default function CheckinPage() {
  const { params } = useRouter()
  const [version, setVersion] = useState(0)
  const shifts = useRequest(`my-shifts:${version}`, () => hoursApi.myShifts())
  const list = shifts.data
  if (!list) return <Page><Waiting request={shifts} /></Page>
  const scanned = params.shiftId && list.items.some((s) => s.shiftId === params.shiftId) ? params.shiftId : null
  return (
    <Page>
      <Text className="title">我的志愿班次</Text>
      {params.shiftId && !scanned && <Text className="kv field__error">您没有报名这个班次，或该班次签到已结束</Text>}
      {list.items.length === 0 && (
        <Empty
          text="近期没有您报名的班次"
          action={
            <Button className="btn" onClick={() => void Taro.navigateTo({ url: '/packages/volunteer/pages/activities/index' })}>
              去看志愿活动
            </Button>
          }
        />
      )}
      {list.items.map((s) => (
        <ShiftCard key={s.shiftId} shift={s} initialCode={s.shiftId === scanned ? (params.code ?? '') : ''} onChanged={() => setVersion((n) => n + 1)} />
      ))}
      <Button className="btn" onClick={() => void Taro.navigateTo({ url: '/packages/volunteer/pages/records/index' })}>
        我的服务记录
      </Button>
    </Page>
  )
}
