import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import {
  PRICE_KIND_LABELS,
  type PriceKind,
  PriceKindSchema,
  SERVICE_CHANGE_KIND_LABELS,
  type ServiceChange,
  type ServiceChangeInput,
  type ServiceChangeKind,
  ServiceChangeKindSchema,
  TOPIC_DESCRIPTION_MAX_LENGTH,
  TOPIC_TITLE_MAX_LENGTH,
  type TopicDetail,
} from '@linli/shared'
import { useState } from 'react'
import { catalogApi } from '../../../api/catalog'
import { ActionResult } from '../../../components/action-result'
import { confirmAction } from '../../../components/confirm'
import { momentLabel } from '../../../components/dates'
import { useAction } from '../../../state/use-action'
import { useRequest } from '../../../state/use-request'
import { serviceChangesApi } from '../api/service-changes'
import { topicsApi } from '../api/topics'

/** States whose 协商结果 was adopted: the topic may carry a change to a service (the BFF decides). */
const ADOPTED: ReadonlySet<TopicDetail['state']> = new Set(['resolved', 'implementing', 'implemented'])
const KINDS = ServiceChangeKindSchema.options
const PRICE_KINDS = PriceKindSchema.options
/** Weekly opening days staff choose from; each becomes one period per day (ISO weekdays). */
const DAY_SETS: { label: string; days: number[] }[] = [
  { label: '周一至周五', days: [1, 2, 3, 4, 5] },
  { label: '每天', days: [1, 2, 3, 4, 5, 6, 7] },
  { label: '周一至周六', days: [1, 2, 3, 4, 5, 6] },
  { label: '周六、周日', days: [6, 7] },
]

const fieldErrors = (e: { message: string; fields: { message: string }[] }) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)

