import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  ASSIST_KIND_LABELS,
  ASSIST_REASON_EXAMPLE,
  ASSIST_REASON_MAX_LENGTH,
  type AssistAct,
  type AssistOptions,
  type AssistResident,
  type AssistResult,
  BIRTH_DATE_MIN,
  FAMILY_RELATION_LABELS,
  OPINION_BODY_MAX_LENGTH,
  OPINION_STANCE_LABELS,
  type OpinionStance,
  PHONE_TAIL_LENGTH,
  type TopicDetail,
} from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, Waiting } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { assistApi } from '../../api/assist'
import { topicsApi } from '../../api/topics'

const STANCES: OpinionStance[] = ['support', 'oppose', 'neutral']
/** The first choice of 查找方式: by name and birth date; the others are her own 家人. */
const BY_NAME = -1

/**
 * 代办 (issue 11 item 5): a staff member, 网格员 or family member acts for a resident who is
 * present. She finds her (name and birth date, a phone tail for namesakes, or one of her 家人),
 * takes down the act as the resident says it, gives the reason, and confirms in WeChat's dialog,
 * which names the resident found. The page stays for the next resident (下一位).
 */
export default function AssistPage() {
  const { params } = useRouter()
  const topicId = params.topicId ?? ''
  const [round, setRound] = useState(0)
  const topic = useRequest(`assist-topic:${topicId}`, () => topicsApi.topic(topicId))
  const options = useRequest(`assist-options:${topicId}:${round}`, () => assistApi.options(topicId))
  if (!topic.data) return <Page><Waiting request={topic} /></Page>
  if (!options.data) return <Page><Waiting request={options} /></Page>
  const o = options.data
  if (!o.kind || (o.helperRole === null && o.familyMembers.length === 0)) {
    return (
      <Page>
        <Text className="headline">代办</Text>
        <Empty text="这个议题现在没有可以代办的事项，或您不是本社区的工作人员、网格员。" />
      </Page>
    )
  }
  return (
    <Page>
      <AssistForm key={round} topic={topic.data} options={o} kind={o.kind} onNext={() => setRound((r) => r + 1)} />
    </Page>
  )
}

