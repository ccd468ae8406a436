import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ESCALATION_REASON_MAX_LENGTH, ESCALATION_STATUS_LABELS, type Escalation, type TopicDetail } from '@linli/shared'
import { useState } from 'react'
import { calendarApi } from '../../../api/calendar'
import { ActionResult } from '../../../components/action-result'
import { confirmAction } from '../../../components/confirm'
import { addDays, dayLabel, momentLabel } from '../../../components/dates'
import { useAppState } from '../../../state/app-state'
import { useAction } from '../../../state/use-action'
import { useRequest } from '../../../state/use-request'
import { oversightApi } from '../api/oversight'

/** The street is asked to answer within this many days unless staff pick another day. */
const DUE_DAYS_DEFAULT = 10

/** One sending and, once there, the street's answer: the status in words, never by colour alone. */
export function EscalationCard({ escalation }: { escalation: Escalation }) {
  return (
    <View className="escalation-item">
      <View className="service-card__head">
        <Text className="kv">上报于 {momentLabel(escalation.sentAtLocal)}</Text>
        <Text className="tag escalation-status">{ESCALATION_STATUS_LABELS[escalation.status]}</Text>
      </View>
      <Text className="kv escalation-reason">上报原因：{escalation.reason}</Text>
      <Text className="muted kv">答复期限：{dayLabel(escalation.dueDate)}</Text>
      {escalation.answer && (
        <View className="escalation-answer">
          <Text className="kv">街道答复{escalation.answeredAtLocal ? `（${momentLabel(escalation.answeredAtLocal)}）` : ''}：</Text>
          <Text className="kv escalation-answer-text">{escalation.answer}</Text>
        </View>
      )}
    </View>
  )
}

/** 上报街道: the reason and the day the street should answer by, on the community's clock. */
function EscalateForm({ topic, onSent }: { topic: TopicDetail; onSent: () => void }) {
  const today = useRequest(`today:${topic.communityId}`, () => calendarApi.today(topic.communityId))
  const [reason, setReason] = useState('')
  const [dueDate, setDueDate] = useState<string | null>(null)
  const sending = useAction()
  const start = today.data?.date
  const due = dueDate ?? (start ? addDays(start, DUE_DAYS_DEFAULT) : '')
  const fieldError = (path: string) => sending.error?.fields.find((f) => f.path === path)?.message
  const submit = async () => {
    if (!(await confirmAction({ title: '上报街道？', content: `请街道在 ${dayLabel(due)} 前答复，答复将在议题页公开。`, confirmText: '上报' }))) return
    await sending.run(async (idempotencyKey) => {
      await oversightApi.escalate(topic.id, { reason, dueDate: due }, idempotencyKey)
      setReason('')
      onSent()
      return '已上报街道'
    })
  }
  return (
    <View className="escalate-form">
      <Text className="muted kv">超出社区权限的事项（如市政道路、街道统筹的经费），可上报街道办理。</Text>
      <View className="field">
        <Text className="field__label">上报原因</Text>
        <Textarea className="input escalation-reason-input" nativeProps={{ 'aria-label': '上报原因' }} maxlength={ESCALATION_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
        {fieldError('reason') && <Text className="field__error">{fieldError('reason')}</Text>}
      </View>
      <View className="field">
        <Text className="field__label">答复期限</Text>
        <Picker mode="date" value={due} start={start} onChange={(e) => setDueDate(String(e.detail.value))}>
          <View className="input escalation-due" aria-label="答复期限">{due ? dayLabel(due) : '正在加载…'}</View>
        </Picker>
        {fieldError('dueDate') && <Text className="field__error">{fieldError('dueDate')}</Text>}
      </View>
      <Button className="btn btn--main escalate" disabled={sending.busy || !due} onClick={submit}>
        上报街道
      </Button>
      <ActionResult action={sending} describe={(e) => (e.fields.length ? '' : e.message)} />
    </View>
  )
}

/**
 * 上报街道 on the topic page (issue 11 item 8): every sending with its status (待答复, 已逾期, 已答复)
 * and the street's answer, for everyone; staff of the community send one; the street's admin is
 * pointed to 街道办理, where she answers.
 */
export function EscalationSection({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const list = useRequest(`escalations:${topic.id}:${topic.state}:${version}:${me?.id ?? ''}`, () => oversightApi.topicEscalations(topic.id))
  const data = list.data
  if (!data || (data.items.length === 0 && !data.canEscalate)) return null
  const sent = () => {
    setVersion((v) => v + 1)
    onChanged()
  }
  return (
    <View className="card escalation">
      <Text className="title">上报街道</Text>
      {data.items.map((e) => (
        <EscalationCard key={e.id} escalation={e} />
      ))}
      {data.canAnswer && (
        <Button className="btn btn--main go-street" onClick={() => void Taro.navigateTo({ url: '/packages/consultation/pages/street/index' })}>
          前往街道办理答复
        </Button>
      )}
      {data.canEscalate && <EscalateForm topic={topic} onSent={sent} />}
    </View>
  )
}
