import { Text, View } from '@tarojs/components'

/** 附议 progress against the threshold, in words too (colour is never the only cue). */
export function SupportBar({ count, threshold }: { count: number; threshold: number }) {
  const share = Math.min(1, count / threshold)
  return (
    <View className="bar-row support-bar">
      <View className="bar-track" role="progressbar" aria-label="附议进度" aria-valuemin={0} aria-valuemax={threshold} aria-valuenow={count}>
        <View className="bar-fill" style={{ width: `${Math.round(share * 100)}%` }} />
      </View>
      <Text className="bar-value support-count">
        已有 {count} 人附议，{count >= threshold ? '已达到立项门槛' : `还差 ${threshold - count} 人达到立项门槛（${threshold} 人）`}
      </Text>
    </View>
  )
}
