import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  MILESTONE_TITLE_MAX_LENGTH,
  MILESTONES_MAX,
  type Milestone,
  OBJECTION_ANSWER_MAX_LENGTH,
  OBJECTION_MAX_LENGTH,
  type Objection,
  OUTCOME_REASON_MAX_LENGTH,
  OUTCOME_SUMMARY_MAX_LENGTH,
  type OutcomeView,
  PUBLICITY_WORKING_DAYS_DEFAULT,
  RATING_COMMENT_MAX_LENGTH,
  RATING_LEVEL_LABELS,
  RESPONSIBLE_UNIT_MAX_LENGTH,
  STATUS_TEXT_MAX_LENGTH,
  type TopicDetail,
} from '@linli/shared'
import { useState } from 'react'
import type { ApiError } from '../../../api/client'
import { ActionResult } from '../../../components/action-result'
import { Field } from '../../../components/field'
import { confirmAction } from '../../../components/confirm'
import { addDays, dayLabel, momentLabel } from '../../../components/dates'
import { ErrorState, LoadMore, Loading } from '../../../components/state-view'
import { useAppState } from '../../../state/app-state'
import { useAction } from '../../../state/use-action'
import { useMorePages } from '../../../state/use-more-pages'
import { useRequest } from '../../../state/use-request'
import { useToday } from '../../../state/use-today'
import { outcomesApi } from '../api/outcomes'

/** States in which a topic can have a result, or staff can publish one. */
const WITH_OUTCOME: ReadonlySet<TopicDetail['state']> = new Set(['deliberating', 'voting', 'resolved', 'implementing', 'implemented'])
const LEVELS = [5, 4, 3, 2, 1]
/** A due date a month out unless staff pick another. */
const DUE_DAYS_DEFAULT = 30

const fieldsOrMessage = (e: ApiError) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)
const fieldError = (error: ApiError | null, path: string) => error?.fields.find((f) => f.path === path)?.message

