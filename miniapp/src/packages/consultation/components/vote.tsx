import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { type TopicDetail, VOTE_RULE_LABELS, type VoteRule, type VoteView } from '@linli/shared'
import { useState } from 'react'
import { api } from '../../../api/client'
import { ActionResult } from '../../../components/action-result'
import { confirmAction } from '../../../components/confirm'
import { momentLabel } from '../../../components/dates'
import { useAppState } from '../../../state/app-state'
import { useAction } from '../../../state/use-action'
import { useRequest } from '../../../state/use-request'

/** The rules a vote can be opened with today: the household and owners' rules wait for a registry. */
const OPEN_RULES: VoteRule[] = ['resident_meeting', 'opinion_poll']
const DEFAULT_OPTIONS = [
  { label: '同意', adopts: true },
  { label: '反对', adopts: false },
  { label: '弃权', adopts: false },
]
const DAY_MS = 24 * 60 * 60 * 1000
const VOTE_DAYS_DEFAULT = 7
const VOTE_DAYS_MAX = 60
/** States a topic can be in once a vote was opened on it. */
const AFTER_VOTE_OPENED: ReadonlySet<TopicDetail['state']> = new Set(['voting', 'resolved', 'implementing', 'implemented', 'terminated'])

/** 参与进度 against the quorum mark, in words too (colour is never the only cue). */
function ParticipationBar({ vote }: { vote: VoteView }) {
  const { counted, total, required } = vote.participation.headcount
  const share = total === 0 ? 0 : Math.min(1, counted / total)
  return (
    <View className="bar-row vote-participation">
      <View className="bar-track" role="progressbar" aria-label="参与进度" aria-valuemin={0} aria-valuemax={total} aria-valuenow={counted}>
        <View className="bar-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </View>
      <Text className="bar-value vote-turnout">
        已有 {counted} / {total} 人参加
        {required > 0 ? (vote.participation.quorumMet ? '，已达到法定人数' : `，达到法定人数还差 ${required - counted} 人（${required} 人）`) : ''}
      </Text>
    </View>
  )
}

/** 发起表决: staff pick the rule and how many days it runs; the options are 同意 / 反对 / 弃权. */
function OpenVoteForm({ topicId, onOpened }: { topicId: string; onOpened: () => void }) {
  const [ruleIndex, setRuleIndex] = useState(0)
  const [days, setDays] = useState(String(VOTE_DAYS_DEFAULT))
  const opening = useAction()
  const rule = OPEN_RULES[ruleIndex] ?? 'resident_meeting'
  const submit = async () => {
    if (!(await confirmAction({ title: '发起表决？', content: `按「${VOTE_RULE_LABELS[rule]}」表决 ${days} 天，议题将转为表决中。`, confirmText: '发起' }))) return
    await opening.run(async () => {
      const now = Date.now()
      const length = Math.min(VOTE_DAYS_MAX, Math.max(1, Number(days) || VOTE_DAYS_DEFAULT))
      await api.openVote(topicId, { rule, options: DEFAULT_OPTIONS, opensAt: new Date(now).toISOString(), closesAt: new Date(now + length * DAY_MS).toISOString() })
      onOpened()
      return '已发起表决'
    })
  }
  return (
    <View className="card vote-open">
      <Text className="title">发起表决</Text>
      <View className="field">
        <Text className="field__label">表决规则</Text>
        <Picker mode="selector" range={OPEN_RULES.map((r) => VOTE_RULE_LABELS[r])} value={ruleIndex} onChange={(e) => setRuleIndex(Number(e.detail.value))}>
          <View className="input vote-rule">{VOTE_RULE_LABELS[rule]}</View>
        </Picker>
      </View>
      <View className="field">
        <Text className="field__label">表决天数（选项为同意、反对、弃权）</Text>
        <Input className="input vote-days" type="number" nativeProps={{ 'aria-label': '表决天数' }} value={days} onInput={(e) => setDays(e.detail.value)} />
      </View>
      <Button className="btn btn--main open-vote" disabled={opening.busy} onClick={submit}>
        发起表决
      </Button>
      <ActionResult action={opening} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/**
 * The 表决 section of a topic page: the options as big buttons while it is open (confirmed in a
 * dialog, one ballot each), the participation bar against the quorum, and the counts and result
 * only after it closed. Staff see the 发起表决 form while the topic is 协商中.
 */
export function VoteSection({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const { me } = useAppState()
  const [version, setVersion] = useState(0)
  const voting = useAction()
  const vote = useRequest(AFTER_VOTE_OPENED.has(topic.state) ? `vote:${topic.id}:${version}:${me?.id ?? ''}` : null, () => api.topicVote(topic.id))
  // In 协商中 only the community's staff may move the topic (终止), so moves name them.
  if (topic.state === 'deliberating' && topic.moves.length > 0) return <OpenVoteForm topicId={topic.id} onOpened={onChanged} />
  const v = vote.data
  if (!v) return null

  const cast = async (option: VoteView['options'][number]) => {
    if (!(await confirmAction({ title: `确定投「${option.label}」？`, content: '不记名投票，每人一票，投出后不能更改。', confirmText: '投票' }))) return
    await voting.run(async (idempotencyKey) => {
      await api.castBallot(topic.id, { optionId: option.id }, idempotencyKey)
      setVersion((n) => n + 1)
      return '✓ 您已投票'
    })
  }
  const votes = new Map((v.result?.tally ?? []).map((t) => [t.optionId, t.votes]))

  return (
    <View className="card vote">
      <Text className="title">表决 · {v.ruleLabel}</Text>
      <Text className="muted kv">{v.ruleSummary}</Text>
      <Text className="muted kv">
        {momentLabel(v.opensAtLocal)} 至 {momentLabel(v.closesAtLocal)}
        {v.phase === 'upcoming' ? ' · 尚未开始' : v.phase === 'closed' ? ' · 已结束' : ''}
      </Text>
      <ParticipationBar vote={v} />
      {v.canVote &&
        v.options.map((o) => (
          <Button key={o.id} className="btn btn--main vote-option" disabled={voting.busy} onClick={() => cast(o)}>
            {o.label}
          </Button>
        ))}
      {v.votedByMe && <Text className="kv voted">✓ 您已投票（不记名）</Text>}
      {v.phase === 'open' && !v.votedByMe && !v.canVote && <Text className="muted kv">只有本社区居民可以投票</Text>}
      <ActionResult action={voting} />
      {v.result && (
        <View className="vote-result">
          <Text className="headline vote-outcome">{v.result.outcomeLabel}</Text>
          {v.options.map((o) => (
            <Text key={o.id} className="kv vote-tally">
              {o.label}：{votes.get(o.id) ?? 0} 票
            </Text>
          ))}
          <Text className="muted kv vote-explanation">{v.result.explanation}</Text>
        </View>
      )}
    </View>
  )
}
