import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { VolunteerCommunityNumbers } from '@linli/shared'
import { useState } from 'react'
import { saveCsv } from '../../../../api/download'
import { ActionResult } from '../../../../components/action-result'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useAction } from '../../../../state/use-action'
import { useRequest } from '../../../../state/use-request'
import { useToday } from '../../../../state/use-today'
import { certificatesApi } from '../../api/certificates'

/** The staff hub of 志愿服务: where each part of the work is done. */
const HUB = [
  { label: '发布活动', url: '/packages/volunteer/pages/publish/index', className: 'hub-publish' },
  { label: '求助审核', url: '/packages/volunteer/pages/help-list/index?mode=staff', className: 'hub-help' },
  { label: '服务志愿者', url: '/packages/volunteer/pages/slot-helpers/index', className: 'hub-slot-helpers' },
  { label: '星级公示', url: '/packages/volunteer/pages/stars/index', className: 'hub-stars' },
  { label: '志愿者与服务队', url: '/packages/volunteer/pages/teams/index', className: 'hub-teams' },
  { label: '证明管理', url: '/packages/volunteer/pages/certificate/index', className: 'hub-certificates' },
]

const pct = (share: number) => `${(share * 100).toFixed(1)}%`

function CommunityCard({ n }: { n: VolunteerCommunityNumbers }) {
  const maxHours = Math.max(1, ...n.months.map((m) => m.hours))
  const maxActivities = Math.max(1, ...n.categories.map((c) => c.activities))
  const met = n.share >= n.target
  return (
    <View className="card numbers-community">
      <Text className="headline">{n.communityName}</Text>
      <View className="section">
        <Text className="title">注册志愿者</Text>
        <Text className="kv numbers-share">
          {n.volunteers} 人，占居民 {n.residents} 人的 {pct(n.share)}（目标 {pct(n.target)}，{met ? '已达到' : '未达到'}）
        </Text>
      </View>
      <View className="section">
        <Text className="title">近 6 个月服务时长（小时）</Text>
        <View className="bar-chart numbers-months">
          {n.months.map((m) => (
            <View key={m.month} className="bar-row">
              <Text className="bar-label">{m.month}</Text>
              <View className="bar-track">
                <View className="bar-fill" style={{ width: `${Math.round((m.hours / maxHours) * 100)}%` }} />
              </View>
              <Text className="bar-value">{m.hours} 小时</Text>
            </View>
          ))}
        </View>
      </View>
      <View className="section">
        <Text className="title">各类志愿活动</Text>
        {n.categories.length > 0 ? (
          n.categories.map((c) => (
            <Text key={c.category} className="kv">
              {c.label}：{c.activities} 项（占最多一类的 {pct(c.activities / maxActivities)}）
            </Text>
          ))
        ) : (
          <Text className="kv muted">还没有发布过志愿活动</Text>
        )}
      </View>
      <View className="section">
        <Text className="title">邻里求助（近 6 个月）</Text>
        <Text className="kv numbers-help">
          共 {n.help.requests} 件，48 小时内有志愿者接单 {n.help.answeredWithin48h} 件{n.help.requests > 0 ? `（${pct(n.help.answeredWithin48h / n.help.requests)}）` : ''}
        </Text>
      </View>
      <View className="section">
        <Text className="title">星级志愿者</Text>
        {n.stars.map((s) => (
          <Text key={s.level} className="kv">
            {s.label}：已授予 {s.awarded} 人，公示中 {s.announced} 人
          </Text>
        ))}
      </View>
      <RecordsExport communityId={n.communityId} communityName={n.communityName} />
    </View>
  )
}

/**
 * 志愿服务记录导出: the community's confirmed records in the national 志愿服务信息系统's fields, for
 * upload there — this year so far, or last year (the BFF takes at most a year at a time).
 */
function RecordsExport({ communityId, communityName }: { communityId: string; communityName: string }) {
  const today = useToday(communityId)
  const exporting = useAction()
  const year = Number((today.data?.date ?? '').slice(0, 4))
  const save = (from: string, to: string) =>
    exporting.run(() => saveCsv(`/staff/communities/${communityId}/volunteer-records/export?from=${from}&to=${to}`, `志愿服务记录-${communityName}-${from}至${to}.csv`))
  if (!today.data) return <Waiting request={today} />
  const date = today.data.date
  return (
    <View className="section records-export">
      <Text className="title">导出志愿服务记录（全国志愿服务信息系统字段，CSV）</Text>
      <Text className="kv muted">含志愿者完整证件号码，仅供上传全国系统；每次导出都会记入审计日志。</Text>
      <Button className="btn export-this-year" disabled={exporting.busy} onClick={() => save(`${year}-01-01`, date)}>
        导出{year}年至今的记录
      </Button>
      <Button className="btn export-last-year" disabled={exporting.busy} onClick={() => save(`${year - 1}-01-01`, `${year - 1}-12-31`)}>
        导出{year - 1}年全年的记录
      </Button>
      <ActionResult action={exporting} />
    </View>
  )
}

/**
 * 志愿服务数据 (issue 12 item 8) and the staff hub of 志愿服务: staff see their community, a street
 * admin every community of the street.
 */
export default function NumbersPage() {
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const numbers = useRequest(`volunteer-numbers:${version}`, () => certificatesApi.numbers())
  return (
    <Page>
      <View className="section numbers-hub">
        <Text className="headline">志愿服务管理</Text>
        {HUB.map((h) => (
          <Button key={h.url} className={`btn ${h.className}`} onClick={() => void Taro.navigateTo({ url: h.url })}>
            {h.label}
          </Button>
        ))}
      </View>
      {numbers.data ? numbers.data.communities.map((n) => <CommunityCard key={n.communityId} n={n} />) : <Waiting request={numbers} />}
    </Page>
  )
}
