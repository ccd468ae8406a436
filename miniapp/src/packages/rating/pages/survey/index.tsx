import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { SCALE_LABELS, SURVEY_TEXT_MAX_LENGTH } from '@linli/shared'
import { useState } from 'react'
import { ratingApi } from '../../../../api/rating'
import { Page } from '../../../../components/page'
import { ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'

export default function SurveyPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const survey = useRequest(`${id}:${version}`, () => ratingApi.survey(id))
  const showResults = survey.data ? survey.data.answered || !survey.data.open : false
  const results = useRequest(showResults ? `results:${id}:${version}` : null, () => ratingApi.surveyResults(id))
  const [answers, setAnswers] = useState<Record<string, number | string>>({})
  const { busy, error, run } = useAction()

  if (survey.loading && !survey.data) return <Page><Loading /></Page>
  if (survey.error) return <Page><ErrorState error={survey.error} onRetry={survey.reload} /></Page>
  const s = survey.data
  if (!s) return <Page><Loading /></Page>

  const submit = async () => {
    if (!me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    await run(async () => {
      await ratingApi.answerSurvey(id, answers)
      setVersion((v) => v + 1)
    })
  }

  return (
    <Page>
      <Text className="headline">{s.title}</Text>
      {s.description && <Text className="muted kv">{s.description}</Text>}
      {showResults ? (
        <View>
          <Text className="kv survey-thanks">{s.answered ? '✓ 感谢您的参与。' : '调查已结束。'}共 {s.responses} 人参与。</Text>
          {results.data?.questions.map((q) => (
            <View key={q.id} className="card">
              <Text className="title">{q.label}</Text>
              {q.kind === 'scale' ? (
                <Text className="kv">
                  平均 {q.average === null ? '暂无' : q.average.toFixed(1)} 分（5分为非常满意）：
                  {q.distribution.map((n, i) => `${SCALE_LABELS[i + 1]} ${n}人`).reverse().join('，')}
                </Text>
              ) : (
                q.texts.slice(0, 20).map((t) => (
                  <Text key={t} className="muted kv">
                    “{t}”
                  </Text>
                ))
              )}
            </View>
          ))}
        </View>
      ) : (
        <View>
          {s.questions.map((q) => (
            <View key={q.id} className="card">
              <Text className="title">{q.label}</Text>
              {q.kind === 'scale' ? (
                [5, 4, 3, 2, 1].map((l) => (
                  <View key={l} className={`slot survey-option ${answers[q.id] === l ? 'slot--active' : ''}`} onClick={() => setAnswers((a) => ({ ...a, [q.id]: l }))}>
                    <Text>
                      {answers[q.id] === l ? '✓ ' : ''}
                      {SCALE_LABELS[l]}
                    </Text>
                  </View>
                ))
              ) : (
                <Textarea className="input" nativeProps={{ 'aria-label': q.label }} maxlength={SURVEY_TEXT_MAX_LENGTH} value={String(answers[q.id] ?? '')} onInput={(e) => setAnswers((a) => ({ ...a, [q.id]: e.detail.value }))} />
              )}
              {error?.fields.find((f) => f.path === `answers.${q.id}`) && <Text className="field__error">请回答这一题</Text>}
            </View>
          ))}
          {error && error.fields.length === 0 && <Text className="field__error kv">{error.message}</Text>}
          <Button className="btn btn--main submit-survey" disabled={busy} onClick={submit}>
            提交
          </Button>
        </View>
      )}
    </Page>
  )
}
