import { Button, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { RATING_COMMENT_MAX_LENGTH, RATING_LEVEL_LABELS, type Rating, isPoor, tagsForLevel } from '@linli/shared'
import { useState } from 'react'
import { ApiError } from '../../../../api/client'
import { ratingApi } from '../../../../api/rating'
import { askForSubscription } from '../../../../api/subscribe'
import { CaseTimeline } from '../../../../components/case-timeline'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

const LEVELS = [5, 4, 3, 2, 1]

/** Shows the rating already given (and its rectification), or the form to give one. */
export default function RatePage() {
  const { params } = useRouter()
  const bookingId = params.bookingId ?? ''
  // No rating yet (NOT_FOUND) is the form, not an error.
  const given = useRequest(bookingId, () =>
    ratingApi.rating(bookingId).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') return null
      throw err
    }),
  )
  // The rating as this page last saw it: the one just given or answered, else the one loaded.
  const [latest, setLatest] = useState<Rating | null>(null)
  const rating = latest ?? given.data ?? null
  const [level, setLevel] = useState<number | null>(null)
  const [tags, setTags] = useState<string[]>([])
  const [comment, setComment] = useState('')
  const { busy, error, run } = useAction()

  const submit = async () => {
    if (level === null) return
    // A 差评 will be answered (答复) and may be escalated: ask for the messages inside this tap.
    if (isPoor(level)) await askForSubscription()
    await run(async (key) => setLatest(await ratingApi.rate(bookingId, { level, tags, comment: comment.trim() }, key)))
  }

  const feedback = (satisfied: boolean) => {
    const caseId = rating?.case?.id
    if (caseId) void run(async () => setLatest(await ratingApi.caseFeedback(caseId, satisfied, '')))
  }

  if (given.error) return <Page><ErrorState error={given.error} onRetry={given.reload} /></Page>
  if (given.data === undefined && !latest) return <Page><Loading /></Page>

  if (rating) {
    return (
      <Page>
        <View className="card my-rating">
          <Text className="title">{rating.serviceName}</Text>
          <Text className="headline rating-level">{rating.levelLabel}</Text>
          {rating.tags.length > 0 && <Text className="kv">{rating.tags.join('、')}</Text>}
          {rating.comment && <Text className="muted kv">“{rating.comment}”</Text>}
          <Text className="muted kv">感谢您的评价。评价一经提交不能修改，社区工作人员也无权修改或删除。</Text>
        </View>
        {rating.case && (
          <View className="card rating-case">
            <Text className="title">社区整改进度</Text>
            {rating.case.reply && (
              <View className="case-reply">
                <Text className="kv">社区答复：{rating.case.reply}</Text>
              </View>
            )}
            <CaseTimeline value={rating.case} />
            {rating.case.status === 'replied' && (
              <View>
                <Text className="kv">您对整改结果满意吗？</Text>
                <View className="actions">
                  <Button className="btn btn--main case-satisfied" disabled={busy} onClick={() => feedback(true)}>
                    满意
                  </Button>
                  <Button className="btn case-unsatisfied" disabled={busy} onClick={() => feedback(false)}>
                    不满意，请继续整改
                  </Button>
                </View>
              </View>
            )}
            {rating.case.status === 'closed' && (
              <Text className="kv case-closed">已办结：{rating.case.residentSatisfied ? '您对整改表示满意' : '您对整改不满意，已记录'}</Text>
            )}
          </View>
        )}
        {error && <Text className="field__error kv">{error.message}</Text>}
      </Page>
    )
  }

  const allowed = level === null ? [] : tagsForLevel(level)
  return (
    <Page>
      <Text className="title">您对这次服务满意吗？</Text>
      <View className="levels">
        {LEVELS.map((l) => (
          <View
            key={l}
            className={`slot level-option ${level === l ? 'slot--active' : ''}`}
            onClick={() => {
              setLevel(l)
              setTags((prev) => prev.filter((t) => tagsForLevel(l).includes(t)))
            }}
          >
            <Text>
              {level === l ? '✓ ' : ''}
              {RATING_LEVEL_LABELS[l]}
            </Text>
            <Text className="muted">{'★'.repeat(l)}</Text>
          </View>
        ))}
      </View>
      {level !== null && (
        <View className="chips rating-tags">
          {allowed.map((t) => (
            <View key={t} className={`chip ${tags.includes(t) ? 'chip--active' : ''}`} onClick={() => setTags((prev) => (prev.includes(t) ? prev.filter((x) => x !== t) : [...prev, t]))}>
              <Text>
                {tags.includes(t) ? '✓ ' : ''}
                {t}
              </Text>
            </View>
          ))}
        </View>
      )}
      <View className="field">
        <Text className="field__label">想说的话（选填，{RATING_COMMENT_MAX_LENGTH}字以内）</Text>
        <Textarea className="input rating-comment" nativeProps={{ 'aria-label': '想说的话' }} maxlength={RATING_COMMENT_MAX_LENGTH} value={comment} onInput={(e) => setComment(e.detail.value)} />
      </View>
      {level !== null && level <= 2 && <Text className="muted kv">差评会转给社区工作人员回访核实、整改并答复您。</Text>}
      {error && <Text className="field__error kv">{error.message}</Text>}
      <Button className="btn btn--main submit-rating" disabled={level === null || busy} onClick={submit}>
        {level === null ? '请先选择满意程度' : '提交评价'}
      </Button>
    </Page>
  )
}
