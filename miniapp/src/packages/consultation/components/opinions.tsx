import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  OPINION_BODY_MAX_LENGTH,
  OPINION_HIDE_REASON_MAX_LENGTH,
  OPINION_STANCE_LABELS,
  type Opinion,
  type OpinionStance,
  OpinionStanceSchema,
  type TopicDetail,
} from '@linli/shared'
import { useState } from 'react'
import { topicsApi } from '../api/topics'
import { ActionResult } from '../../../components/action-result'
import { confirmAction } from '../../../components/confirm'
import { momentLabel } from '../../../components/dates'
import { ErrorState, LoadMore, Loading } from '../../../components/state-view'
import { useAppState } from '../../../state/app-state'
import { useAction } from '../../../state/use-action'
import { useMorePages } from '../../../state/use-more-pages'
import { useRequest } from '../../../state/use-request'
import { AssistMarkLabel } from './assist'

const STANCES = OpinionStanceSchema.options
const STATUS_NOTES: Record<Opinion['status'], string> = { visible: '', pending_review: '被多位居民举报，待社区审核', hidden: '已被社区隐藏' }

/** 意见: counts per stance, the opinions with their replies, and while 协商中 the post form. */
export function OpinionsSection({ topic }: { topic: TopicDetail }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const first = useRequest(`${topic.id}:opinions:${version}:${me?.id ?? ''}`, () => topicsApi.opinions(topic.id))
  const pages = useMorePages(first.data, (cursor) => topicsApi.opinions(topic.id, cursor))
  const [stanceIndex, setStanceIndex] = useState<number | null>(null)
  const [body, setBody] = useState('')
  const [replyTo, setReplyTo] = useState<Opinion | null>(null)
  const [reason, setReason] = useState('')
  const posting = useAction()
  const acting = useAction()
  const refresh = () => setVersion((v) => v + 1)

  if (topic.state !== 'deliberating' && first.data?.items.length === 0) return null
  const page = first.data
  const stance: OpinionStance | undefined = stanceIndex === null ? undefined : STANCES[stanceIndex]

  const submit = () =>
    posting.run(async (idempotencyKey) => {
      await topicsApi.postOpinion(topic.id, replyTo ? { parentId: replyTo.id, body } : { stance, body }, idempotencyKey)
      setBody('')
      setReplyTo(null)
      refresh()
      return replyTo ? '✓ 已回复' : '✓ 意见已发表'
    })
  const like = (o: Opinion) =>
    acting.run(async () => {
      await topicsApi.likeOpinion(o.id)
      refresh()
    })
  const report = async (o: Opinion) => {
    if (!(await confirmAction({ title: '举报这条意见？', content: '三位居民举报后，意见会先隐藏，等社区审核。', confirmText: '举报', danger: true }))) return
    await acting.run(async () => {
      await topicsApi.reportOpinion(o.id)
      return '已举报，谢谢您的反馈'
    })
  }
  const hide = async (o: Opinion) => {
    if (!(await confirmAction({ title: '隐藏这条意见？', content: '作者会看到您填写的原因，其他居民看不到这条意见。', confirmText: '隐藏', danger: true }))) return
    await acting.run(async () => {
      await topicsApi.moderateOpinion(o.id, { action: 'hide', reason })
      setReason('')
      refresh()
      return '已隐藏'
    })
  }
  const restore = (o: Opinion) =>
    acting.run(async () => {
      await topicsApi.moderateOpinion(o.id, { action: 'restore' })
      refresh()
      return '已恢复'
    })

  const fieldError = (path: string) => posting.error?.fields.find((f) => f.path === path)?.message

  const card = (o: Opinion, reply: boolean) => (
    <View key={o.id} className={reply ? 'case-step opinion-reply' : 'case-step opinion'}>
      <Text className="kv">
        {o.stance ? <Text className="tag opinion-stance">{OPINION_STANCE_LABELS[o.stance]}</Text> : null} {o.authorName} <AssistMarkLabel mark={o.assisted} /> · {momentLabel(o.createdAtLocal)}
      </Text>
      <Text className="kv opinion-body">{o.body}</Text>
      {o.status !== 'visible' && <Text className="muted kv opinion-status">{STATUS_NOTES[o.status]}</Text>}
      {o.hiddenReason && <Text className="muted kv opinion-hidden-reason">隐藏原因：{o.hiddenReason}</Text>}
      <View className="actions">
        <Button className="btn opinion-like" disabled={acting.busy || o.likedByMe || !page?.canPost} onClick={() => like(o)}>
          {o.likedByMe ? '已赞' : '点赞'} {o.likeCount}
        </Button>
        {!reply && page?.canPost && (
          <Button className="btn opinion-reply-button" onClick={() => setReplyTo(o)}>
            回复
          </Button>
        )}
        {page?.canPost && !o.mine && o.status === 'visible' && (
          <Button className="btn opinion-report" disabled={acting.busy} onClick={() => report(o)}>
            举报
          </Button>
        )}
        {page?.canModerate && o.status !== 'hidden' && (
          <Button className="btn btn--danger opinion-hide" disabled={acting.busy || reason.trim() === ''} onClick={() => hide(o)}>
            隐藏
          </Button>
        )}
        {page?.canModerate && o.status !== 'visible' && (
          <Button className="btn opinion-restore" disabled={acting.busy} onClick={() => restore(o)}>
            恢复
          </Button>
        )}
      </View>
    </View>
  )

  return (
    <View className="card opinions">
      <Text className="title">意见</Text>
      {page && (
        <Text className="kv opinion-counts">
          {STANCES.map((s) => `${OPINION_STANCE_LABELS[s]} ${page.counts[s]}`).join(' · ')}
        </Text>
      )}
      {page?.canPost && (
        <View className="opinion-form">
          {replyTo ? (
            <View className="row">
              <Text className="kv">回复 {replyTo.authorName}</Text>
              <Button className="btn" onClick={() => setReplyTo(null)}>
                取消回复
              </Button>
            </View>
          ) : (
            <View className="field">
              <Text className="field__label">立场</Text>
              <Picker mode="selector" range={STANCES.map((s) => OPINION_STANCE_LABELS[s])} value={stanceIndex ?? 0} onChange={(e) => setStanceIndex(Number(e.detail.value))}>
                <View className="input opinion-stance-picker">{stance ? OPINION_STANCE_LABELS[stance] : '请选择支持、反对或中立'}</View>
              </Picker>
              {fieldError('stance') && <Text className="field__error">{fieldError('stance')}</Text>}
            </View>
          )}
          <View className="field">
            <Text className="field__label">{replyTo ? '回复内容' : '意见内容'}</Text>
            <Textarea
              className="input opinion-body-input"
              nativeProps={{ 'aria-label': replyTo ? '回复内容' : '意见内容' }}
              maxlength={OPINION_BODY_MAX_LENGTH}
              value={body}
              onInput={(e) => setBody(e.detail.value)}
            />
            {fieldError('body') && <Text className="field__error">{fieldError('body')}</Text>}
          </View>
          <Button className="btn btn--main post-opinion" disabled={posting.busy} onClick={submit}>
            {replyTo ? '回复' : '发表意见'}
          </Button>
          <ActionResult action={posting} describe={(e) => (e.fields.length ? '' : e.message)} />
        </View>
      )}
      {!me && topic.state === 'deliberating' && (
        <Button className="btn" onClick={() => void Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>
          登录后发表意见
        </Button>
      )}
      {page?.canModerate && (
        <View className="field">
          <Text className="field__label">隐藏原因（隐藏时必填，作者可见）</Text>
          <Textarea
            className="input opinion-hide-reason"
            nativeProps={{ 'aria-label': '隐藏原因' }}
            maxlength={OPINION_HIDE_REASON_MAX_LENGTH}
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
        </View>
      )}
      <ActionResult action={acting} />
      {first.loading && !page ? (
        <Loading />
      ) : first.error ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : page && page.items.length === 0 ? (
        <Text className="muted kv">还没有意见</Text>
      ) : (
        <View className="opinion-list">
          {pages.items.map((o) => (
            <View key={o.id}>
              {card(o, false)}
              {o.replies.map((r) => card(r, true))}
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </View>
  )
}
