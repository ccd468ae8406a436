import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useAppState } from '../state/app-state'
import { themeStyle } from '../theme/tokens'
import { OfflineNotice } from './offline-notice'

/** Every page's root: applies the normal or 长辈模式 tokens as CSS variables. */
export function Page({ children, className }: { children: ReactNode; className?: string }) {
  const { mode } = useAppState()
  return (
    <View className={`page page--${mode} ${className ?? ''}`} style={themeStyle(mode)}>
      <OfflineNotice />
      {children}
    </View>
  )
}
