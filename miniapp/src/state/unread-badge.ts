import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { messagesApi } from '../api/messages'
import { useAppState } from './app-state'

/** 我的 is the third tab (app.config.ts). */
const ME_TAB_INDEX = 2
const BADGE_MAX = 99

function showBadge(unread: number): void {
  // The tab bar may not be there (H5 before it mounts); a missing badge is no reason to fail a page.
  const done = unread > 0
    ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text: unread > BADGE_MAX ? `${BADGE_MAX}+` : String(unread) })
    : Taro.removeTabBarBadge({ index: ME_TAB_INDEX })
  void Promise.resolve(done).catch(() => undefined)
}

/**
 * The number of unread 我的消息, refreshed whenever a tab page shows and on login or logout, and
 * put on the 我的 tab as a badge. Null while unknown (signed out, or not yet loaded).
 */
export function useUnreadBadge(): number | null {
  const { me } = useAppState()
  const [unread, setUnread] = useState<number | null>(null)
  const signedIn = me !== null

  const refresh = useCallback(() => {
    if (!signedIn) {
      setUnread(null)
      showBadge(0)
      return
    }
    messagesApi
      .unreadCount()
      .then(({ unread: n }) => {
        setUnread(n)
        showBadge(n)
      })
      // Offline or a blip: the last known badge stays; the next show asks again.
      .catch(() => undefined)
  }, [signedIn])

  const latest = useRef(refresh)
  latest.current = refresh
  useDidShow(() => latest.current())
  useEffect(refresh, [refresh, me?.id])
  return unread
}
