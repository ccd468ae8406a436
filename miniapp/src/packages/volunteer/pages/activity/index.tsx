import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { ACTIVITY_REASON_MAX_LENGTH, type Activity, type Shift } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { activitiesApi } from '../../api/activities'
import { deadlineLabel, spanLabel } from '../../../../components/dates'

const STATUS_LABELS: Record<Activity['status'], string> = { draft: '草稿', published: '报名中', cancelled: '已取消', finished: '已结束' }

/** What GB/T 40143 asks an activity to publish, each in plain words. */
function Facts({ a }: { a: Activity }) {
  const line = (label: string, value: string, className = '') => (
    <View className={`kv activity-fact ${className}`}>
      <Text className="muted">{label}：</Text>
      <Text>{value}</Text>
    </View>
  )
  const ages = a.minorsWithGuardian ? `年满 ${a.minAge} 周岁；未满 14 周岁须由监护人（已报名同一班次的成年志愿者）陪同` : `年满 ${a.minAge} 周岁`
  return (
    <View className="card activity-facts">
      <View className="service-card__head">
        <Text className="title">{a.title}</Text>
        <Text className="tag activity-status">{STATUS_LABELS[a.status]}</Text>
      </View>
      {a.cancelReason && <Text className="field__error kv activity-cancel-reason">活动已取消：{a.cancelReason}</Text>}
      <Text className="kv activity-content">{a.content}</Text>
      {line('服务类别', a.categoryLabel)}
      {line('地点', a.place)}
      {line('招募人数', `${a.headcount} 人`)}
      {line('年龄要求', ages)}
      {line('技能要求', a.requiredSkillLabels.length ? a.requiredSkillLabels.join('、') : '无')}
      {line('培训要求', a.training ?? '无需培训')}
      {line('报名方式', a.howToSignUp)}
      {line('风险提示', a.risks || '无')}
      {line('意外保险', a.insurance ?? (a.risky ? '未安排（不能发布）' : '未安排'), 'activity-insurance')}
    </View>
  )
}

