import { Button, Image, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Waiting } from '../../../../components/state-view'
import { useRequest } from '../../../../state/use-request'
import { outcomesApi } from '../../api/outcomes'
import './index.css'

/** `2026-12-01` → `2026年12月1日`, as a notice on paper dates itself. */
function paperDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

/**
 * The printable A4 公示 (issue 11 item 6) for the notice board: the result, the 公示 period with its
 * dates, how to raise an objection, and a QR code back to the topic for those who read it on paper.
 * In print the app's chrome and the print button are hidden (index.css).
 */
export default function PrintNoticePage() {
  const { params } = useRouter()
  const topicId = params.topicId ?? ''
  const notice = useRequest(`notice:${topicId}`, () => outcomesApi.notice(topicId))
  const n = notice.data
  if (!n) return <Page><Waiting request={notice} /></Page>
  const { startsOn, endsOn, workingDays } = n.publicity
  return (
    <Page className="print-page">
      <View className="print-actions">
        <Text className="kv muted">用 A4 纸打印，张贴在社区公告栏。</Text>
        {process.env.TARO_ENV === 'h5' && (
          <Button className="btn btn--main print-now" onClick={() => window.print()}>
            打印
          </Button>
        )}
      </View>
      <View className="notice-sheet">
        <Text className="notice-heading">协商结果公示</Text>
        <Text className="notice-title">关于「{n.title}」的协商结果</Text>
        <Text className="notice-text">
          经社区协商，{n.adopted ? '该议题形成以下结果，予以采纳' : '该议题形成以下结果，不予采纳'}：
        </Text>
        <Text className="notice-text notice-summary">{n.summary}</Text>
        {n.reason && <Text className="notice-text">{n.adopted ? '说明' : '不采纳的原因'}：{n.reason}</Text>}
        <Text className="notice-text notice-period">
          公示期：{paperDate(startsOn)}（{dayLabel(startsOn).split(' ')[1]}）至 {paperDate(endsOn)}（{dayLabel(endsOn).split(' ')[1]}），共 {workingDays} 个工作日，节假日不计。
        </Text>
        <Text className="notice-text notice-how">
          公示期内，本社区居民对结果有异议的，可扫描下方二维码进入议题页面提出，或到社区居民委员会书面提出。社区将逐条答复并在议题页面公开。
        </Text>
        <View className="notice-qr">
          <Image className="notice-qr__image" src={n.qrCode} mode="aspectFit" nativeProps={{ alt: `返回议题页面的二维码：${n.title}` }} />
          <Text className="notice-qr__caption">扫码查看议题、提出异议</Text>
        </View>
        <View className="notice-sign">
          <Text className="notice-text">{n.communityName}居民委员会</Text>
          <Text className="notice-text">{paperDate(n.publishedOn)}</Text>
        </View>
      </View>
    </Page>
  )
}
