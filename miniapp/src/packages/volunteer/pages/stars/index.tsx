import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { STAR_LEVEL_HOURS, STAR_LEVEL_LABELS, STAR_PUBLICITY_WORKING_DAYS, STAR_STATUS_LABELS, type StarEntry } from '@linli/shared'
import { dayLabel } from '../../../../components/dates'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { certificatesApi } from '../../api/certificates'

const STATUS_CLASS = { announced: 'pending', awarded: 'confirmed', withdrawn: 'cancelled' } as const

function Entry({ e }: { e: StarEntry }) {
  return (
    <View className="card star-entry">
      <View className="row">
        <Text className="title">
          {e.nameMasked} · {e.levelLabel}志愿者
        </Text>
        <Text className={`tag status--${STATUS_CLASS[e.status]}`}>{STAR_STATUS_LABELS[e.status]}</Text>
      </View>
      <Text className="kv">
        志愿者编号 {e.volunteerNo} · 累计服务 {e.hours} 小时
      </Text>
      <Text className="kv muted">
        {dayLabel(e.announcedOn)} 起公示，{e.status === 'withdrawn' ? '因服务时长更正已撤回' : `公示至 ${dayLabel(e.publicityEndsOn)}`}
      </Text>
    </View>
  )
}

/**
 * 星级志愿者公示 (issue 12 item 5): public. A level newly reached is shown here for 5 working days
 * before it is awarded; one withdrawn because hours were taken back is shown as withdrawn.
 */
export default function StarsPage() {
  const { params } = useRouter()
  const { communityId: browsing } = useAppState()
  const communityId = params.communityId ?? browsing
  const list = useRequest(communityId ? `stars:${communityId}` : null, () => certificatesApi.stars(communityId ?? ''))
  const pages = useMorePages(list.data, (cursor) => certificatesApi.stars(communityId ?? '', cursor))
  const thresholds = STAR_LEVEL_LABELS.map((l, i) => `${l} ${STAR_LEVEL_HOURS[i]} 小时`).join('、')
  return (
    <Page>
      <Text className="headline">{list.data ? `${list.data.communityName}星级志愿者公示` : '星级志愿者公示'}</Text>
      <Text className="muted kv">
        按组织方确认的累计服务时长评定：{thresholds}。新达到的星级公示 {STAR_PUBLICITY_WORKING_DAYS} 个工作日（节假日不计），期满授予。对公示有异议的，请向社区居委会反映。
      </Text>
      {!communityId ? (
        <Empty text="请先在首页选择社区" />
      ) : list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : pages.items.length > 0 ? (
        <View className="star-list">
          {pages.items.map((e) => (
            <Entry key={e.id} e={e} />
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text="目前没有公示中的星级志愿者" />
      )}
    </Page>
  )
}
