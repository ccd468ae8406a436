import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** A form field: its label, the control, and the server's message for it beneath when there is one. */
export function Field({ label, error, children }: { label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      {children}
      {error && <Text className="field__error">{error}</Text>}
    </View>
  )
}