/** 提出服务调整: the service and the kind from Pickers, then what the change sets. */
function ProposeForm({ topicId, services, onProposed }: { topicId: string; services: { id: string; name: string }[]; onProposed: () => void }) {
  const [kindIndex, setKindIndex] = useState(0)
  const [serviceIndex, setServiceIndex] = useState(0)
  const [daysIndex, setDaysIndex] = useState(0)
  const [start, setStart] = useState('08:00')
  const [end, setEnd] = useState('11:30')
  const [capacity, setCapacity] = useState('20')
  const [priceIndex, setPriceIndex] = useState(0)
  const [priceNote, setPriceNote] = useState('')
  const [name, setName] = useState('')
  const [summary, setSummary] = useState('')
  const [categoryIndex, setCategoryIndex] = useState(0)
  const categories = useRequest(KINDS[kindIndex] === 'new_service' ? 'categories' : null, () => catalogApi.categories())
  const proposing = useAction()
  const kind: ServiceChangeKind = KINDS[kindIndex] ?? 'hours'
  const service = services[serviceIndex]
  const price: PriceKind = PRICE_KINDS[priceIndex] ?? 'free'
  const category = categories.data?.items[categoryIndex]
  const days = DAY_SETS[daysIndex] ?? DAY_SETS[0]

  const input = (): ServiceChangeInput => {
    const serviceId = service?.id ?? ''
    const seats = Number(capacity) || 0
    switch (kind) {
      case 'hours':
        return { kind, serviceId, rules: (days?.days ?? []).map((weekday) => ({ weekday, startTime: start, endTime: end, capacity: seats })) }
      case 'seats':
        return { kind, serviceId, capacity: seats }
      case 'price_kind':
        return { kind, serviceId, priceKind: price, ...(priceNote.trim() ? { priceNote } : {}) }
      case 'new_service':
        return { kind, categoryId: category?.id ?? 'elder_care', name, summary, description: summary, priceKind: price }
    }
  }
  const submit = () =>
    proposing.run(async (idempotencyKey) => {
      await serviceChangesApi.propose(topicId, input(), idempotencyKey)
      onProposed()
      return '已提出调整，请核对后实施'
    })

  return (
    <View className="service-change-form">
      <Text className="title">提出服务调整</Text>
      <View className="field">
        <Text className="field__label">调整内容</Text>
        <Picker mode="selector" range={KINDS.map((k) => SERVICE_CHANGE_KIND_LABELS[k])} value={kindIndex} onChange={(e) => setKindIndex(Number(e.detail.value))}>
          <View className="input service-change-kind">{SERVICE_CHANGE_KIND_LABELS[kind]}</View>
        </Picker>
      </View>
      {kind !== 'new_service' && (
        <View className="field">
          <Text className="field__label">服务</Text>
          <Picker mode="selector" range={services.map((s) => s.name)} value={serviceIndex} onChange={(e) => setServiceIndex(Number(e.detail.value))}>
            <View className="input service-change-service">{service?.name ?? '本社区还没有服务'}</View>
          </Picker>
        </View>
      )}
      {kind === 'hours' && (
        <>
          <View className="field">
            <Text className="field__label">开放日</Text>
            <Picker mode="selector" range={DAY_SETS.map((d) => d.label)} value={daysIndex} onChange={(e) => setDaysIndex(Number(e.detail.value))}>
              <View className="input service-change-days">{days?.label}</View>
            </Picker>
          </View>
          <View className="row">
            <View className="field">
              <Text className="field__label">开始时间</Text>
              <Picker mode="time" value={start} onChange={(e) => setStart(String(e.detail.value))}>
                <View className="input service-change-start">{start}</View>
              </Picker>
            </View>
            <View className="field">
              <Text className="field__label">结束时间</Text>
              <Picker mode="time" value={end} onChange={(e) => setEnd(String(e.detail.value))}>
                <View className="input service-change-end">{end}</View>
              </Picker>
            </View>
          </View>
        </>
      )}
      {(kind === 'hours' || kind === 'seats') && (
        <View className="field">
          <Text className="field__label">每个时段名额（人）</Text>
          <Input className="input service-change-capacity" type="number" nativeProps={{ 'aria-label': '每个时段名额' }} value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        </View>
      )}
      {kind === 'new_service' && (
        <>
          <View className="field">
            <Text className="field__label">服务名称</Text>
            <Input className="input service-change-name" nativeProps={{ 'aria-label': '服务名称' }} value={name} onInput={(e) => setName(e.detail.value)} />
          </View>
          <View className="field">
            <Text className="field__label">服务简介</Text>
            <Input className="input service-change-summary" nativeProps={{ 'aria-label': '服务简介' }} value={summary} onInput={(e) => setSummary(e.detail.value)} />
          </View>
          <View className="field">
            <Text className="field__label">服务类别</Text>
            <Picker mode="selector" range={(categories.data?.items ?? []).map((c) => c.name)} value={categoryIndex} onChange={(e) => setCategoryIndex(Number(e.detail.value))}>
              <View className="input service-change-category">{category?.name ?? '加载中…'}</View>
            </Picker>
          </View>
        </>
      )}
      {(kind === 'price_kind' || kind === 'new_service') && (
        <View className="field">
          <Text className="field__label">收费方式</Text>
          <Picker mode="selector" range={PRICE_KINDS.map((p) => PRICE_KIND_LABELS[p])} value={priceIndex} onChange={(e) => setPriceIndex(Number(e.detail.value))}>
            <View className="input service-change-price">{PRICE_KIND_LABELS[price]}</View>
          </Picker>
        </View>
      )}
      {kind === 'price_kind' && (
        <View className="field">
          <Text className="field__label">收费说明（选填）</Text>
          <Input className="input service-change-price-note" nativeProps={{ 'aria-label': '收费说明' }} value={priceNote} onInput={(e) => setPriceNote(e.detail.value)} />
        </View>
      )}
      <Button className="btn btn--main propose-service-change" disabled={proposing.busy || (kind !== 'new_service' && !service)} onClick={submit}>
        提出调整
      </Button>
      <ActionResult action={proposing} describe={fieldErrors} />
    </View>
  )
}

/** One change: what it sets, and 已实施（第 N 版） or, for staff, 实施 after WeChat's dialog. */
function ChangeItem({ change, staff, onApplied }: { change: ServiceChange; staff: boolean; onApplied: () => void }) {
  const applying = useAction()
  const apply = async () => {
    if (!(await confirmAction({ title: '实施这项调整？', content: `「${change.serviceName}」${change.kindLabel}将改为：${change.summary}。调整记入服务的版本记录，不能撤销。`, confirmText: '实施' }))) return
    await applying.run(async () => {
      await serviceChangesApi.apply(change.id)
      // The item itself now says ✓ 已实施 with its version.
      onApplied()
    })
  }
  return (
    <View className="case-step service-change-item">
      <Text className="kv">
        {change.kindLabel} · {change.serviceName}
      </Text>
      <Text className="kv service-change-summary-text">{change.summary}</Text>
      {change.status === 'applied' ? (
        <Text className="kv service-change-applied">
          ✓ 已实施（第 {change.version} 版{change.appliedAtLocal ? `，${momentLabel(change.appliedAtLocal)}` : ''}）
        </Text>
      ) : (
        <Text className="muted kv">待实施 · {momentLabel(change.proposedAtLocal)} 提出</Text>
      )}
      {staff && change.status === 'proposed' && (
        <Button className="btn btn--main apply-service-change" disabled={applying.busy} onClick={apply}>
          实施调整
        </Button>
      )}
      <ActionResult action={applying} />
    </View>
  )
}