function AssistForm({ topic, options, kind, onNext }: { topic: TopicDetail; options: AssistOptions; kind: NonNullable<AssistOptions['kind']>; onNext(): void }) {
  const [source, setSource] = useState(options.helperRole ? BY_NAME : 0)
  const [name, setName] = useState('')
  const [birthDate, setBirthDate] = useState('')
  const [phoneTail, setPhoneTail] = useState('')
  const [stanceIndex, setStanceIndex] = useState<number | null>(null)
  const [body, setBody] = useState('')
  const [optionIndex, setOptionIndex] = useState<number | null>(null)
  const [reason, setReason] = useState('')
  const [missing, setMissing] = useState<Record<string, string>>({})
  const [done, setDone] = useState<AssistResult | null>(null)
  const acting = useAction()
  const today = useToday(topic.communityId)
  const vote = useRequest(kind === 'ballot' ? `assist-vote:${topic.id}` : null, () => topicsApi.topicVote(topic.id))
  const act = ASSIST_KIND_LABELS[kind]
  const sources = [...(options.helperRole ? [{ value: BY_NAME, label: '按姓名和出生日期查找' }] : []), ...options.familyMembers.map((m, i) => ({ value: i, label: `我的家人：${m.name}（${FAMILY_RELATION_LABELS[m.relation as keyof typeof FAMILY_RELATION_LABELS] ?? m.relation}）` }))]
  const sourceIndex = Math.max(0, sources.findIndex((s) => s.value === source))
  // After RESIDENT_AMBIGUOUS the phone tail tells the namesakes apart.
  const askTail = acting.error?.code === 'RESIDENT_AMBIGUOUS' || phoneTail !== ''
  const voteOptions = vote.data?.options ?? []

  /** What the form lacks, beside each field; nothing is sent until it is complete. */
  const check = (): { resident: AssistResident; act: AssistAct } | null => {
    const lacks: Record<string, string> = {}
    if (source === BY_NAME && name.trim() === '') lacks.name = '请填写居民姓名'
    if (source === BY_NAME && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate.trim())) lacks.birthDate = '请按 1950-03-15 的格式填写出生日期'
    if (askTail && !new RegExp(`^\\d{${PHONE_TAIL_LENGTH}}$`).test(phoneTail)) lacks.phoneTail = `请填写手机号后${PHONE_TAIL_LENGTH}位`
    if (kind === 'opinion' && stanceIndex === null) lacks.stance = '请选择支持、反对或中立'
    if (kind === 'opinion' && body.trim() === '') lacks.body = '请填写意见内容'
    if (kind === 'ballot' && optionIndex === null) lacks.option = '请选择居民的表决意见'
    if (reason.trim() === '') lacks.reason = `请填写代办原因，例如：${ASSIST_REASON_EXAMPLE}`
    setMissing(lacks)
    if (Object.keys(lacks).length > 0) return null
    const member = options.familyMembers[source]
    const resident: AssistResident =
      source === BY_NAME || !member ? { name: name.trim(), birthDate: birthDate.trim(), ...(askTail ? { phoneTail } : {}) } : { familyMemberId: member.id }
    const chosen: AssistAct =
      kind === 'support'
        ? { kind }
        : kind === 'opinion'
          ? { kind, stance: STANCES[stanceIndex ?? 0] ?? 'neutral', body: body.trim() }
          : { kind, optionId: voteOptions[optionIndex ?? 0]?.id ?? '' }
    return { resident, act: chosen }
  }

  const submit = async () => {
    const input = check()
    if (!input) return
    await acting.run(async (idempotencyKey) => {
      const found = await assistApi.lookup(topic.id, { resident: input.resident })
      const what = kind === 'ballot' ? `投「${voteOptions[optionIndex ?? 0]?.label ?? ''}」` : act
      const ok = await confirmAction({ title: `确定替 ${found.residentName} ${what}？`, content: `将记为代办，并与原因一起列入代办记录，供居务监督委员会查看。`, confirmText: '确定' })
      if (!ok) return
      setDone(await assistApi.act(topic.id, { ...input, reason: reason.trim() }, idempotencyKey))
    })
  }

  if (done) {
    return (
      <View>
        <Text className="headline">代办：{topic.title}</Text>
        <View className="card assist-done" aria-live="polite">
          <Text className="title">已替 {done.residentName} {act}</Text>
          <Text className="kv">记为代办 · {momentLabel(done.createdAtLocal)}</Text>
          <Text className="kv">原因：{done.reason}</Text>
          {kind === 'ballot' && <Text className="muted kv">不记名：代办记录只写明她参加了表决，不写投了什么。</Text>}
        </View>
        <Button className="btn btn--main assist-next" onClick={onNext}>
          下一位
        </Button>
        <Button className="btn assist-back" onClick={() => void Taro.navigateBack()}>
          返回议题
        </Button>
      </View>
    )
  }

  const error = (field: string) => missing[field] && <Text className="field__error">{missing[field]}</Text>
  return (
    <View>
      <Text className="headline">代办：{topic.title}</Text>
      <Text className="muted kv">替在场、本人同意的居民{act}。办理后记为代办，写明您的姓名和原因。</Text>
      <View className="section">
        <Text className="title">1. 找到居民</Text>
        {sources.length > 1 && (
          <View className="field">
            <Text className="field__label">查找方式</Text>
            <Picker mode="selector" range={sources.map((s) => s.label)} value={sourceIndex} onChange={(e) => setSource(sources[Number(e.detail.value)]?.value ?? BY_NAME)}>
              <View className="input assist-source">{sources[sourceIndex]?.label}</View>
            </Picker>
          </View>
        )}
        {sources.length === 1 && source !== BY_NAME && <Text className="kv assist-source">{sources[0]?.label}</Text>}
        {source === BY_NAME && (
          <View>
            <Text className="muted kv">请核对居民的证件，按本社区的登记查找。</Text>
            <View className="field">
              <Text className="field__label">居民姓名</Text>
              <Input className="input assist-name" nativeProps={{ 'aria-label': '居民姓名' }} maxlength={20} value={name} onInput={(e) => setName(e.detail.value)} />
              {error('name')}
            </View>
            <View className="field">
              <Text className="field__label">出生日期</Text>
              <Input className="input assist-birth" nativeProps={{ 'aria-label': '出生日期' }} placeholder="如 1950-03-15" maxlength={10} value={birthDate} onInput={(e) => setBirthDate(e.detail.value)} />
              <Picker mode="date" value={birthDate || '1950-01-01'} start={BIRTH_DATE_MIN} end={today.data?.date} onChange={(e) => setBirthDate(String(e.detail.value))}>
                <View className="btn walk-in-birth-picker assist-birth-picker">
                  <Text>从日历选择</Text>
                </View>
              </Picker>
              {error('birthDate')}
            </View>
            {askTail && (
              <View className="field">
                <Text className="field__label">手机号后{PHONE_TAIL_LENGTH}位（本社区有同名、同出生日期的居民）</Text>
                <Input className="input assist-phone-tail" nativeProps={{ 'aria-label': `手机号后${PHONE_TAIL_LENGTH}位` }} type="number" maxlength={PHONE_TAIL_LENGTH} value={phoneTail} onInput={(e) => setPhoneTail(e.detail.value)} />
                {error('phoneTail')}
              </View>
            )}
          </View>
        )}
      </View>
      <View className="section">
        <Text className="title">2. {act}</Text>
        {kind === 'support' && <Text className="kv">替居民附议本议题，每人只能附议一次。</Text>}
        {kind === 'opinion' && (
          <View>
            <View className="field">
              <Text className="field__label">立场</Text>
              <Picker mode="selector" range={STANCES.map((s) => OPINION_STANCE_LABELS[s])} value={stanceIndex ?? 0} onChange={(e) => setStanceIndex(Number(e.detail.value))}>
                <View className="input assist-stance">{stanceIndex === null ? '请选择支持、反对或中立' : OPINION_STANCE_LABELS[STANCES[stanceIndex] ?? 'neutral']}</View>
              </Picker>
              {error('stance')}
            </View>
            <View className="field">
              <Text className="field__label">意见内容（按居民口述记录）</Text>
              <Textarea className="input assist-body" nativeProps={{ 'aria-label': '意见内容' }} maxlength={OPINION_BODY_MAX_LENGTH} value={body} onInput={(e) => setBody(e.detail.value)} />
              {error('body')}
            </View>
          </View>
        )}
        {kind === 'ballot' && (
          <View className="field">
            <Text className="field__label">居民的表决意见（不记名，记录中不会写明）</Text>
            {vote.data ? (
              <Picker mode="selector" range={voteOptions.map((v) => v.label)} value={optionIndex ?? 0} onChange={(e) => setOptionIndex(Number(e.detail.value))}>
                <View className="input assist-option">{optionIndex === null ? '请选择' : voteOptions[optionIndex]?.label}</View>
              </Picker>
            ) : (
              <Waiting request={vote} />
            )}
            {error('option')}
          </View>
        )}
      </View>
      <View className="section">
        <Text className="title">3. 代办原因（必填）</Text>
        <View className="field">
          <Text className="field__label">代办原因</Text>
          <Textarea className="input assist-reason" nativeProps={{ 'aria-label': '代办原因' }} placeholder={`例如：${ASSIST_REASON_EXAMPLE}`} maxlength={ASSIST_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
          <Button className="btn assist-reason-example" onClick={() => setReason(ASSIST_REASON_EXAMPLE)}>
            填入：{ASSIST_REASON_EXAMPLE}
          </Button>
          {error('reason')}
        </View>
      </View>
      <Button className="btn btn--main assist-submit" disabled={acting.busy} onClick={submit}>
        替居民{act}
      </Button>
      <ActionResult action={acting} />
    </View>
  )
}
