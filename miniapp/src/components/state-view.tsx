import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { ApiError } from '../api/client'

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="state state--loading" aria-live="polite">
      <Text className="state__text">{text}</Text>
    </View>
  )
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <View className="state state--error" aria-live="assertive">
      <Text className="state__icon">⚠</Text>
      <Text className="state__text">{error.message}</Text>
      {onRetry && (
        <Button className="btn btn--main" onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  )
}

/** A request the page cannot do without, not answered yet: its error with 重试, or 正在加载. */
export function Waiting({ request }: { request: { error: ApiError | null; reload(): void } }) {
  return request.error ? <ErrorState error={request.error} onRetry={request.reload} /> : <Loading />
}

export function Empty({ text, action }: { text: string; action?: ReactNode }) {
  return (
    <View className="state state--empty">
      <Text className="state__text">{text}</Text>
      {action}
    </View>
  )
}

/** 加载更多 under a list, or what went wrong loading the next page, with 重试. */
export function LoadMore({ pages }: { pages: { hasMore: boolean; loading: boolean; error: ApiError | null; loadMore(): void } }) {
  if (pages.error) return <ErrorState error={pages.error} onRetry={pages.loadMore} />
  if (!pages.hasMore) return null
  return (
    <Button className="btn" disabled={pages.loading} onClick={pages.loadMore}>
      {pages.loading ? '正在加载…' : '加载更多'}
    </Button>
  )
}