/** The changes a topic's adopted result carried, and for staff the form to propose and apply one. */
function ChangesCard({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const [version, setVersion] = useState(0)
  const list = useRequest(`service-changes:${topic.id}:${version}`, () => serviceChangesApi.list(topic.id))
  const reload = () => {
    setVersion((v) => v + 1)
    onChanged()
  }
  const data = list.data
  if (list.error) return <View className="card"><Text className="field__error kv">服务调整加载失败：{list.error.message}</Text></View>
  if (!data || (data.items.length === 0 && !data.canPropose)) return null
  return (
    <View className="card service-changes">
      <Text className="title">服务调整</Text>
      <Text className="muted kv">协商结果带来的服务变化，实施后服务页面显示「因居民协商调整」。</Text>
      {data.items.length === 0 && <Text className="muted kv">还没有服务调整。</Text>}
      {data.items.map((c) => (
        <ChangeItem key={c.id} change={c} staff={data.canPropose} onApplied={reload} />
      ))}
      {data.canPropose && <ProposeForm topicId={topic.id} services={data.services} onProposed={() => setVersion((v) => v + 1)} />}
    </View>
  )
}

/** A draft raised from 差评 (staff only see it): the evidence, the title and text to edit, and 发布. */
function DraftCard({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  const evidence = useRequest(`evidence:${topic.id}`, () => serviceChangesApi.evidence(topic.id))
  const [title, setTitle] = useState(topic.title)
  const [description, setDescription] = useState(topic.description)
  const saving = useAction()
  const publishing = useAction()
  const save = () =>
    saving.run(async () => {
      await serviceChangesApi.editDraft(topic.id, { title, description })
      onChanged()
      return '草稿已保存'
    })
  const publish = async () => {
    if (!(await confirmAction({ title: '发布议题？', content: '发布后居民可以看到并附议，征集期从现在开始。', confirmText: '发布' }))) return
    await publishing.run(async () => {
      await serviceChangesApi.editDraft(topic.id, { title, description })
      await topicsApi.moveTopic(topic.id, { to: 'collecting' })
      onChanged()
      return '已发布'
    })
  }
  const e = evidence.data?.evidence
  return (
    <View className="card topic-draft">
      <Text className="title">议题草稿（仅工作人员可见）</Text>
      {e && (
        <View className="case-step topic-evidence">
          <Text className="kv">依据：{e.kind === 'overdue_case' ? '差评整改超期' : '当月差评率超过 20%'}</Text>
          <Text className="kv topic-evidence-summary">{e.summary}</Text>
        </View>
      )}
      {evidence.error && <Text className="field__error kv">{evidence.error.message}</Text>}
      <View className="field">
        <Text className="field__label">议题标题</Text>
        <Input className="input draft-title" nativeProps={{ 'aria-label': '议题标题' }} maxlength={TOPIC_TITLE_MAX_LENGTH} value={title} onInput={(ev) => setTitle(ev.detail.value)} />
      </View>
      <View className="field">
        <Text className="field__label">议题内容</Text>
        <Textarea className="input draft-description" nativeProps={{ 'aria-label': '议题内容' }} maxlength={TOPIC_DESCRIPTION_MAX_LENGTH} value={description} onInput={(ev) => setDescription(ev.detail.value)} />
      </View>
      <View className="actions">
        <Button className="btn save-draft" disabled={saving.busy || publishing.busy} onClick={save}>
          保存草稿
        </Button>
        <Button className="btn btn--main publish-draft" disabled={saving.busy || publishing.busy} onClick={publish}>
          发布议题
        </Button>
      </View>
      <ActionResult action={saving} describe={fieldErrors} />
      <ActionResult action={publishing} describe={fieldErrors} />
    </View>
  )
}

/** Issue 11 item 7 on the topic page: a 差评 draft to publish, or the service changes of an adopted result. */
export function ServiceChangeSection({ topic, onChanged }: { topic: TopicDetail; onChanged: () => void }) {
  if (topic.state === 'draft') return <DraftCard topic={topic} onChanged={onChanged} />
  if (!ADOPTED.has(topic.state)) return null
  return <ChangesCard topic={topic} onChanged={onChanged} />
}
