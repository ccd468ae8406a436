import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { TOPIC_REASON_MAX_LENGTH, TOPIC_STATE_LABELS, type TopicDetail, type TopicState } from '@linli/shared'
import { useState } from 'react'
import { topicsApi } from '../../api/topics'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { SupportBar } from '../../support-bar'
import { OpinionsSection } from '../../components/opinions'
import { VoteSection } from '../../components/vote'
import { AssistEntry } from '../../components/assist'
import { EscalationSection } from '../../components/escalation'
import { MeetingsSection } from '../../components/meetings'
import { OutcomeSection } from '../../components/outcome'
import { ServiceChangeSection } from '../../components/service-change'

const MOVER_LABELS: Record<TopicDetail['history'][number]['by'], string> = { staff: '社区', proposer: '提议人', system: '系统' }

/** The staff and proposer actions on a topic: what the button says and what the dialog asks. */
const MOVE_ACTIONS: Partial<Record<TopicState, { label: string; title: string; content: string; danger?: boolean; needsReason: boolean }>> = {
  accepted: { label: '立项', title: '确定立项？', content: '议题将进入协商，提议人会收到通知。', needsReason: false },
  declined: { label: '不立项', title: '确定不立项？', content: '提议人会看到您填写的原因。', danger: true, needsReason: true },
  deliberating: { label: '开始协商', title: '开始协商？', content: '议题将进入协商中。', needsReason: false },
  terminated: { label: '终止议题', title: '确定终止？', content: '终止后不能恢复，原因会公开显示。', danger: true, needsReason: true },
}

/** The proposer's own 已终止 while it is collecting. */
const WITHDRAW = { label: '撤回议题', title: '确定撤回？', content: '撤回后不能恢复，原因会公开显示。', danger: true, needsReason: true }

export default function TopicPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const topic = useRequest(`${id}:${version}:${me?.id ?? ''}`, () => topicsApi.topic(id))
  const supporting = useAction()
  const moving = useAction()
  const [reason, setReason] = useState('')

  const reload = () => setVersion((v) => v + 1)

  const t = topic.data
  if (!t) return <Page><Waiting request={topic} /></Page>
  // Her own topic, and not staff of its community too: ending it is withdrawing it.
  const withdrawing = t.proposedByMe && !t.moves.includes('accepted')
  const actions = t.moves.flatMap((to) => {
    const action = to === 'terminated' && withdrawing ? WITHDRAW : MOVE_ACTIONS[to]
    return action ? [{ to, ...action }] : []
  })
  const needsReason = actions.some((a) => a.needsReason)

  const support = async () => {
    if (!me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    await supporting.run(async () => {
      await topicsApi.supportTopic(id)
      setVersion((v) => v + 1)
      return '✓ 您已附议'
    })
  }

  const move = async (action: (typeof actions)[number]) => {
    if (!(await confirmAction({ title: action.title, content: action.content, confirmText: action.label, danger: action.danger }))) return
    await moving.run(async () => {
      await topicsApi.moveTopic(id, { to: action.to, ...(action.needsReason ? { reason } : {}) })
      setReason('')
      setVersion((v) => v + 1)
      return `已${action.label}`
    })
  }

  return (
    <Page>
      <Text className="headline topic-title">{t.title}</Text>
      <View className="row">
        <Text className="tag topic-state">{TOPIC_STATE_LABELS[t.state]}</Text>
        <Text className="muted">{t.category.name}</Text>
      </View>
      <Text className="muted kv">
        提议人 {t.proposerName} · {momentLabel(t.createdAtLocal)} 提出
        {t.state === 'collecting' ? ` · 征集至 ${momentLabel(t.expiresAtLocal)}` : ''}
      </Text>
      {t.stateReason && <Text className="kv topic-reason">原因：{t.stateReason}</Text>}
      <View className="card">
        <Text className="kv topic-description">{t.description}</Text>
        {t.links.map((link, i) => (
          <Text key={link} className="kv muted topic-link" userSelect>
            附件{i + 1}：{link}
          </Text>
        ))}
      </View>

      {/* A draft is not open to 附议 until staff publish it. */}
      {t.state !== 'draft' && (
        <View className="card support-card">
          <Text className="title">附议</Text>
          {t.state === 'collecting' ? (
            <SupportBar count={t.supportCount} threshold={t.threshold} />
          ) : (
            // Past 征集 the threshold is history: "还差 N 人" would read as if support still mattered.
            <Text className="kv support-count">征集期间共 {t.supportCount} 人附议（立项门槛 {t.threshold} 人）</Text>
          )}
          {t.supportedByMe ? (
            <Text className="kv supported">✓ 您已附议</Text>
          ) : t.canSupport || (!me && t.state === 'collecting') ? (
            <Button className="btn btn--main support-topic" disabled={supporting.busy} onClick={support}>
              附议
            </Button>
          ) : t.state === 'collecting' && me ? (
            <Text className="muted kv">只有本社区居民可以附议</Text>
          ) : null}
          <ActionResult action={supporting} />
        </View>
      )}

      <MeetingsSection topic={t} onChanged={reload} />

      <VoteSection topic={t} onChanged={reload} />

      <OpinionsSection topic={t} />

      <OutcomeSection topic={t} onChanged={reload} />

      <ServiceChangeSection topic={t} onChanged={reload} />

      <EscalationSection topic={t} onChanged={reload} />

      <AssistEntry topic={t} onChanged={reload} />

      {actions.length > 0 && (
        <View className="card topic-actions">
          <Text className="title">{withdrawing ? '我的议题' : '办理'}</Text>
          {needsReason && (
            <View className="field">
              <Text className="field__label">{withdrawing ? '撤回原因（必填，公开显示）' : '原因（不立项或终止时必填，提议人可见）'}</Text>
              <Textarea
                className="input topic-reason-input"
                nativeProps={{ 'aria-label': '原因' }}
                maxlength={TOPIC_REASON_MAX_LENGTH}
                value={reason}
                onInput={(e) => setReason(e.detail.value)}
              />
            </View>
          )}
          <View className="actions">
            {actions.map((a) => (
              <Button key={a.to} className={`btn ${a.danger ? 'btn--danger' : 'btn--main'} move-${a.to}`} disabled={moving.busy} onClick={() => move(a)}>
                {a.label}
              </Button>
            ))}
          </View>
          <ActionResult action={moving} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
        </View>
      )}

      <View className="card">
        <Text className="title">经过</Text>
        {t.history.map((h, i) => (
          <View key={`${h.at}-${i}`} className="case-step topic-step">
            <Text className="kv">
              {momentLabel(h.atLocal)} · {MOVER_LABELS[h.by]} · {h.from === null ? '提出议题' : `${TOPIC_STATE_LABELS[h.from]} → ${TOPIC_STATE_LABELS[h.to]}`}
            </Text>
            {h.reason && <Text className="muted kv">{h.reason}</Text>}
          </View>
        ))}
      </View>
    </Page>
  )
}
