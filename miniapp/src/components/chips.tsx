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
    // Announced as one choice among several, and which is chosen, not as loose text.
    <View className={`chips ${className ?? ''}`} role="radiogroup">
      {choices.map((c) => (
        <View
          key={c.value}
          className={`chip ${c.value === value ? 'chip--active' : ''}`}
          role="radio"
          aria-checked={c.value === value}
          onClick={() => onChange(c.value)}
        >
          <Text>
            {c.value === value ? '✓ ' : ''}
            {c.label}
          </Text>
        </View>
      ))}
    </View>
  )
}
