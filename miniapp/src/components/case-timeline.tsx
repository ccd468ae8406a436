import { Text, View } from '@tarojs/components'
import { CASE_STATUS_LABELS, CASE_STEP_LABELS, type RectificationCase } from '@linli/shared'
import { deadlineLabel, momentLabel } from './dates'

/** The rectification steps, each with who and when. */
export function CaseTimeline({ value }: { value: RectificationCase }) {
  return (
    <View className="case-timeline">
      <Text className="kv">
        状态：{CASE_STATUS_LABELS[value.status]}
        {value.overdue ? '（已逾期）' : ''}
        {value.escalated ? '，已上报街道督办' : ''}
      </Text>
      <Text className="muted kv">办理期限：{deadlineLabel(value.deadlineLocal)}</Text>
      {value.steps.map((s, i) => (
        <View key={`${s.kind}-${i}`} className="case-step">
          <Text className="kv">
            {CASE_STEP_LABELS[s.kind]} · {s.actorName} · {momentLabel(s.atLocal)}
          </Text>
          <Text className="muted kv">{s.note}</Text>
        </View>
      ))}
    </View>
  )
}
