import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { SurveyQuestion } from '@linli/shared'
import { useState } from 'react'
import { ratingApi } from '../../../../api/rating'
import { Chips } from '../../../../components/chips'
import { addDays } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useToday } from '../../../../state/use-today'

const STARTER: SurveyQuestion[] = [
  { id: 'q1', kind: 'scale', label: '您对社区助餐服务的满意程度' },
  { id: 'q2', kind: 'scale', label: '您对社区工作人员服务态度的满意程度' },
  { id: 'q3', kind: 'text', label: '您对社区服务有什么建议' },
]

export default function NewSurveyPage() {
  const { me } = useAppState()
  const communityId = me?.roles.find((r) => r.role === 'staff')?.communityId ?? null
  // It opens today in the community: the server's today, not the phone's.
  const todayState = useToday(communityId)
  const [typedTitle, setTitle] = useState<string | null>(null)
  const [questions, setQuestions] = useState<SurveyQuestion[]>(STARTER)
  const [draft, setDraft] = useState('')
  const [kind, setKind] = useState<'scale' | 'text'>('scale')
  const [days, setDays] = useState('14')
  const { busy, error, run } = useAction()
  if (!todayState.data) return <Page><Waiting request={todayState} /></Page>
  const today = todayState.data.date
  const title = typedTitle ?? `${today.slice(0, 4)}年社区服务满意度调查`

  const publish = async () => {
    if (!communityId) return
    await run(async () => {
      const survey = await ratingApi.createSurvey({ communityId, title: title.trim(), questions, opensOn: today, closesOn: addDays(today, Math.max(Number(days) || 1, 1) - 1) })
      await Taro.redirectTo({ url: `/packages/rating/pages/survey/index?id=${survey.id}` })
    })
  }

  return (
    <Page>
      <View className="field">
        <Text className="field__label">标题</Text>
        <Input className="input" nativeProps={{ 'aria-label': '标题' }} maxlength={60} value={title} onInput={(e) => setTitle(e.detail.value)} />
      </View>
      <Text className="title">题目</Text>
      {questions.map((q, i) => (
        <View key={q.id} className="row">
          <Text>
            {i + 1}. {q.label}（{q.kind === 'scale' ? '五级打分' : '文字'}）
          </Text>
          <Button className="btn btn--danger" onClick={() => setQuestions((qs) => qs.filter((x) => x.id !== q.id))}>
            删除
          </Button>
        </View>
      ))}
      <View className="card">
        <Input className="input" maxlength={80} placeholder="新题目" value={draft} onInput={(e) => setDraft(e.detail.value)} />
        <Chips<'scale' | 'text'>
          choices={[
            { value: 'scale', label: '五级打分' },
            { value: 'text', label: '文字回答' },
          ]}
          value={kind}
          onChange={setKind}
        />
        <Button
          className="btn"
          disabled={!draft.trim()}
          onClick={() => {
            setQuestions((qs) => [...qs, { id: `q${Date.now().toString(36)}`, kind, label: draft.trim() }])
            setDraft('')
          }}
        >
          添加题目
        </Button>
      </View>
      <View className="field">
        <Text className="field__label">从今天起开放几天</Text>
        <Input className="input" nativeProps={{ 'aria-label': '从今天起开放几天' }} type="number" value={days} onInput={(e) => setDays(e.detail.value)} />
      </View>
      {error && <Text className="field__error kv">{error.fields.length ? error.fields.map((f) => f.message).join('；') : error.message}</Text>}
      <Button className="btn btn--main" disabled={!communityId || questions.length === 0 || busy} onClick={publish}>
        发布
      </Button>
    </Page>
  )
}
