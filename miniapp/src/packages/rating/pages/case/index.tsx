import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { APPEAL_REASON_MAX_LENGTH, CASE_NOTE_MAX_LENGTH, CASE_STEP_LABELS, RATING_LEVEL_LABELS, TopicDetailSchema } from '@linli/shared'
import { useState } from 'react'
import { call } from '../../../../api/client'
import { ratingApi } from '../../../../api/rating'
import { confirmAction } from '../../../../components/confirm'
import { ActionResult } from '../../../../components/action-result'
import { CaseTimeline } from '../../../../components/case-timeline'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { type ActionState, useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

const NEXT_STEP = { open: 'verify', verified: 'rectify', rectified: 'reply' } as const
const HINTS = {
  verify: '回访居民的情况，如：电话回访，情况属实',
  rectify: '采取了什么整改措施',
  reply: '给居民的答复（居民会看到）',
}

export default function CasePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [version, setVersion] = useState(0)
  const item = useRequest(`${id}:${version}`, () => ratingApi.staffCase(id))
  const [note, setNote] = useState('')
  const [appealReason, setAppealReason] = useState('')
  const stepAction = useAction()
  const appealAction = useAction()
  const raising = useAction()
  const busy = stepAction.busy || appealAction.busy

  if (item.loading && !item.data) return <Page><Loading /></Page>
  if (item.error) return <Page><ErrorState error={item.error} onRetry={item.reload} /></Page>
  const c = item.data
  if (!c) return <Page><Loading /></Page>
  const next = c.status in NEXT_STEP ? NEXT_STEP[c.status as keyof typeof NEXT_STEP] : null

  const record = (action: ActionState, work: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await work()
      setNote('')
      setVersion((v) => v + 1)
      return done
    })

  // 差评 → 协商 (issue 11 item 7): an overdue case becomes a draft topic staff edit and publish.
  const raiseTopic = async () => {
    if (!(await confirmAction({ title: '转为协商议题？', content: '将生成一份议题草稿（附工单和当月差评情况），仅工作人员可见，修改后再发布。', confirmText: '转为议题' }))) return
    await raising.run(async (idempotencyKey) => {
      const draft = await call(TopicDetailSchema, 'POST', '/staff/consultation/evidence-drafts', { body: { kind: 'overdue_case', caseId: id }, idempotencyKey })
      void Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${draft.id}` })
      return '已生成议题草稿'
    })
  }

  return (
    <Page>
      <View className="card">
        <Text className="title">{c.serviceName}</Text>
        <Text className="kv">
          {RATING_LEVEL_LABELS[c.level]}
          {c.tags.length > 0 && `｜${c.tags.join('、')}`}
        </Text>
        {c.comment && <Text className="kv">“{c.comment}”</Text>}
        <Text className="muted kv">
          服务日期 {dayLabel(c.bookingDate)} · 评价人 {c.raterName}
        </Text>
        {c.raterPhone && (
          <Button className="btn" onClick={() => Taro.makePhoneCall({ phoneNumber: c.raterPhone ?? '' })}>
            回访电话 {c.raterPhone}
          </Button>
        )}
        <Text className="muted kv">请勿要求居民修改评价。</Text>
      </View>
      <View className="card">
        <CaseTimeline value={c} />
      </View>
      {next && (
        <View className="card">
          <Text className="title">下一步：{CASE_STEP_LABELS[next]}</Text>
          <Textarea className="input case-note" maxlength={CASE_NOTE_MAX_LENGTH} placeholder={HINTS[next]} value={note} onInput={(e) => setNote(e.detail.value)} />
          <Button className="btn btn--main case-submit" disabled={busy || !note.trim()} onClick={() => record(stepAction, () => ratingApi.caseStep(id, next, note.trim()), `已记录${CASE_STEP_LABELS[next]}`)}>
            记录{CASE_STEP_LABELS[next]}
          </Button>
          <ActionResult action={stepAction} className="case-message" />
        </View>
      )}
      {c.status === 'replied' && <Text className="kv">已答复，等待居民评价整改结果。</Text>}
      {(c.overdue || c.escalated) && (
        <View className="card case-to-topic">
          <Text className="title">转为协商议题</Text>
          <Text className="muted kv">工单已超期。可以把这项服务的问题交给居民协商，共同商量怎么改进。</Text>
          <Button className="btn btn--main raise-topic" disabled={busy || raising.busy} onClick={raiseTopic}>
            转为协商议题
          </Button>
          <ActionResult action={raising} className="case-message" />
        </View>
      )}
      <View className="card">
        <Text className="title">申诉</Text>
        <Text className="muted kv">认为是恶意或错误的评价，可提请街道审核。审核通过后该评价不计入统计，但仍保留记录。</Text>
        <Textarea className="input appeal-reason" maxlength={APPEAL_REASON_MAX_LENGTH} placeholder="申诉理由（至少5个字）" value={appealReason} onInput={(e) => setAppealReason(e.detail.value)} />
        <Button className="btn" disabled={busy || appealReason.trim().length < 5} onClick={() => record(appealAction, () => ratingApi.fileAppeal(c.ratingId, appealReason.trim()), '申诉已提交街道审核')}>
          提交申诉
        </Button>
        <ActionResult action={appealAction} className="case-message" />
      </View>
    </Page>
  )
}
