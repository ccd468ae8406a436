import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type CommunityStats, OPINION_HIDE_REASON_MAX_LENGTH, TOPIC_STATE_LABELS, type TopicState, VOTE_RULE_LABELS } from '@linli/shared'
import { useState } from 'react'
import { ActionResult } from '../../../../components/action-result'
import { type Choice, Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { momentLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading, Waiting } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useAction } from '../../../../state/use-action'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { oversightApi, saveOversightCsv } from '../../api/oversight'
import { topicsApi } from '../../api/topics'
import { OverdueImplementations } from '../../components/outcome'

type Section = 'pipeline' | 'moderation' | 'votes'
const SECTIONS: Choice<Section>[] = [
  { value: 'pipeline', label: '议题进度' },
  { value: 'moderation', label: '意见审核' },
  { value: 'votes', label: '表决' },
]
const PHASE_LABELS = { upcoming: '未开始', open: '进行中', closed: '已结束' } as const

const openTopic = (id: string) => void Taro.navigateTo({ url: `/packages/consultation/pages/topic/index?id=${id}` })
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)
const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`

/** The month's figures in words: what each number counts is said beside it. */
function StatsCard({ stats }: { stats: CommunityStats }) {
  const rows: [string, string][] = [
    ['提出议题', `${stats.raised} 个`],
    ['立项', `${stats.adopted} 个`],
    ['落实', `${stats.implemented} 个`],
    ['立项至落实平均', stats.avgDaysToImplement === null ? '本月无落实' : `${stats.avgDaysToImplement} 天`],
    ['居民参与率', `${percent(stats.participationRate)}（${stats.participants} / ${stats.residents} 人）`],
    ['上报街道待答复', `${stats.openEscalations} 件${stats.overdueEscalations > 0 ? `，其中逾期 ${stats.overdueEscalations} 件` : ''}`],
  ]
  return (
    <View className="card oversight-stats">
      <Text className="title">
        {stats.communityName} · {monthLabel(stats.month)}
      </Text>
      {rows.map(([label, value]) => (
        <View key={label} className="row stat-row">
          <Text>{label}</Text>
          <Text className="stat-value">{value}</Text>
        </View>
      ))}
      <Text className="muted kv">参与率：本月附议、发表意见或在本月开始的表决中投票的居民 ÷ 登记居民。</Text>
    </View>
  )
}

/** Topics per state; tapping a state lists its topics, tapping a topic opens it. */
function Pipeline({ stats }: { stats: CommunityStats }) {
  const [state, setState] = useState<TopicState>(stats.pipeline.find((p) => p.count > 0)?.state ?? 'collecting')
  const list = useRequest(`pipeline:${stats.communityId}:${state}`, () => topicsApi.topics(stats.communityId, state))
  const pages = useMorePages(list.data, (cursor) => topicsApi.topics(stats.communityId, state, cursor))
  const choices = stats.pipeline.map((p) => ({ value: p.state, label: `${TOPIC_STATE_LABELS[p.state]} ${p.count}` }))
  return (
    <View className="card pipeline">
      <Text className="title">议题进度（按状态）</Text>
      <Chips<TopicState> className="pipeline-states" choices={choices} value={state} onChange={setState} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : pages.items.length === 0 ? (
        <Text className="muted kv">没有{TOPIC_STATE_LABELS[state]}的议题</Text>
      ) : (
        <View>
          {pages.items.map((t) => (
            <View key={t.id} className="row pipeline-topic" onClick={() => openTopic(t.id)} hoverClass="card--pressed">
              <Text>{t.title}</Text>
              <Text className="muted">›</Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </View>
  )
}

/** 审核队列: reported (待审核) and hidden opinions; 恢复 or 隐藏 with a reason its author reads. */
function Moderation({ communityId }: { communityId: string }) {
  const [version, setVersion] = useState(0)
  const [reason, setReason] = useState('')
  const acting = useAction()
  const list = useRequest(`moderation:${communityId}:${version}`, () => oversightApi.moderation(communityId))
  const pages = useMorePages(list.data, (cursor) => oversightApi.moderation(communityId, cursor))
  const moderate = async (id: string, action: 'hide' | 'restore') => {
    const title = action === 'hide' ? '隐藏这条意见？' : '恢复这条意见？'
    const content = action === 'hide' ? `作者将看到原因：${reason || '（未填写）'}` : '恢复后所有人可见，举报次数重新计算。'
    if (!(await confirmAction({ title, content, confirmText: action === 'hide' ? '隐藏' : '恢复', danger: action === 'hide' }))) return
    await acting.run(async () => {
      await topicsApi.moderateOpinion(id, action === 'hide' ? { action, reason } : { action })
      setVersion((v) => v + 1)
      return action === 'hide' ? '已隐藏' : '已恢复'
    })
  }
  return (
    <View className="card moderation">
      <Text className="title">意见审核</Text>
      <Text className="muted kv">三位居民举报的意见暂时隐藏，待审核；已隐藏的意见也在这里，可恢复。</Text>
      <View className="field">
        <Text className="field__label">隐藏原因（隐藏时必填，作者可见）</Text>
        <Textarea className="input moderation-reason" nativeProps={{ 'aria-label': '隐藏原因' }} maxlength={OPINION_HIDE_REASON_MAX_LENGTH} value={reason} onInput={(e) => setReason(e.detail.value)} />
      </View>
      <ActionResult action={acting} describe={(e) => (e.fields.length ? e.fields.map((f) => f.message).join('；') : e.message)} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : pages.items.length === 0 ? (
        <Text className="muted kv">没有待审核或已隐藏的意见</Text>
      ) : (
        <View>
          {pages.items.map((o) => (
            <View key={o.id} className="moderation-item">
              <Text className="kv" onClick={() => openTopic(o.topicId)}>
                议题：{o.topicTitle} ›
              </Text>
              <Text className="muted kv">
                {o.authorName} · {momentLabel(o.createdAtLocal)} · {o.status === 'pending_review' ? `待审核（${o.reportCount} 人举报）` : '已隐藏'}
              </Text>
              <Text className="kv moderation-body">{o.body}</Text>
              {o.hiddenReason && <Text className="muted kv">隐藏原因：{o.hiddenReason}</Text>}
              <View className="row">
                <Button className="btn restore-opinion" disabled={acting.busy} onClick={() => moderate(o.id, 'restore')}>
                  恢复
                </Button>
                {o.status === 'pending_review' && (
                  <Button className="btn hide-opinion" disabled={acting.busy} onClick={() => moderate(o.id, 'hide')}>
                    确认隐藏
                  </Button>
                )}
              </View>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      )}
    </View>
  )
}

/** The community's votes: open and closed, turnout against the electorate (never who voted what). */
function Votes({ communityId }: { communityId: string }) {
  const list = useRequest(`votes:${communityId}`, () => oversightApi.votes(communityId))
  const pages = useMorePages(list.data, (cursor) => oversightApi.votes(communityId, cursor))
  if (!list.data) return <Waiting request={list} />
  return (
    <View className="card votes-overview">
      <Text className="title">表决</Text>
      {pages.items.length === 0 ? (
        <Text className="muted kv">还没有表决</Text>
      ) : (
        pages.items.map((v) => (
          <View key={v.id} className="vote-overview-item" onClick={() => openTopic(v.topicId)} hoverClass="card--pressed">
            <Text className="kv">{v.topicTitle} ›</Text>
            <Text className="muted kv">
              {VOTE_RULE_LABELS[v.rule]} · {PHASE_LABELS[v.phase]} · {momentLabel(v.opensAtLocal)} 至 {momentLabel(v.closesAtLocal)}
            </Text>
            <Text className="kv">
              参与 {v.turnout} / {v.eligible} 人（{v.eligible === 0 ? '—' : percent(v.turnout / v.eligible)}）
            </Text>
          </View>
        ))
      )}
      <LoadMore pages={pages} />
    </View>
  )
}

/**
 * 议事管理 (issue 11 item 9): for staff their community, for a street admin each community of the
 * street (Picker); the month's figures (month Picker), the topics by state, the moderation queue
 * and the votes; CSV exports of the figures and the topics.
 */
export default function OversightPage() {
  const { me } = useAppState()
  const [month, setMonth] = useState<string | undefined>(undefined)
  const [communityIndex, setCommunityIndex] = useState(0)
  const [section, setSection] = useState<Section>('pipeline')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const overview = useRequest(`oversight:${month ?? ''}:${version}`, () => oversightApi.oversight({ month }))
  const exporting = useAction()
  const streetAdmin = me?.roles.some((r) => r.role === 'street_admin') ?? false
  if (!overview.data) return <Page>{<Waiting request={overview} />}</Page>
  const { communities } = overview.data
  const shownMonth = overview.data.month
  const stats = communities[Math.min(communityIndex, communities.length - 1)]
  const exportCsv = (report: 'stats' | 'pipeline') => exporting.run(() => saveOversightCsv(report, shownMonth))
  return (
    <Page>
      <View className="card">
        <View className="field">
          <Text className="field__label">统计月份</Text>
          <Picker mode="date" fields="month" value={shownMonth} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
            <View className="input oversight-month" aria-label="统计月份">
              {monthLabel(shownMonth)}
            </View>
          </Picker>
        </View>
        {communities.length > 1 && (
          <View className="field">
            <Text className="field__label">社区</Text>
            <Picker mode="selector" range={communities.map((c) => c.communityName)} value={communityIndex} onChange={(e) => setCommunityIndex(Number(e.detail.value))}>
              <View className="input oversight-community" aria-label="社区">
                {stats?.communityName}
              </View>
            </Picker>
          </View>
        )}
        {stats && (
          <Button className="btn assist-log-link" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/assist-log/index?communityId=${stats.communityId}` })}>
            代办记录（居务监督）
          </Button>
        )}
        {streetAdmin && (
          <Button className="btn btn--main street-link" onClick={() => void Taro.navigateTo({ url: '/packages/consultation/pages/street/index' })}>
            街道办理（上报议题答复）
          </Button>
        )}
      </View>
      {!stats ? (
        <Empty text="没有可查看的社区" />
      ) : (
        <>
          <StatsCard stats={stats} />
          <Chips<Section> className="oversight-sections" choices={SECTIONS} value={section} onChange={setSection} />
          {section === 'pipeline' && <Pipeline key={`${stats.communityId}:${version}`} stats={stats} />}
          {section === 'moderation' && <Moderation communityId={stats.communityId} />}
          {section === 'votes' && <Votes communityId={stats.communityId} />}
        </>
      )}
      {/* Across all she oversees (a street admin's whole street), so here once and not on every topic page. */}
      <View className="card">
        <OverdueImplementations key={version} />
      </View>
      <View className="card">
        <Text className="title">导出（CSV，可用 Excel 或 WPS 打开）</Text>
        <Button className="btn export-stats" disabled={exporting.busy} onClick={() => exportCsv('stats')}>
          导出{monthLabel(shownMonth)}统计
        </Button>
        <Button className="btn export-pipeline" disabled={exporting.busy} onClick={() => exportCsv('pipeline')}>
          导出全部议题及状态
        </Button>
        <ActionResult action={exporting} />
      </View>
    </Page>
  )
}
