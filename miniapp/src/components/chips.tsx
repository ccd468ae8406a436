import { Text, View } from '@tarojs/components'

export interface Choice<T extends string> {
  value: T
  label: string
}

/** A row of choices; the chosen one is filled and carries a check mark (colour is never the only cue). */
export function Chips<const T extends string>({
  choices,
  value,
  onChange,
  className,
}: {
  choices: Choice<T>[]
  value: T | null
  onChange(value: T): void
  className?: string
}) {
  return (
    <View className={`chips ${className ?? ''}`}>
      {choices.map((c) => (
        <View key={c.value} className={`chip ${c.value === value ? 'chip--active' : ''}`} onClick={() => onChange(c.value)}>
          <Text>
            {c.value === value ? '✓ ' : ''}
            {c.label}
          </Text>
        </View>
      ))}
    </View>
  )
}