/** One shift: seats left and the waitlist, her sign-up, and 报名 / 候补 / 取消报名. */
function ShiftCard({ a, shift, onChanged }: { a: Activity; shift: Shift; onChanged: () => void }) {
  const { me } = useAppState()
  const [training, setTraining] = useState(false)
  const [guardianNo, setGuardianNo] = useState('')
  const action = useAction()
  const full = shift.seatsLeft <= 0
  const mine = shift.mine
  const signUp = async () => {
    if (!me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    const when = spanLabel(shift.startsAtLocal, shift.endsAtLocal)
    const ok = await confirmAction(
      full
        ? { title: '报名候补？', content: `${shift.role} ${when} 名额已满。候补后有人取消会自动转为正式报名并通知您。`, confirmText: '候补' }
        : { title: '确认报名？', content: `${shift.role} ${when}，${a.place}。请按时到场签到。`, confirmText: '报名' },
    )
    if (!ok) return
    await action.run(async (key) => {
      const result = await activitiesApi.signUp(shift.id, { trainingConfirmed: training, guardianVolunteerNo: guardianNo.trim() }, key)
      onChanged()
      return result.status === 'signed_up' ? '✓ 报名成功' : `已进入候补名单，第 ${result.waitlistPosition ?? 1} 位`
    })
  }
  const cancel = async () => {
    if (!(await confirmAction({ title: '取消报名？', content: mine?.status === 'signed_up' ? '取消后名额将自动给第一位候补的志愿者。' : '取消后将退出候补名单。', confirmText: '取消报名', danger: true }))) return
    await action.run(async () => {
      await activitiesApi.cancelSignup(shift.id)
      onChanged()
      return '已取消报名'
    })
  }
  return (
    <View className="card shift-card">
      <Text className="title shift-role">{shift.role}</Text>
      <Text className="kv shift-time">
        {spanLabel(shift.startsAtLocal, shift.endsAtLocal)}
      </Text>
      <Text className="kv shift-seats">
        名额 {shift.capacity} 人 · {full ? '已满' : `剩余 ${shift.seatsLeft}`}
        {shift.waitlisted > 0 ? ` · 候补 ${shift.waitlisted} 人` : ''}
      </Text>
      <Text className="muted kv">
        报名截止：{deadlineLabel(shift.deadlineLocal)}
      </Text>
      {mine && (
        <Text className="kv shift-mine">
          {mine.status === 'signed_up' ? '✓ 您已报名' : `您在候补名单第 ${mine.waitlistPosition ?? 1} 位`}
          {mine.guardianName ? `（监护人 ${mine.guardianName} 陪同）` : ''}
        </Text>
      )}
      {shift.open && !mine && a.training && (
        <View className="checkbox-row training-confirm" role="checkbox" aria-checked={training} onClick={() => setTraining((t) => !t)}>
          <Text className="chip-mark">{training ? '☑' : '☐'}</Text>
          <Text>我已完成培训：{a.training}</Text>
        </View>
      )}
      {shift.open && !mine && a.minorsWithGuardian && (
        <View className="field">
          <Text className="field__label">未满 14 周岁请填写陪同监护人的志愿者编号（监护人须先报名本班次）</Text>
          <Input className="input guardian-no" nativeProps={{ 'aria-label': '监护人志愿者编号' }} maxlength={40} value={guardianNo} onInput={(e) => setGuardianNo(e.detail.value)} />
        </View>
      )}
      {shift.open && !mine && (
        <Button className="btn btn--main shift-sign-up" disabled={action.busy} onClick={signUp}>
          {full ? '报名候补' : '报名'}
        </Button>
      )}
      {shift.open && mine && (
        <Button className="btn btn--danger shift-cancel" disabled={action.busy} onClick={cancel}>
          取消报名
        </Button>
      )}
      {!shift.open && a.status === 'published' && <Text className="muted kv">报名已截止</Text>}
      <ActionResult action={action} className="shift-result" />
    </View>
  )
}

/** For the activity's organisers: publish a draft, the organiser page, change time or place, cancel with a reason. */
function OrganiserTools({ a, onChanged }: { a: Activity; onChanged: () => void }) {
  const [reason, setReason] = useState('')
  const publishing = useAction()
  const cancelling = useAction()
  const publish = async () => {
    if (!(await confirmAction({ title: '发布活动？', content: '发布后志愿者即可报名。', confirmText: '发布' }))) return
    await publishing.run(async () => {
      await activitiesApi.publish(a.id)
      onChanged()
      return '✓ 已发布'
    })
  }
  const cancel = async () => {
    if (!(await confirmAction({ title: '取消活动？', content: '所有报名和候补都会取消并通知志愿者，取消后不能恢复。', confirmText: '取消活动', danger: true }))) return
    await cancelling.run(async () => {
      await activitiesApi.cancel(a.id, reason)
      onChanged()
      return '活动已取消'
    })
  }
  if (a.status === 'cancelled') return null
  return (
    <View className="card organiser-tools">
      <Text className="title">活动管理</Text>
      {a.status === 'draft' && (
        <Button className="btn btn--main publish-draft" disabled={publishing.busy} onClick={publish}>
          发布活动
        </Button>
      )}
      <ActionResult action={publishing} />
      {a.status === 'published' && (
        <Button className="btn btn--main open-organiser" onClick={() => Taro.navigateTo({ url: `/packages/volunteer/pages/organiser/index?activityId=${a.id}` })}>
          签到与时长管理
        </Button>
      )}
      <Button className="btn edit-schedule" onClick={() => Taro.navigateTo({ url: `/packages/volunteer/pages/publish/index?activityId=${a.id}` })}>
        修改时间、地点或名额
      </Button>
      <Text className="field__label">取消原因（会通知已报名和候补的志愿者）</Text>
      <Textarea className="input activity-cancel-reason-input" nativeProps={{ 'aria-label': '取消原因' }} maxlength={ACTIVITY_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Button className="btn btn--danger cancel-activity" disabled={cancelling.busy} onClick={cancel}>
        取消活动
      </Button>
      <ActionResult action={cancelling} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 活动详情 (issue 12 item 2): what is published, its shifts, her sign-up; organisers' tools. */
export default function ActivityPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const activity = useRequest(`activity:${id}:${version}:${me?.id ?? ''}`, () => activitiesApi.activity(id))
  const reload = () => setVersion((n) => n + 1)
  const a = activity.data
  if (!a) return <Page><Waiting request={activity} /></Page>
  return (
    <Page>
      <Facts a={a} />
      <Text className="title section">班次</Text>
      {a.shifts.map((s) => (
        <ShiftCard key={s.id} a={a} shift={s} onChanged={reload} />
      ))}
      {a.canOrganise && <OrganiserTools a={a} onChanged={reload} />}
    </Page>
  )
}
