import Taro from '@tarojs/taro'
import type { CategoryId, Me, Session } from '@linli/shared'
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { api, getToken, setToken } from '../api/client'
import type { ThemeMode } from '../theme/tokens'

const ELDER_KEY = 'linli.elderMode'
const COMMUNITY_KEY = 'linli.communityId'

export interface AppState {
  /** Null until signed in; `ready` says whether a stored session has been checked. */
  me: Me | null
  ready: boolean
  mode: ThemeMode
  /** The community being browsed: the resident's own, or the one chosen before signing in. */
  communityId: string | null
  /** A category picked on 首页 for the 服务 tab (switchTab cannot carry parameters). */
  pendingCategory: CategoryId | null
  signIn(session: Session): void
  signOut(): Promise<void>
  setElderMode(on: boolean): Promise<void>
  chooseCommunity(id: string): Promise<void>
  setMe(me: Me): void
  setPendingCategory(id: CategoryId | null): void
}

const Ctx = createContext<AppState | null>(null)

export function AppStateProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<Me | null>(null)
  const [ready, setReady] = useState(getToken() === null)
  const [elder, setElder] = useState<boolean>(Taro.getStorageSync<boolean>(ELDER_KEY) === true)
  const [chosenCommunity, setChosenCommunity] = useState<string | null>(Taro.getStorageSync<string>(COMMUNITY_KEY) || null)
  const [pendingCategory, setPendingCategory] = useState<CategoryId | null>(null)

  const setMe = useCallback((next: Me) => {
    setMeState(next)
    // 长辈模式 is kept per user on the server; the device copy lets it apply before login too.
    setElder(next.elderMode)
    Taro.setStorageSync(ELDER_KEY, next.elderMode)
  }, [])

  // H5 only: the tab bar lives outside the pages, so it follows 长辈模式 through a class on <body>.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') document.body.classList.toggle('elder-mode', elder)
  }, [elder])

  useEffect(() => {
    if (getToken() === null) return
    api
      .me()
      .then(setMe)
      .catch(() => setToken(null))
      .finally(() => setReady(true))
  }, [setMe])

  const value = useMemo<AppState>(
    () => ({
      me,
      ready,
      mode: elder ? 'elder' : 'normal',
      communityId: me?.community?.id ?? chosenCommunity,
      pendingCategory,
      signIn(session) {
        setToken(session.token)
        setMe(session.me)
        setReady(true)
      },
      async signOut() {
        try {
          await api.logout()
        } finally {
          setToken(null)
          setMeState(null)
        }
      },
      async setElderMode(on) {
        setElder(on)
        Taro.setStorageSync(ELDER_KEY, on)
        if (me) setMe(await api.setPreferences(on))
      },
      async chooseCommunity(id) {
        setChosenCommunity(id)
        Taro.setStorageSync(COMMUNITY_KEY, id)
        if (me) setMe(await api.switchCommunity(id))
      },
      setMe,
      setPendingCategory,
    }),
    [me, ready, elder, chosenCommunity, pendingCategory, setMe],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useAppState(): AppState {
  const state = useContext(Ctx)
  if (!state) throw new Error('useAppState outside AppStateProvider')
  return state
}
