import { View } from '@tarojs/components'
import { type ReactNode, useEffect, useRef } from 'react'
import { useAppState } from '../state/app-state'
import { themeStyle } from '../theme/tokens'
import { OfflineNotice } from './offline-notice'

/**
 * Every page's root: applies the normal or 长辈模式 tokens as CSS variables. In H5 it also puts them
 * on <body>, where Taro draws its tab bar, navigation bar, pickers and modals outside every page.
 */
export function Page({ children, className }: { children: ReactNode; className?: string }) {
  const { mode } = useAppState()
  const root = useRef<HTMLElement>(null)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    for (const [name, value] of Object.entries(themeStyle(mode))) document.body.style.setProperty(name, value)
  }, [mode])
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    // Taro's H5 page container is the scrolling box, and its buttons take no focus: without a tab
    // stop a keyboard or switch-access user cannot scroll a long page (axe scrollable-region-focusable).
    root.current?.closest('.taro_page')?.setAttribute('tabindex', '0')
  }, [])
  return (
    <View ref={root} className={`page page--${mode} ${className ?? ''}`} style={themeStyle(mode)}>
      <OfflineNotice />
      {children}
    </View>
  )
}
