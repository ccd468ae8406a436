import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  DEFAULT_VOTE_OPTIONS,
  MINORITY_TEXT_MAX_LENGTH,
  type MinorityView,
  type TopicDetail,
  VOTE_OPTION_LABEL_MAX_LENGTH,
  VOTE_OPTIONS_MAX,
  VOTE_RULE_LABELS,
  VOTE_RULE_SUMMARIES,
  VOTE_RULES,
  type VoteRule,
  type VoteView,
} from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../components/action-result'
import { type Choice, Chips } from '../../../components/chips'
import { confirmAction } from '../../../components/confirm'
import { momentLabel } from '../../../components/dates'
import { useAppState } from '../../../state/app-state'
import { Waiting } from '../../../components/state-view'
import { useAction } from '../../../state/use-action'
import { useRequest } from '../../../state/use-request'
import { topicsApi } from '../api/topics'
import { votesApi } from '../api/votes'

/** Every rule; the household and owners' ones are refused by the BFF until the community's registry is imported. */
const OPEN_RULES: readonly VoteRule[] = VOTE_RULES
const REGISTRY_RULES: ReadonlySet<VoteRule> = new Set(['household', 'owners_278_ordinary', 'owners_278_major'])
type OptionKind = 'default' | 'custom'
const OPTION_KINDS: Choice<OptionKind>[] = [
  { value: 'default', label: '同意 / 反对 / 弃权' },
  { value: 'custom', label: '自定义方案' },
]
/** 弃权 closes a list of staff's own 方案, so nobody is made to pick one. */
const ABSTAIN = { label: '弃权', adopts: false }
const CUSTOM_MIN = 2
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
        {required > 0 ? (vote.participation.quorumMet ? '，已达到法定人数' : `，达到法定人数还差 ${Math.max(0, required - counted)} 人（${required} 人）`) : ''}
      </Text>
      {vote.participation.area && (
        <Text className="bar-value vote-turnout-area">
          专有部分面积：已参与 {squareMetres(vote.participation.area.counted)} / 共 {squareMetres(vote.participation.area.total)}，须达 {squareMetres(vote.participation.area.required)}
        </Text>
      )}
    </View>
  )
}

/** 0.01 m² → 「1,234.5 平方米」 */
function squareMetres(centi: number): string {
  return `${(centi / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 平方米`
}

/** 自定义方案: one input per 方案, each carrying the matter; 弃权 is added after them. */
function CustomOptions({ labels, onChange }: { labels: string[]; onChange: (labels: string[]) => void }) {
  return (
    <View className="vote-custom-options">
      {labels.map((label, i) => (
        <View key={i} className="field">
          <Text className="field__label">方案{'一二三四五六七八九'[i] ?? i + 1}</Text>
          <Input
            className="input vote-custom-option"
            nativeProps={{ 'aria-label': `方案${i + 1}` }}
            maxlength={VOTE_OPTION_LABEL_MAX_LENGTH}
            value={label}
            onInput={(e) => onChange(labels.map((l, j) => (j === i ? e.detail.value : l)))}
          />
        </View>
      ))}
      {labels.length < VOTE_OPTIONS_MAX - 1 && (
        <Button className="btn btn--ghost vote-add-option" onClick={() => onChange([...labels, ''])}>
          添加方案
        </Button>
      )}
      {labels.length > CUSTOM_MIN && (
        <Button className="btn btn--ghost vote-remove-option" onClick={() => onChange(labels.slice(0, -1))}>
          删除最后一个方案
        </Button>
      )}
      <Text className="muted kv">选项为以上各方案和「弃权」；获得规则所需多数的方案通过。</Text>
    </View>
  )
}

