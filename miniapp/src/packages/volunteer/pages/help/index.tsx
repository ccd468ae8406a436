import { Button, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { HelpRequest } from '@linli/shared'
import { useEffect, useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { helpApi } from '../../api/help'
import { HelpCard } from '../../components/help-card'
import './index.css'
import { slotLabel } from '../../../../components/dates'

/** How often the requester's page asks for the code again: it turns every minute. */
const CODE_REFRESH_MS = 20_000

/** At the door: the requester shows this code, the volunteer types it in to check in and, at the end, out. */
function CodeCard({ request, onRefresh }: { request: HelpRequest; onRefresh: () => void }) {
  useEffect(() => {
    const timer = setInterval(onRefresh, CODE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [onRefresh])
  if (!request.checkIn) {
    return (
      <View className="card help-code">
        <Text className="title">签到码</Text>
        <Text className="kv">服务开始前 30 分钟起，这里会显示签到码，请志愿者上门时输入。</Text>
      </View>
    )
  }
  return (
    <View className="card help-code">
      <Text className="title">请志愿者输入这个签到码</Text>
      <Text className="help-code__digits" aria-label={`签到码 ${request.checkIn.code.split('').join(' ')}`}>
        {request.checkIn.code}
      </Text>
      <Text className="kv muted">签到码每分钟更换；服务结束时志愿者再输入一次签退。</Text>
    </View>
  )
}

/** The volunteer who took it: give it back before it starts, or type the requester's code at the door. */
function VolunteerActions({ request, onChanged }: { request: HelpRequest; onChanged: () => void }) {
  const [code, setCode] = useState('')
  const action = useAction()
  const take = async () => {
    if (!(await confirmAction({ title: '确认接单？', content: `${slotLabel(request.date, `${request.startTime}–${request.endTime}`)}，${request.place}。服务开始前可以退回。`, confirmText: '接单' }))) return
    await action.run(async (key) => {
      await helpApi.take(request.id, key)
      onChanged()
      return '✓ 接单成功，请按时上门'
    })
  }
  const giveBack = async () => {
    if (!(await confirmAction({ title: '退回这一单？', content: '退回后其他志愿者可以接单。', confirmText: '退回', danger: true }))) return
    await action.run(async () => {
      await helpApi.giveBack(request.id)
      onChanged()
      return '已退回'
    })
  }
  const check = (what: 'in' | 'out') =>
    action.run(async (key) => {
      if (!request.shiftId) return
      await (what === 'in' ? helpApi.checkIn(request.shiftId, code.trim(), key) : helpApi.checkOut(request.shiftId, code.trim(), key))
      setCode('')
      onChanged()
      return what === 'in' ? '✓ 已签到，服务结束时请再输入签到码签退' : '✓ 已签退，时长待社区确认后计入时间银行'
    })
  return (
    <View className="card help-volunteer">
      {request.canTake && (
        <Button className="btn btn--main help-take" disabled={action.busy} onClick={take}>
          接单
        </Button>
      )}
      {request.tookIt && request.status === 'taken' && (
        <View className="field">
          <Text className="field__label">上门时输入求助人手机上显示的签到码（6 位数字）</Text>
          <Input className="input help-code-input" type="number" maxlength={6} nativeProps={{ 'aria-label': '签到码' }} value={code} onInput={(e) => setCode(e.detail.value)} />
          <Button className="btn btn--main help-check-in" disabled={action.busy || code.trim().length !== 6} onClick={() => check('in')}>
            签到
          </Button>
          <Button className="btn help-check-out" disabled={action.busy || code.trim().length !== 6} onClick={() => check('out')}>
            签退
          </Button>
        </View>
      )}
      {request.canGiveBack && (
        <Button className="btn btn--danger help-give-back" disabled={action.busy} onClick={giveBack}>
          退回接单
        </Button>
      )}
      <ActionResult action={action} className="help-action-result" />
    </View>
  )
}

/** 撤回求助: the requester (or the elder it is for) before the service starts; a volunteer who took it is told. */
function WithdrawAction({ request, onChanged }: { request: HelpRequest; onChanged: () => void }) {
  const action = useAction()
  const withdraw = async () => {
    const told = request.status === 'taken' ? `已接单的志愿者${request.volunteerName ? ` ${request.volunteerName}` : ''}会收到通知。` : ''
    const credits = request.status !== 'pending' && request.pay !== 'none' ? '预扣的时间币会退回。' : ''
    if (!(await confirmAction({ title: '撤回这条求助？', content: `撤回后不能恢复，如还需要帮助请重新发布。${told}${credits}`, confirmText: '撤回', danger: true }))) return
    await action.run(async () => {
      await helpApi.withdraw(request.id)
      onChanged()
      return '已撤回求助'
    })
  }
  return (
    <View className="card help-withdraw-card">
      <Button className="btn btn--danger help-withdraw" disabled={action.busy} onClick={withdraw}>
        撤回求助
      </Button>
      <ActionResult action={action} className="help-withdraw-result" />
    </View>
  )
}

/** 求助详情 (issue 12 item 6): status and the volunteer; the rotating code for the requester at the time of service; take and give back for volunteers. */
export default function HelpPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const request = useRequest(`help:${id}:${version}:${me?.id ?? ''}`, () => helpApi.request(id))
  const r = request.data
  if (!r) return <Page><Waiting request={request} /></Page>
  const reload = () => setVersion((n) => n + 1)
  return (
    <Page>
      <HelpCard request={r} linkToDetail={false} />
      {r.mine && r.status === 'taken' && <CodeCard request={r} onRefresh={reload} />}
      {r.mine && r.status === 'approved' && (
        <View className="card">
          <Text className="kv">已通过审核，正在等待志愿者接单。</Text>
        </View>
      )}
      {r.mine && r.status === 'pending' && (
        <View className="card">
          <Text className="kv">社区工作人员正在审核。</Text>
        </View>
      )}
      {r.mine && r.status === 'withdrawn' && (
        <View className="card">
          <Text className="kv help-withdrawn-note">这条求助已撤回。如还需要帮助，请重新发布。</Text>
        </View>
      )}
      {r.canWithdraw && <WithdrawAction request={r} onChanged={reload} />}
      {!r.mine && (r.canTake || r.tookIt) && <VolunteerActions request={r} onChanged={reload} />}
    </Page>
  )
}
