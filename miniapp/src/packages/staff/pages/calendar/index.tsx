import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { HOLIDAY_NOTICE_TEXT_MAX_LENGTH, HOLIDAY_SOURCE_MAX_LENGTH, type HolidayBlock, type HolidayYear } from '@linli/shared'
import { useEffect, useState } from 'react'
import { type ApiError } from '../../../../api/client'
import { calendarApi } from '../../../../api/calendar'
import { Chips } from '../../../../components/chips'
import { confirmAction } from '../../../../components/confirm'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { asApiError, useRequest } from '../../../../state/use-request'

const EXAMPLE = '2027-02-06 至 2027-02-13 休 春节\n2027-02-14 班 春节'

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`

/** A block as a person reads it: 「春节　2月15日–2月23日　放假」. */
function describe(block: HolidayBlock): string {
  const range = block.from === block.to ? monthDay(block.from) : `${monthDay(block.from)}–${monthDay(block.to)}`
  return `${block.name}　${range}　${block.kind === 'off' ? '放假' : '调休上班'}`
}

/**
 * 节假日安排 for the street admin: each year's State Council notice as loaded, and a box to paste
 * next year's (one line per block of days). The server checks every line and answers each
 * problem with its line number; loading replaces the whole year.
 */
export default function CalendarPage() {
  const { me } = useAppState()
  const isStreetAdmin = me?.roles.some((r) => r.role === 'street_admin') ?? false
  const status = useRequest(isStreetAdmin ? 'calendar-status' : null, () => calendarApi.calendarStatus())
  const [year, setYear] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const notice = useRequest(year && `${year}:${version}`, () => calendarApi.holidayYear(Number(year)))
  const [source, setSource] = useState('')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: true; text: string } | { ok: false; error: ApiError } | null>(null)

  // Open on the year that needs attention: next year while its notice is missing, else this year.
  useEffect(() => {
    if (status.data && year === null) setYear(String(status.data.warning && !status.data.loaded ? status.data.nextYear : status.data.year))
  }, [status.data, year])

  const load = async (target: HolidayYear | undefined) => {
    if (!year) return
    setResult(null)
    const confirmed = await confirmAction({
      title: `导入 ${year} 年安排`,
      content: target?.loaded
        ? `将用粘贴的内容替换已导入的 ${year} 年全部节假日和调休上班日，之后新开的整改工单按新安排计算工作日。`
        : `${year} 年的整改期限等将按这些放假和调休上班日计算工作日。`,
      confirmText: '导入',
    })
    if (!confirmed) return
    setBusy(true)
    try {
      const loaded = await calendarApi.loadHolidayNotice(Number(year), { source: source.trim(), text })
      setResult({ ok: true, text: `已导入 ${loaded.year} 年节假日安排：${loaded.days.filter((d) => d.kind === 'off').length} 天放假，${loaded.days.filter((d) => d.kind === 'working').length} 天调休上班` })
      void Taro.showToast({ title: '已导入', icon: 'success' })
      setText('')
      setVersion((v) => v + 1)
      status.reload()
    } catch (err) {
      setResult({ ok: false, error: asApiError(err) })
    } finally {
      setBusy(false)
    }
  }

  if (!isStreetAdmin) {
    return (
      <Page>
        <Empty text="节假日安排由街道管理员导入，您的账号没有这项权限" />
      </Page>
    )
  }
  if (status.error) {
    return (
      <Page>
        <ErrorState error={status.error} onRetry={status.reload} />
      </Page>
    )
  }
  if (!status.data || !year) {
    return (
      <Page>
        <Loading />
      </Page>
    )
  }

  const data = notice.data
  return (
    <Page>
      {status.data.warning && (
        <View className="card calendar-status" aria-live="polite">
          <Text className="kv">⚠ {status.data.warning}</Text>
        </View>
      )}
      <Chips<string>
        choices={[status.data.year, status.data.nextYear].map((y) => ({ value: String(y), label: `${y} 年` }))}
        value={year}
        onChange={(y) => {
          setYear(y)
          setSource('')
          setResult(null)
        }}
      />
      <View className="card">
        <Text className="title">{year} 年放假和调休上班</Text>
        {notice.loading && !data ? (
          <Loading />
        ) : notice.error ? (
          <ErrorState error={notice.error} onRetry={notice.reload} />
        ) : data && data.loaded ? (
          <View>
            <Text className="muted kv">
              依据：{data.source}（{data.loadedAt?.slice(0, 10)} 导入）
            </Text>
            {data.blocks.map((block) => (
              <Text key={block.from} className="kv holiday-line">
                {describe(block)}
              </Text>
            ))}
          </View>
        ) : (
          <Empty text={`还没有导入 ${year} 年的节假日安排。在此之前，工作日只按周末和元旦（1月1日）、劳动节（5月1–2日）、国庆节（10月1–3日）计算，春节等假期和调休上班日不会计入。`} />
        )}
      </View>
      <View className="card">
        <Text className="title">{data?.loaded ? `重新导入 ${year} 年` : `导入 ${year} 年`}</Text>
        <Text className="muted kv">按国务院办公厅通知，每行写一段：日期（或「日期 至 日期」）、休或班、节日名称。导入会替换这一年已有的全部日期。</Text>
        <View className="field">
          <Text className="field__label">通知名称或文号</Text>
          <Input
            className="input"
            nativeProps={{ 'aria-label': '通知名称或文号' }}
            maxlength={HOLIDAY_SOURCE_MAX_LENGTH}
            placeholder={`国务院办公厅关于${year}年部分节假日安排的通知`}
            value={source}
            onInput={(e) => setSource(e.detail.value)}
          />
        </View>
        <View className="field">
          <Text className="field__label">放假和调休安排（每行一段）</Text>
          <Textarea
            className="input holiday-text"
            // A notice is about 15 lines: show most of them without scrolling inside the box.
            style={{ width: '100%', height: '14em' }}
            nativeProps={{ 'aria-label': '放假和调休安排（每行一段）' }}
            maxlength={HOLIDAY_NOTICE_TEXT_MAX_LENGTH}
            placeholder={`例如：\n${EXAMPLE}`}
            value={text}
            onInput={(e) => setText(e.detail.value)}
          />
        </View>
        <Button className="btn btn--main holiday-load" disabled={busy} onClick={() => load(data)}>
          {busy ? '正在导入…' : `导入 ${year} 年安排`}
        </Button>
        {result?.ok && (
          <Text className="kv result--ok holiday-result" aria-live="polite">
            {result.text}
          </Text>
        )}
        {result && !result.ok && (
          <View className="holiday-errors" aria-live="assertive">
            <Text className="field__error kv">{result.error.message}</Text>
            {result.error.fields.map((f) => (
              <Text key={`${f.path}:${f.message}`} className="field__error kv">
                {f.message}
              </Text>
            ))}
          </View>
        )}
      </View>
    </Page>
  )
}
