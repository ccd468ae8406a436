import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MyRecords } from '@linli/shared'
import { Page } from '../../../../components/page'
import { Empty, LoadMore, Waiting } from '../../../../components/state-view'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { hoursApi } from '../../api/hours'
import './index.css'

/** Confirmed hours by year, each year's categories under it (the rollup's rows, newest year first). */
function Totals({ records }: { records: MyRecords }) {
  const years = [...new Set(records.totals.map((t) => t.year))]
  return (
    <View className="card records-totals">
      <Text className="kv">累计已确认服务时长</Text>
      <Text className="records-total">{records.totalHours} 小时</Text>
      {years.map((year) => {
        const rows = records.totals.filter((t) => t.year === year)
        const hours = Math.round(rows.reduce((n, t) => n + t.minutes, 0) / 0.6) / 100
        return (
          <View key={year} className="records-year">
            <Text className="kv">
              {year} 年：{hours} 小时
            </Text>
            <Text className="kv muted">{rows.map((t) => `${t.categoryLabel} ${t.hours} 小时（${t.records} 次）`).join('；')}</Text>
          </View>
        )
      })}
    </View>
  )
}

/**
 * 我的服务记录 (issue 12 item 4): confirmed hours by year and category, and every record newest
 * first with its activity, date, times, hours and status (待确认 ones are listed, not yet counted).
 */
export default function RecordsPage() {
  const first = useRequest('my-records', () => hoursApi.records())
  const pages = useMorePages(first.data, (cursor) => hoursApi.records(cursor))
  const records = first.data
  if (!records) return <Page><Waiting request={first} /></Page>
  return (
    <Page>
      <Totals records={records} />
      <Text className="title">服务记录</Text>
      {pages.items.length === 0 && (
        <Empty
          text="还没有服务记录。参加志愿活动并签到签退后，记录会出现在这里。"
          action={
            <Button className="btn" onClick={() => void Taro.navigateTo({ url: '/packages/volunteer/pages/activities/index' })}>
              去看志愿活动
            </Button>
          }
        />
      )}
      {pages.items.map((r) => (
        <View key={r.id} className="card records-item">
          <Text className="kv">{r.title}</Text>
          <Text className="kv muted">
            {r.serviceDate} {r.checkedInAtLocal.time}–{r.checkedOutAtLocal?.time ?? '未签退'} · {r.categoryLabel}
          </Text>
          <Text className="kv">
            {r.hours ?? 0} 小时 · {r.statusLabel}
          </Text>
          {r.fixReason && <Text className="kv muted">更正原因：{r.fixReason}</Text>}
          {r.revokeReason && <Text className="kv muted">撤销原因：{r.revokeReason}</Text>}
        </View>
      ))}
      <LoadMore pages={pages} />
    </Page>
  )
}
