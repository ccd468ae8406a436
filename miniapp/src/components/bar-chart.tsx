import { Text, View } from '@tarojs/components'
import { percent } from './percent'

export interface Bar {
  label: string
  rate: number | null
  count: number
}

/**
 * Horizontal bars drawn with views (no canvas: it works the same in WeChat and H5 and stays
 * readable in 长辈模式). Each bar says its number in words too, so colour is not the only cue.
 */
export function BarChart({ bars, className }: { bars: Bar[]; className?: string }) {
  return (
    <View className={`bar-chart ${className ?? ''}`}>
      {bars.map((b) => (
        <View key={b.label} className="bar-row">
          <Text className="bar-label">{b.label}</Text>
          <View className="bar-track">
            <View className="bar-fill" style={{ width: `${Math.round((b.rate ?? 0) * 100)}%` }} />
          </View>
          <Text className="bar-value">
            {percent(b.rate)}（{b.count}条）
          </Text>
        </View>
      ))}
    </View>
  )
}