/** One field with its label and, below it, what was wrong with it. */
/** 公布协商结果: the text, 采纳 or 不采纳 (with the reason), and the 公示 in working days. */
function PublishForm({ topicId, onDone }: { topicId: string; onDone: () => void }) {
  const [summary, setSummary] = useState('')
  const [adoptedIndex, setAdoptedIndex] = useState(0)
  const [reason, setReason] = useState('')
  const [days, setDays] = useState(String(PUBLICITY_WORKING_DAYS_DEFAULT))
  const publishing = useAction()
  const adopted = adoptedIndex === 0
  const submit = async () => {
    if (!(await confirmAction({ title: '公布协商结果？', content: `结果将公示 ${days} 个工作日，关注议题的居民会收到通知。`, confirmText: '公布' }))) return
    await publishing.run(async (idempotencyKey) => {
      await outcomesApi.publish(topicId, { summary, adopted, ...(reason ? { reason } : {}), publicityWorkingDays: Number(days) || PUBLICITY_WORKING_DAYS_DEFAULT }, idempotencyKey)
      onDone()
      return '已公布，公示期开始'
    })
  }
  return (
    <View className="card outcome-publish">
      <Text className="title">公布协商结果</Text>
      <Field label="协商结果" error={fieldError(publishing.error, 'summary')}>
        <Textarea className="input outcome-summary-input" nativeProps={{ 'aria-label': '协商结果' }} maxlength={OUTCOME_SUMMARY_MAX_LENGTH} value={summary} onInput={(e) => setSummary(e.detail.value)} />
      </Field>
      <Field label="是否采纳">
        <Picker mode="selector" range={['采纳', '不采纳']} value={adoptedIndex} onChange={(e) => setAdoptedIndex(Number(e.detail.value))}>
          <View className="input outcome-adopted">{adopted ? '采纳' : '不采纳'}</View>
        </Picker>
      </Field>
      <Field label={adopted ? '说明（选填）' : '不采纳的原因（必填，公开显示）'} error={fieldError(publishing.error, 'reason')}>
        <Textarea className="input outcome-reason-input" nativeProps={{ 'aria-label': '原因' }} maxlength={OUTCOME_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <Field label="公示期（工作日，节假日不计）" error={fieldError(publishing.error, 'publicityWorkingDays')}>
        <Input className="input outcome-days" type="number" nativeProps={{ 'aria-label': '公示工作日' }} value={days} onInput={(e) => setDays(e.detail.value)} />
      </Field>
      <Button className="btn btn--main publish-outcome" disabled={publishing.busy} onClick={submit}>
        公布结果
      </Button>
      <ActionResult action={publishing} describe={(e) => (e.fields.length ? '' : e.message)} />
    </View>
  )
}

/** The result and its 公示. */
function ResultBlock({ view }: { view: OutcomeView }) {
  const r = view.result
  if (!r) return null
  return (
    <View className="outcome-result">
      <View className="row">
        <Text className="tag outcome-verdict">{r.adopted ? '采纳' : '不采纳'}</Text>
        <Text className="muted">{momentLabel(r.publishedAtLocal)} 公布</Text>
      </View>
      <Text className="kv outcome-summary">{r.summary}</Text>
      {r.reason && <Text className="kv outcome-reason">{r.adopted ? '说明' : '原因'}：{r.reason}</Text>}
      <Text className="kv outcome-publicity">
        公示期：{dayLabel(r.publicity.startsOn)} 至 {dayLabel(r.publicity.endsOn)}（{r.publicity.workingDays} 个工作日）{r.publicity.open ? ' · 公示中' : ' · 公示已结束'}
      </Text>
    </View>
  )
}

/** 异议 and the answers, public; the resident's form inside the 公示, staff's answer under each open one. */
function ObjectionsBlock({ view, topicId, onChanged }: { view: OutcomeView; topicId: string; onChanged: () => void }) {
  const [version, setVersion] = useState(0)
  const first = useRequest(`objections:${topicId}:${version}`, () => outcomesApi.objections(topicId))
  const pages = useMorePages(first.data, (cursor) => outcomesApi.objections(topicId, cursor))
  const [body, setBody] = useState('')
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const objecting = useAction()
  const answering = useAction()
  const refresh = () => {
    setVersion((v) => v + 1)
    onChanged()
  }
  const submit = async () => {
    if (!(await confirmAction({ title: '提出异议？', content: '每人对这项结果可提一次异议，社区会书面答复并公开。', confirmText: '提交' }))) return
    await objecting.run(async (idempotencyKey) => {
      await outcomesApi.object(topicId, { body }, idempotencyKey)
      setBody('')
      refresh()
      return '✓ 异议已提交，社区答复后会通知您'
    })
  }
  const answer = (o: Objection) =>
    answering.run(async () => {
      await outcomesApi.answer(o.id, { answer: answers[o.id] ?? '' })
      refresh()
      return '已答复'
    })
  const count = view.result?.objectionCount ?? 0
  return (
    <View className="outcome-objections">
      <Text className="title">异议（{count} 条{view.result && view.result.objectionsOpen > 0 ? `，${view.result.objectionsOpen} 条待答复` : ''}）</Text>
      {view.me.canObject && (
        <View className="objection-form">
          <Field label="对结果有不同意见？请写明理由" error={fieldError(objecting.error, 'body')}>
            <Textarea className="input objection-input" nativeProps={{ 'aria-label': '异议内容' }} maxlength={OBJECTION_MAX_LENGTH} value={body} onInput={(e) => setBody(e.detail.value)} />
          </Field>
          <Button className="btn btn--main raise-objection" disabled={objecting.busy} onClick={submit}>
            提出异议
          </Button>
        </View>
      )}
      <ActionResult action={objecting} describe={(e) => (e.fields.length ? '' : e.message)} />
      {view.me.objected && <Text className="kv objected">✓ 您已提出异议</Text>}
      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : count === 0 ? (
        <Text className="muted kv">{view.result?.publicity.open ? '公示期内暂无异议' : '公示期内没有异议'}</Text>
      ) : (
        <View>
          {pages.items.map((o) => (
            <View key={o.id} className="case-step objection">
              <Text className="kv">
                {o.authorName} · {momentLabel(o.createdAtLocal)}
              </Text>
              <Text className="kv objection-body">{o.body}</Text>
              {o.answer ? (
                <Text className="kv objection-answer">
                  社区答复（{o.answeredAtLocal ? momentLabel(o.answeredAtLocal) : ''}）：{o.answer}
                </Text>
              ) : view.staff.canAnswer ? (
                <View>
                  <Field label="答复（公开显示，提出人会收到通知）">
                    <Textarea
                      className="input objection-answer-input"
                      nativeProps={{ 'aria-label': '答复' }}
                      maxlength={OBJECTION_ANSWER_MAX_LENGTH}
                      value={answers[o.id] ?? ''}
                      onInput={(e) => setAnswers((a) => ({ ...a, [o.id]: e.detail.value }))}
                    />
                  </Field>
                  <Button className="btn btn--main answer-objection" disabled={answering.busy} onClick={() => answer(o)}>
                    答复
                  </Button>
                </View>
              ) : (
                <Text className="muted kv">待社区答复</Text>
              )}
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
      <ActionResult action={answering} describe={fieldsOrMessage} />
    </View>
  )
}

/** Milestones typed one a line, each kept as not done. */
function milestonesFrom(text: string): Milestone[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, MILESTONES_MAX)
    .map((title) => ({ title: title.slice(0, MILESTONE_TITLE_MAX_LENGTH), done: false }))
}

/** 开始落实: the responsible unit, the due date and the milestones, once the 公示 ended with every objection answered. */
function StartForm({ view, topic, onDone }: { view: OutcomeView; topic: TopicDetail; onDone: () => void }) {
  const today = useToday(topic.communityId).data?.date
  const [unit, setUnit] = useState('')
  const [dueOn, setDueOn] = useState<string | null>(null)
  const [milestones, setMilestones] = useState('')
  const starting = useAction()
  const due = dueOn ?? (today ? addDays(today, DUE_DAYS_DEFAULT) : '')
  const submit = async () => {
    if (!(await confirmAction({ title: '开始落实？', content: `由${unit || '责任单位'}负责，${due} 前完成，关注议题的居民会收到通知。`, confirmText: '开始' }))) return
    await starting.run(async () => {
      await outcomesApi.start(topic.id, { responsibleUnit: unit, dueOn: due, milestones: milestonesFrom(milestones) })
      onDone()
      return '已开始落实'
    })
  }
  return (
    <View className="outcome-start">
      <Text className="title">开始落实</Text>
      {view.staff.startBlockedBy && <Text className="kv muted start-blocked">{view.staff.startBlockedBy}</Text>}
      {view.staff.canStart && (
        <View>
          <Field label="责任单位" error={fieldError(starting.error, 'responsibleUnit')}>
            <Input className="input implementation-unit" nativeProps={{ 'aria-label': '责任单位' }} maxlength={RESPONSIBLE_UNIT_MAX_LENGTH} value={unit} onInput={(e) => setUnit(e.detail.value)} />
          </Field>
          <Field label="完成期限" error={fieldError(starting.error, 'dueOn')}>
            <Picker mode="date" value={due} start={today} onChange={(e) => setDueOn(e.detail.value)}>
              <View className="input implementation-due">{due ? dayLabel(due) : '请选择日期'}</View>
            </Picker>
          </Field>
          <Field label={`里程碑（每行一个，最多 ${MILESTONES_MAX} 个，选填）`}>
            <Textarea className="input implementation-milestones" nativeProps={{ 'aria-label': '里程碑' }} value={milestones} onInput={(e) => setMilestones(e.detail.value)} />
          </Field>
          <Button className="btn btn--main start-implementation" disabled={starting.busy || !due} onClick={submit}>
            开始落实
          </Button>
        </View>
      )}
      <ActionResult action={starting} describe={(e) => (e.fields.length ? '' : e.message)} />
    </View>
  )
}

/** Progress against 100 %, in words too. */
function ProgressBar({ progress }: { progress: number }) {
  return (
    <View className="bar-row implementation-progress">
      <View className="bar-track" role="progressbar" aria-label="落实进度" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress}>
        <View className="bar-fill" style={{ width: `${progress}%` }} />
      </View>
      <Text className="bar-value implementation-percent">落实进度 {progress}%</Text>
    </View>
  )
}

/** Staff's 落实进展: the status, progress, milestones ticked off, and a reason when progress goes back. */
function UpdateForm({ view, topicId, onDone }: { view: OutcomeView; topicId: string; onDone: () => void }) {
  const current = view.implementation
  const [statusText, setStatusText] = useState('')
  const [progress, setProgress] = useState(String(current?.progress ?? 0))
  const [done, setDone] = useState<boolean[]>(current?.milestones.map((m) => m.done) ?? [])
  const [reason, setReason] = useState('')
  const updating = useAction()
  const completing = useAction()
  if (!current) return null
  const submit = () =>
    updating.run(async (idempotencyKey) => {
      const milestones = current.milestones.map((m, i) => ({ title: m.title, done: done[i] ?? m.done }))
      await outcomesApi.update(topicId, { statusText, progress: Number(progress), milestones, ...(reason ? { reason } : {}) }, idempotencyKey)
      setStatusText('')
      setReason('')
      onDone()
      return '✓ 进展已发布，关注的居民会收到通知'
    })
  const complete = async () => {
    if (!(await confirmAction({ title: '确认已落实？', content: '议题将标记为已落实，参与的居民可以评议。', confirmText: '确认' }))) return
    await completing.run(async () => {
      await outcomesApi.complete(topicId)
      onDone()
      return '已落实'
    })
  }
  return (
    <View className="implementation-form">
      <Text className="title">发布落实进展</Text>
      <Field label="进展情况" error={fieldError(updating.error, 'statusText')}>
        <Textarea className="input implementation-status-input" nativeProps={{ 'aria-label': '进展情况' }} maxlength={STATUS_TEXT_MAX_LENGTH} value={statusText} onInput={(e) => setStatusText(e.detail.value)} />
      </Field>
      <Field label="进度（0–100%）" error={fieldError(updating.error, 'progress')}>
        <Input className="input implementation-progress-input" type="number" nativeProps={{ 'aria-label': '进度' }} value={progress} onInput={(e) => setProgress(e.detail.value)} />
      </Field>
      <View className="actions">
        {current.milestones.map((m, i) => (
          <Button key={m.title} className={`btn milestone-toggle ${done[i] ? 'btn--main' : ''}`} onClick={() => setDone((d) => current.milestones.map((x, j) => (j === i ? !(d[j] ?? x.done) : (d[j] ?? x.done))))}>
            {done[i] ? '✓ 已完成' : '○ 未完成'}：{m.title}
          </Button>
        ))}
      </View>
      <Field label="进度比上次低时请说明原因" error={fieldError(updating.error, 'reason')}>
        <Input className="input implementation-reason-input" nativeProps={{ 'aria-label': '进度回退原因' }} maxlength={OUTCOME_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <Button className="btn btn--main post-update" disabled={updating.busy} onClick={submit}>
        发布进展
      </Button>
      <ActionResult action={updating} describe={(e) => (e.fields.length ? '' : e.message)} />
      {view.staff.canComplete && (
        <Button className="btn btn--main complete-implementation" disabled={completing.busy} onClick={complete}>
          确认已落实
        </Button>
      )}
      <ActionResult action={completing} />
    </View>
  )
}

/** The implementation as residents follow it: unit, due date, progress, milestones and each update. */
function ImplementationBlock({ view }: { view: OutcomeView }) {
  const i = view.implementation
  if (!i) return null
  return (
    <View className="outcome-implementation">
      <Text className="title">落实情况{i.doneAtLocal ? ' · 已落实' : ''}</Text>
      <Text className="kv implementation-unit-line">
        责任单位：{i.responsibleUnit} · 完成期限：{dayLabel(i.dueOn)}
        {i.overdue ? ' · 已逾期' : ''}
      </Text>
      <ProgressBar progress={i.progress} />
      {i.milestones.map((m) => (
        <Text key={m.title} className="kv milestone">
          {m.done ? '✓ 已完成' : '○ 未完成'}：{m.title}
        </Text>
      ))}
      {view.updates.map((u, n) => (
        <View key={`${u.at}-${n}`} className="case-step implementation-update">
          <Text className="kv">
            {momentLabel(u.atLocal)} · 进度 {u.progress}%
          </Text>
          <Text className="kv implementation-status">{u.statusText}</Text>
          {u.reason && <Text className="muted kv">进度调整原因：{u.reason}</Text>}
        </View>
      ))}
    </View>
  )
}

/** 评议: the counts per 好差评 level, and the form for a resident who took part. */
function RatingBlock({ view, topicId, onDone }: { view: OutcomeView; topicId: string; onDone: () => void }) {
  const [levelIndex, setLevelIndex] = useState(0)
  const [comment, setComment] = useState('')
  const rating = useAction()
  const level = LEVELS[levelIndex] ?? 5
  const submit = async () => {
    if (!(await confirmAction({ title: `评议为「${RATING_LEVEL_LABELS[level]}」？`, content: '每人评议一次，提交后不能修改。', confirmText: '提交' }))) return
    await rating.run(async (idempotencyKey) => {
      await outcomesApi.rate(topicId, { level, comment }, idempotencyKey)
      onDone()
      return '✓ 感谢您的评议'
    })
  }
  return (
    <View className="outcome-ratings">
      <Text className="title">评议（{view.ratings.total} 人）</Text>
      <Text className="kv rating-counts">{view.ratings.levels.map((l) => `${RATING_LEVEL_LABELS[l.level]} ${l.count}`).join(' · ')}</Text>
      {view.me.ratedLevel !== null && <Text className="kv rated">✓ 您的评议：{RATING_LEVEL_LABELS[view.me.ratedLevel]}</Text>}
      {view.me.canRate && (
        <View className="rating-form">
          <Field label="您对落实情况的评价">
            <Picker mode="selector" range={LEVELS.map((l) => RATING_LEVEL_LABELS[l] ?? '')} value={levelIndex} onChange={(e) => setLevelIndex(Number(e.detail.value))}>
              <View className="input rating-level">{RATING_LEVEL_LABELS[level]}</View>
            </Picker>
          </Field>
          <Field label="想说的话（选填）" error={fieldError(rating.error, 'comment')}>
            <Textarea className="input rating-comment" nativeProps={{ 'aria-label': '评议内容' }} maxlength={RATING_COMMENT_MAX_LENGTH} value={comment} onInput={(e) => setComment(e.detail.value)} />
          </Field>
          <Button className="btn btn--main rate-outcome" disabled={rating.busy} onClick={submit}>
            提交评议
          </Button>
        </View>
      )}
      <ActionResult action={rating} describe={(e) => (e.fields.length ? '' : e.message)} />
    </View>
  )
}

/** 逾期未落实 for staff and the street admin: every overdue implementation they oversee, earliest due first (on 议事管理). */
export function OverdueImplementations() {
  const first = useRequest('overdue-implementations', () => outcomesApi.overdue())
  const pages = useMorePages(first.data, (cursor) => outcomesApi.overdue(cursor))
  if (first.loading && !first.data) return <Loading />
  if (first.error) return <ErrorState error={first.error} onRetry={first.reload} />
  return (
    <View className="overdue-implementations">
      <Text className="title">逾期未落实（{pages.items.length}{pages.hasMore ? '+' : ''} 项）</Text>
      {pages.items.length === 0 ? (
        <Text className="muted kv">没有逾期未落实的协商结果</Text>
      ) : (
        pages.items.map((o) => (
          <View key={o.topicId} className="case-step overdue-item" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${o.topicId}` })}>
            <Text className="kv">{o.title}</Text>
            <Text className="muted kv">
              {o.communityName} · {o.responsibleUnit} · {dayLabel(o.dueOn)} 到期 · 进度 {o.progress}%
            </Text>
          </View>
        ))
      )}
      <LoadMore pages={pages} />
    </View>
  )
}

/**
 * 协商结果 of a topic (issue 11 item 6): the result and its 公示, objections and their answers,
 * implementation with progress and updates, 评议, and 关注; staff's forms at each step; the A4
 * 公示 page one tap away. Mounted on the topic page.
 */
export function OutcomeSection({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const following = useAction()
  const outcome = useRequest(WITH_OUTCOME.has(topic.state) ? `outcome:${topic.id}:${version}:${topic.state}:${me?.id ?? ''}` : null, () => outcomesApi.outcome(topic.id))
  const changed = () => {
    setVersion((v) => v + 1)
    onChanged()
  }
  const v = outcome.data
  if (!WITH_OUTCOME.has(topic.state)) return null
  if (!v) return outcome.error ? <View className="card"><ErrorState error={outcome.error} onRetry={outcome.reload} /></View> : null
  const toggleFollow = () =>
    following.run(async () => {
      const { following: now } = await outcomesApi.follow(topic.id, !v.me.following)
      setVersion((n) => n + 1)
      return now ? '✓ 已关注，结果和落实进展会通知您' : '已取消关注'
    })
  return (
    <View>
      {v.staff.canPublish && <PublishForm topicId={topic.id} onDone={changed} />}
      {(v.result || v.me.canFollow) && (
        <View className="card outcome">
          <Text className="title">协商结果</Text>
          {v.result ? <ResultBlock view={v} /> : <Text className="muted kv">协商结果公布后会在这里公示</Text>}
          <View className="actions">
            {v.result && (
              <Button className="btn print-notice" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/print/index?topicId=${topic.id}` })}>
                打印公示
              </Button>
            )}
            {v.me.canFollow && (
              <Button className={`btn follow-topic ${v.me.following ? '' : 'btn--main'}`} disabled={following.busy} onClick={toggleFollow}>
                {v.me.following ? '取消关注' : '关注议题'}
              </Button>
            )}
          </View>
          <ActionResult action={following} />
          {v.result && <ObjectionsBlock view={v} topicId={topic.id} onChanged={changed} />}
          {topic.state === 'resolved' && v.result?.adopted && (v.staff.canStart || v.staff.startBlockedBy) && <StartForm view={v} topic={topic} onDone={changed} />}
          <ImplementationBlock view={v} />
          {v.staff.canUpdate && <UpdateForm key={v.updates.length} view={v} topicId={topic.id} onDone={changed} />}
          {topic.state === 'implemented' && <RatingBlock view={v} topicId={topic.id} onDone={changed} />}
        </View>
      )}
    </View>
  )
}
