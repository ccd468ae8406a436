import Taro from '@tarojs/taro'
import type { CategoryId, Me, Session } from '@linli/shared'
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { ApiError, getToken, onSessionEnded, setToken } from '../api/client'
import { accountApi } from '../api/account'
import type { ThemeMode } from '../theme/tokens'
import { STORAGE_KEYS } from '../api/storage-keys'

const ELDER_KEY = STORAGE_KEYS.elderMode
/** Seconds between tries to re-read a stored session while the server cannot be reached. */
const SESSION_RETRY_SECONDS = [2, 5, 10, 20, 30]
const COMMUNITY_KEY = STORAGE_KEYS.communityId

export interface AppState {
  /** Null until signed in; `ready` says whether a stored session has been checked. */
  me: Me | null
  ready: boolean
  /**
   * Set while a stored session could not be checked (offline, timeout, 5xx): the session is kept and
   * checked again by itself; only a 401 ends it.
   */
  sessionCheckError: ApiError | null
  retrySessionCheck(): void
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

  // A stored session is checked at launch. A network blip or a server error must not log the resident
  // out: the token stays, the pages say the network is down, and the check runs again (sooner when the
  // phone reports its network is back). Only a 401 — the server saying the session is over — ends it.
  const [sessionCheckError, setSessionCheckError] = useState<ApiError | null>(null)
  const [checkAttempt, setCheckAttempt] = useState(0)
  useEffect(() => {
    if (getToken() === null) return
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    accountApi
      .me()
      .then((value) => {
        if (!current) return
        setMe(value)
        setSessionCheckError(null)
        setReady(true)
      })
      .catch((err: unknown) => {
        if (!current) return
        if (err instanceof ApiError && err.status === 401) {
          setSessionCheckError(null)
          setReady(true)
          return
        }
        setSessionCheckError(err instanceof ApiError ? err : new ApiError('NETWORK', '网络不太好，请检查网络后重试', 0))
        const delay = SESSION_RETRY_SECONDS[Math.min(checkAttempt, SESSION_RETRY_SECONDS.length - 1)] ?? 30
        timer = setTimeout(() => setCheckAttempt((n) => n + 1), delay * 1000)
      })
    return () => {
      current = false
      if (timer) clearTimeout(timer)
    }
  }, [setMe, checkAttempt])

  useEffect(() => {
    if (!sessionCheckError) return
    const onChange = (result: { isConnected: boolean }) => {
      if (result.isConnected) setCheckAttempt((n) => n + 1)
    }
    Taro.onNetworkStatusChange(onChange)
    return () => Taro.offNetworkStatusChange(onChange)
  }, [sessionCheckError])

  // Any request answered 401 ends the session on the client too (the client has dropped the token).
  useEffect(() => onSessionEnded(() => setMeState(null)), [])

  const value = useMemo<AppState>(
    () => ({
      me,
      ready,
      sessionCheckError,
      retrySessionCheck: () => setCheckAttempt((n) => n + 1),
      mode: elder ? 'elder' : 'normal',
      communityId: me?.community?.id ?? chosenCommunity,
      pendingCategory,
      signIn(session) {
        setToken(session.token)
        setMe(session.me)
        setSessionCheckError(null)
        setReady(true)
      },
      async signOut() {
        try {
          await accountApi.logout()
        } finally {
          setToken(null)
          setMeState(null)
        }
      },
      async setElderMode(on) {
        setElder(on)
        Taro.setStorageSync(ELDER_KEY, on)
        if (me) setMe(await accountApi.setPreferences(on))
      },
      async chooseCommunity(id) {
        setChosenCommunity(id)
        Taro.setStorageSync(COMMUNITY_KEY, id)
        if (me) setMe(await accountApi.switchCommunity(id))
      },
      setMe,
      setPendingCategory,
    }),
    [me, ready, sessionCheckError, elder, chosenCommunity, pendingCategory, setMe],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useAppState(): AppState {
  const state = useContext(Ctx)
  if (!state) throw new Error('useAppState outside AppStateProvider')
  return state
}
