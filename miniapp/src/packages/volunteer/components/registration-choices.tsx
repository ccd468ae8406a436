import { Text, View } from '@tarojs/components'

/**
 * Several choices, any number of them ticked (服务技能, 服务时间): each a checkbox a screen reader
 * announces as such, ticked ones filled and carrying ✓ (colour is never the only cue).
 */
export function CheckChips<T extends string>({
  choices,
  labels,
  value,
  onChange,
  className,
}: {
  choices: readonly T[]
  labels: Record<T, string>
  value: readonly T[]
  onChange(value: T[]): void
  className?: string
}) {
  const toggle = (c: T) => onChange(value.includes(c) ? value.filter((v) => v !== c) : [...value, c])
  return (
    <View className={`chips ${className ?? ''}`}>
      {choices.map((c) => (
        <View key={c} className={`chip ${value.includes(c) ? 'chip--active' : ''}`} role="checkbox" aria-checked={value.includes(c)} onClick={() => toggle(c)}>
          <Text>
            {value.includes(c) ? '✓ ' : ''}
            {labels[c]}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** A consent the person ticks herself, its purpose in full beside the box. */
export function ConsentBox({ checked, onChange, className, children }: { checked: boolean; onChange(checked: boolean): void; className: string; children: string }) {
  return (
    <View className={`checkbox-row ${className}`} role="checkbox" aria-checked={checked} onClick={() => onChange(!checked)}>
      <Text className="chip-mark">{checked ? '☑' : '☐'}</Text>
      <Text>{children}</Text>
    </View>
  )
}
