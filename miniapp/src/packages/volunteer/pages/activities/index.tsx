import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { type ActivitySummary, type MySignupEntry, VOLUNTEER_SKILLS, VOLUNTEER_SKILL_LABELS, type VolunteerSkill } from '@linli/shared'
import { useState } from 'react'
import { type Choice, Chips } from '../../../../components/chips'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, LoadMore, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useMorePages } from '../../../../state/use-more-pages'
import { useRequest } from '../../../../state/use-request'
import { activitiesApi } from '../../api/activities'
import { momentLabel, spanLabel } from '../../../../components/dates'

type Tab = 'activities' | 'mine'
const TABS: Choice<Tab>[] = [
  { value: 'activities', label: '志愿活动' },
  { value: 'mine', label: '我的报名' },
]
type Category = VolunteerSkill | 'all'
const CATEGORIES: Choice<Category>[] = [{ value: 'all', label: '全部' }, ...VOLUNTEER_SKILLS.map((s) => ({ value: s, label: VOLUNTEER_SKILL_LABELS[s] }))]
type When = 'upcoming' | 'past'
const WHEN: Choice<When>[] = [
  { value: 'upcoming', label: '即将开始' },
  { value: 'past', label: '已结束' },
]
const SIGNUP_LABELS: Record<MySignupEntry['status'], string> = { signed_up: '已报名', waitlisted: '候补中', cancelled: '已取消' }

const open = (activityId: string) => void Taro.navigateTo({ url: `/packages/volunteer/pages/activity/index?id=${activityId}` })

function ActivityCard({ a }: { a: ActivitySummary }) {
  return (
    <View className="card activity-card" onClick={() => open(a.id)} hoverClass="card--pressed">
      <View className="service-card__head">
        <Text className="service-card__name">{a.title}</Text>
        <Text className="tag activity-category">{a.categoryLabel}</Text>
      </View>
      {a.firstStartsAtLocal && (
        <Text className="kv">
          {momentLabel(a.firstStartsAtLocal)} 起 · {a.place}
        </Text>
      )}
      <Text className="kv activity-seats">{a.seatsLeft > 0 ? `还有 ${a.seatsLeft} 个名额` : '名额已满，可报名候补'}</Text>
      {a.risky && <Text className="muted kv">有风险提示，已安排意外保险</Text>}
      <Text className="kv">查看详情并报名 ›</Text>
    </View>
  )
}

/** 志愿活动 of her community by category, soonest first. */
function ActivityList({ communityId }: { communityId: string | null }) {
  const [category, setCategory] = useState<Category>('all')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const query = { communityId: communityId ?? undefined, category: category === 'all' ? undefined : category }
  const list = useRequest(communityId && `activities:${communityId}:${category}:${version}`, () => activitiesApi.list(query))
  const pages = useMorePages(list.data, (cursor) => activitiesApi.list({ ...query, cursor }))
  return (
    <View className="activity-list">
      <Chips<Category> className="category-chips" choices={CATEGORIES} value={category} onChange={setCategory} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View>
          {pages.items.map((a) => (
            <ActivityCard key={a.id} a={a} />
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={!communityId ? '请先选择社区' : category === 'all' ? '社区近期没有志愿活动' : `近期没有${VOLUNTEER_SKILL_LABELS[category]}类的志愿活动`} />
      )}
    </View>
  )
}

/** 我的报名: her shifts to come and past ones; each opens its activity (to cancel there). */
function MySignups() {
  const [when, setWhen] = useState<When>('upcoming')
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const list = useRequest(`my-signups:${when}:${version}`, () => activitiesApi.mine({ when }))
  const pages = useMorePages(list.data, (cursor) => activitiesApi.mine({ when, cursor }))
  return (
    <View className="my-signups">
      <Chips<When> className="when-chips" choices={WHEN} value={when} onChange={setWhen} />
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length > 0 ? (
        <View>
          {pages.items.map((s) => (
            <View key={s.id} className="card my-signup" onClick={() => open(s.activityId)} hoverClass="card--pressed">
              <View className="service-card__head">
                <Text className="service-card__name">{s.activityTitle}</Text>
                <Text className={`tag my-signup-status status--${s.status === 'signed_up' ? 'confirmed' : s.status}`}>
                  {s.activityStatus === 'cancelled' ? '活动已取消' : SIGNUP_LABELS[s.status]}
                </Text>
              </View>
              <Text className="kv">
                {s.role} · {spanLabel(s.startsAtLocal, s.endsAtLocal)}
              </Text>
              <Text className="muted kv">{s.place}</Text>
              {s.waitlistPosition !== null && <Text className="kv">候补第 {s.waitlistPosition} 位，有人取消时自动转为正式报名</Text>}
              <Text className="kv">{s.canCancel ? '查看或取消报名 ›' : '查看活动 ›'}</Text>
            </View>
          ))}
          <LoadMore pages={pages} />
        </View>
      ) : (
        <Empty text={when === 'upcoming' ? '您还没有报名即将开始的志愿活动' : '还没有已结束的报名'} />
      )}
    </View>
  )
}

/** 志愿服务 (issue 12 item 2): the activities to sign up for, and 我的报名 (`?tab=mine`). */
export default function ActivitiesPage() {
  const { params } = useRouter()
  const { me, communityId } = useAppState()
  const [tab, setTab] = useState<Tab>(params.tab === 'mine' ? 'mine' : 'activities')
  const staffOf = me?.roles.find((r) => r.role === 'staff' && r.communityId === communityId)
  const choose = (next: Tab) => {
    if (next === 'mine' && !me) {
      void Taro.navigateTo({ url: '/packages/account/pages/login/index' })
      return
    }
    setTab(next)
  }
  return (
    <Page>
      <Chips<Tab> className="activity-tabs" choices={TABS} value={tab} onChange={choose} />
      {staffOf && tab === 'activities' && (
        <Button className="btn btn--main publish-activity" onClick={() => Taro.navigateTo({ url: `/packages/volunteer/pages/publish/index?communityId=${communityId ?? ''}` })}>
          发布志愿活动
        </Button>
      )}
      {tab === 'activities' ? <ActivityList communityId={communityId} /> : <MySignups />}
    </Page>
  )
}