/** 发起表决: staff pick the rule, the options (同意/反对/弃权 or their own 方案) and how many days it runs. */
function OpenVoteForm({ topic, onOpened }: { topic: TopicDetail; onOpened: () => void }) {
  const [rule, setRule] = useState<VoteRule>('resident_meeting')
  const [kind, setKind] = useState<OptionKind>('default')
  const [custom, setCustom] = useState<string[]>(['方案一：', '方案二：'])
  const [days, setDays] = useState(String(VOTE_DAYS_DEFAULT))
  const opening = useAction()
  const options = kind === 'default' ? DEFAULT_VOTE_OPTIONS : [...custom.map((l) => ({ label: l.trim(), adopts: true })), ABSTAIN]
  const submit = async () => {
    const named = options.map((o) => o.label).join('、')
    if (!(await confirmAction({ title: '发起表决？', content: `按「${VOTE_RULE_LABELS[rule]}」表决 ${days} 天，选项：${named}。议题将转为表决中。`, confirmText: '发起' }))) return
    await opening.run(async () => {
      const now = Date.now()
      const length = Math.min(VOTE_DAYS_MAX, Math.max(1, Number(days) || VOTE_DAYS_DEFAULT))
      await topicsApi.openVote(topic.id, { rule, options: [...options], opensAt: new Date(now).toISOString(), closesAt: new Date(now + length * DAY_MS).toISOString() })
      onOpened()
      return '已发起表决'
    })
  }
  const openRegistry = () => void Taro.navigateTo({ url: `/packages/consultation/pages/registry/index?communityId=${topic.communityId}` })
  return (
    <View className="card vote-open">
      <Text className="title">发起表决</Text>
      <View className="field">
        <Text className="field__label">表决规则</Text>
        <Chips<VoteRule> className="vote-rule" choices={OPEN_RULES.map((r) => ({ value: r, label: VOTE_RULE_LABELS[r] }))} value={rule} onChange={setRule} />
        <Text className="muted kv vote-rule-summary">{VOTE_RULE_SUMMARIES[rule]}</Text>
      </View>
      {REGISTRY_RULES.has(rule) && (
        <Button className="btn btn--ghost vote-registry-link" onClick={openRegistry}>
          按户、按业主表决须先导入业主名册 · 管理名册
        </Button>
      )}
      <View className="field">
        <Text className="field__label">选项</Text>
        <Chips<OptionKind> className="vote-option-kind" choices={OPTION_KINDS} value={kind} onChange={setKind} />
      </View>
      {kind === 'custom' && <CustomOptions labels={custom} onChange={setCustom} />}
      <View className="field">
        <Text className="field__label">表决天数</Text>
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
 * ★ 少数意见 (item 2): the summary of the 反对 opinions and the community's answer, shown to
 * everyone; staff write it while the topic is 协商中, and must before a vote opens.
 */
function MinoritySection({ topic, staff }: { topic: TopicDetail; staff: boolean }) {
  const [version, setVersion] = useState(0)
  const view = useRequest(`minority:${topic.id}:${version}`, () => votesApi.minority(topic.id))
  const m = view.data
  if (!m) return view.error ? <Waiting request={view} /> : null
  if (m.opposeCount === 0 && !m.summary) return null
  return (
    <View className="card minority">
      <Text className="title">少数意见与答复</Text>
      {m.summary ? (
        <>
          <Text className="field__label">少数意见摘要</Text>
          <Text className="kv minority-summary">{m.summary}</Text>
          <Text className="field__label">社区答复</Text>
          <Text className="kv minority-answer">{m.answer}</Text>
          {m.writtenAtLocal && <Text className="muted kv">答复于 {momentLabel(m.writtenAtLocal)}</Text>}
        </>
      ) : (
        <Text className="muted kv minority-pending">共有 {m.opposeCount} 条反对意见，社区将在表决前汇总并作出答复。</Text>
      )}
      {!m.answered && m.summary && <Text className="muted kv minority-pending">答复之后又有新的反对意见，社区将更新答复。</Text>}
      {staff && topic.state === 'deliberating' && <MinorityForm topicId={topic.id} view={m} onSaved={() => setVersion((n) => n + 1)} />}
    </View>
  )
}

function MinorityForm({ topicId, view, onSaved }: { topicId: string; view: MinorityView; onSaved: () => void }) {
  const [summary, setSummary] = useState(view.summary ?? '')
  const [answer, setAnswer] = useState(view.answer ?? '')
  const saving = useAction()
  const save = () =>
    saving.run(async () => {
      await votesApi.saveMinority(topicId, { summary, answer })
      onSaved()
      return '✓ 已保存，居民可在议题页看到'
    })
  return (
    <View className="minority-form">
      <Text className="muted kv">须先汇总 {view.opposeCount} 条反对意见并答复，才能发起表决。</Text>
      <View className="field">
        <Text className="field__label">少数意见摘要</Text>
        <Textarea className="input minority-summary-input" nativeProps={{ 'aria-label': '少数意见摘要' }} maxlength={MINORITY_TEXT_MAX_LENGTH} value={summary} onInput={(e) => setSummary(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">社区答复</Text>
        <Textarea className="input minority-answer-input" nativeProps={{ 'aria-label': '社区答复' }} maxlength={MINORITY_TEXT_MAX_LENGTH} value={answer} onInput={(e) => setAnswer(e.detail.value)} />
      </View>
      <Button className="btn btn--main minority-save" disabled={saving.busy} onClick={save}>
        保存答复
      </Button>
      <ActionResult action={saving} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
    </View>
  )
}

/** 登记我的房屋: her 户号 and the owner's name as on the 房产证, for the household and owners' votes. */
function HouseholdLink({ onLinked }: { onLinked: () => void }) {
  const [code, setCode] = useState('')
  const [owner, setOwner] = useState('')
  const linking = useAction()
  const submit = () =>
    linking.run(async (idempotencyKey) => {
      const linked = await votesApi.linkHousehold({ householdCode: code, ownerName: owner }, idempotencyKey)
      onLinked()
      return linked.isOwner ? `✓ 已登记 ${linked.householdCode}（业主本人）` : `✓ 已登记 ${linked.householdCode}（家庭成员）`
    })
  return (
    <View className="household-link">
      <Text className="kv">本次按户或按业主表决，请先登记您的房屋：</Text>
      <View className="field">
        <Text className="field__label">户号（如 1-101）</Text>
        <Input className="input household-code" nativeProps={{ 'aria-label': '户号' }} value={code} onInput={(e) => setCode(e.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">业主姓名（与房产证一致）</Text>
        <Input className="input household-owner" nativeProps={{ 'aria-label': '业主姓名' }} value={owner} onInput={(e) => setOwner(e.detail.value)} />
      </View>
      <Button className="btn btn--main household-submit" disabled={linking.busy} onClick={submit}>
        登记房屋
      </Button>
      <ActionResult action={linking} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
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
  const vote = useRequest(AFTER_VOTE_OPENED.has(topic.state) ? `vote:${topic.id}:${version}:${me?.id ?? ''}` : null, () => topicsApi.topicVote(topic.id))
  // In 协商中 only the community's staff may move the topic (终止), so moves name them.
  const staff = topic.state === 'deliberating' && topic.moves.length > 0
  const minority = <MinoritySection topic={topic} staff={staff} />
  if (staff) {
    return (
      <>
        {minority}
        <OpenVoteForm topic={topic} onOpened={onChanged} />
      </>
    )
  }
  const v = vote.data
  if (!v) return minority

  const cast = async (option: VoteView['options'][number]) => {
    if (!(await confirmAction({ title: `确定投「${option.label}」？`, content: '不记名投票，每人一票，投出后不能更改。', confirmText: '投票' }))) return
    await voting.run(async (idempotencyKey) => {
      await topicsApi.castBallot(topic.id, { optionId: option.id }, idempotencyKey)
      setVersion((n) => n + 1)
      return '✓ 您已投票'
    })
  }
  const tally = new Map((v.result?.tally ?? []).map((t) => [t.optionId, t]))
  const needsHousehold = REGISTRY_RULES.has(v.rule) && v.phase !== 'closed' && v.myHousehold === null && me?.community?.id === topic.communityId

  return (
    <>
    {minority}
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
      {v.myHousehold && <Text className="muted kv vote-household">我的房屋：{v.myHousehold.householdCode}（{v.myHousehold.isOwner ? '业主本人' : '家庭成员'}）{v.myHousehold.voted ? ' · 本户已投票' : ''}</Text>}
      {needsHousehold && <HouseholdLink onLinked={() => setVersion((n) => n + 1)} />}
      {v.phase === 'open' && !v.votedByMe && !v.canVote && !needsHousehold && <Text className="muted kv vote-ineligible">{v.ineligibleReason ?? '只有本社区居民可以投票'}</Text>}
      <ActionResult action={voting} />
      {v.result && (
        <View className="vote-result">
          <Text className="headline vote-outcome">{v.result.outcomeLabel}</Text>
          {v.options.map((o) => (
            <Text key={o.id} className="kv vote-tally">
              {o.label}：{tally.get(o.id)?.votes ?? 0} {REGISTRY_RULES.has(v.rule) ? (v.rule === 'household' ? '户' : '人') : '票'}
              {v.participation.area ? `，${squareMetres(tally.get(o.id)?.areaCentiM2 ?? 0)}` : ''}
            </Text>
          ))}
          <Text className="muted kv vote-explanation">{v.result.explanation}</Text>
        </View>
      )}
    </View>
    </>
  )
}
