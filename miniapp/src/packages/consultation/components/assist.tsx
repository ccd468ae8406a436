import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ASSIST_HELPER_ROLE_LABELS, ASSIST_KIND_LABELS, type AssistMark, type TopicDetail, assistMarkText } from '@linli/shared'
import { useAppState } from '../../../state/app-state'
import { useRequest } from '../../../state/use-request'
import { assistApi } from '../api/assist'

/**
 * 代办 (issue 11 item 5) on the topic page: for the community's staff, its 网格员 and a resident
 * with 家人 there, while the topic's state allows an act (附议, 意见, 投票). Anyone else sees nothing.
 */
export function AssistEntry({ topic }: { topic: TopicDetail; onChanged: () => void }) {
  const { me } = useAppState()
  const options = useRequest(me ? `assist:${topic.id}:${topic.state}:${me.id}` : null, () => assistApi.options(topic.id))
  const o = options.data
  if (!o || !o.kind || (o.helperRole === null && o.familyMembers.length === 0)) return null
  const act = ASSIST_KIND_LABELS[o.kind]
  const who = o.helperRole ? `您是${ASSIST_HELPER_ROLE_LABELS[o.helperRole]}，` : ''
  return (
    <View className="card assist-entry">
      <Text className="title">代办</Text>
      <Text className="kv">{who}可以替在场的居民{o.helperRole ? '' : '（您的家人）'}{act}，须填写原因，记为代办并公开留痕。</Text>
      <Button className="btn btn--main assist-open" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/assist/index?topicId=${topic.id}` })}>
        替居民{act}
      </Button>
      {(o.helperRole === 'staff' || o.helperRole === 'street_admin') && (
        <Button className="btn assist-log-open" onClick={() => void Taro.navigateTo({ url: `/packages/consultation/pages/assist-log/index?communityId=${topic.communityId}` })}>
          代办记录（居务监督）
        </Button>
      )}
    </View>
  )
}

/** 「代办：网格员 张*」 beside an opinion given by 代办; for the opinions list to render. */
export function AssistMarkLabel({ mark }: { mark: AssistMark | undefined }) {
  if (!mark) return null
  return <Text className="tag assist-mark">{assistMarkText(mark)}</Text>
}
