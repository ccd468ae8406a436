import { View } from '@tarojs/components'
import { type ReactNode, useEffect, useRef } from 'react'
import { useAppState } from '../state/app-state'
import { themeStyle } from '../theme/tokens'

/** Every page's root: applies the normal or 长辈模式 tokens as CSS variables. */
export function Page({ children, className }: { children: ReactNode; className?: string }) {
  const { mode } = useAppState()
  const root = useRef<HTMLElement>(null)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    // Taro's H5 page container is the scrolling box, and its buttons take no focus: without a tab
    // stop a keyboard or switch-access user cannot scroll a long page (axe scrollable-region-focusable).
    root.current?.closest('.taro_page')?.setAttribute('tabindex', '0')
  }, [])
  return (
    <View ref={root} className={`page page--${mode} ${className ?? ''}`} style={themeStyle(mode)}>
      {children}
    </View>
  )
}
