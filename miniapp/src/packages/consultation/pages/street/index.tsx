import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ESCALATION_ANSWER_MAX_LENGTH, type Escalation } from '@linli/shared'
import { useState } from 'react'
import { type Choice, Chips } from '../../../../components/chips'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { oversightApi } from '../../api/oversight'
import { EscalationCard } from '../../components/escalation'

type Tab = 'open' | 'answered'
const TABS: Choice<Tab>[] = [
  { value: 'open', label: '待答复' },
  { value: 'answered', label: '已答复' },
]

/** One topic sent to the street: what the community asked, and the answer form while it waits. */
function EscalationToAnswer({ escalation, onAnswered }: { escalation: Escalation; onAnswered: () => void }) {
  const [answer, setAnswer] = useState('')
  const answering = useAction()
  const fieldError = answering.error?.fields.find((f) => f.path === 'answer')?.message
  const submit = async () => {
    if (!(await confirmAction({ title: '提交答复？', content: '答复将公布在议题页，并通知提议人和附议居民，提交后不能修改。', confirmText: '提交' }))) return
    await answering.run(async (idempotencyKey) => {
      await oversightApi.answerEscalation(escalation.id, { answer }, idempotencyKey)
      onAnswered()
      return '已答复'
    })
  }
  return (
    <View className="card street-escalation">
      <View className="service-card__head">
        <Text className="service-card__name">{escalation.topicTitle}</Text>
      </View>
      <Text className="muted kv">{escalation.communityName}</Text>
      <EscalationCard escalation={escalation} />
      <Button className="btn open-topic" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${escalation.topicId}` })}>
        查看议题
      </Button>
      {escalation.status !== 'answered' && (
        <View className="field">
          <Text className="field__label">街道答复</Text>
          <Textarea className="input escalation-answer-input" nativeProps={{ 'aria-label': '街道答复' }} maxlength={ESCALATION_ANSWER_MAX_LENGTH} value={answer} onInput={(e) => setAnswer(e.detail.value)} />
          {fieldError && <Text className="field__error">{fieldError}</Text>}
          <Button className="btn btn--main answer-escalation" disabled={answering.busy} onClick={submit}>
            提交答复
          </Button>
          <ActionResult action={answering} describe={(e) => (e.fields.length ? '' : e.message)} />
        </View>
      )}
    </View>
  )
}

/** 街道办理 (issue 11 item 8): topics the street's communities sent up, the overdue first, and the answered ones. */
export default function StreetPage() {
  const [tab, setTab] = useState<Tab>('open')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`street:${tab}:${version}`, () => oversightApi.streetEscalations(tab))
  const pages = useMorePages(list.data, (cursor) => oversightApi.streetEscalations(tab, cursor))
  // The card leaves the 待答复 list with its form, so the result is said in WeChat's toast.
  const answered = () => {
    void Taro.showToast({ title: '已答复并公布', icon: 'success' })
    setVersion((v) => v + 1)
  }
  return (
    <Page>
      <Text className="muted kv">各社区上报街道的议题，按答复期限排列，已逾期的在前。答复公布在议题页。</Text>
      <Chips<Tab> className="street-tabs" choices={TABS} value={tab} onChange={setTab} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : pages.items.length > 0 ? (
        <View className="street-list">
          {pages.items.map((e) => (
            <EscalationToAnswer key={e.id} escalation={e} onAnswered={answered} />
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={tab === 'open' ? '没有待答复的上报议题' : '还没有答复过的上报议题'} />
      )}
    </Page>
  )
}
