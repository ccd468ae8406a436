import { useEffect, useState } from 'react'
import type { ApiError } from '../api/client'
import { useAction } from './use-action'

interface CursorPage<T> {
  items: T[]
  nextCursor: string | null
}

export interface MorePages<T> {
  /** The first page's items, then every page 加载更多 has added. */
  items: T[]
  /** Whether there is a page after the last one shown. */
  hasMore: boolean
  loading: boolean
  error: ApiError | null
  loadMore(): void
}

/** The pages of a list after its first: each 加载更多 appends the next; a new first page starts over. */
export function useMorePages<T>(first: CursorPage<T> | undefined, loadPage: (cursor: string) => Promise<CursorPage<T>>): MorePages<T> {
  const [more, setMore] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const { busy, error, run, clearError } = useAction()
  useEffect(() => {
    setMore([])
    clearError()
    setCursor(first?.nextCursor ?? null)
  }, [first, clearError])
  const loadMore = () => {
    if (!cursor) return
    void run(async () => {
      const page = await loadPage(cursor)
      setMore((items) => [...items, ...page.items])
      setCursor(page.nextCursor)
    })
  }
  return { items: [...(first?.items ?? []), ...more], hasMore: cursor !== null, loading: busy, error, loadMore }
}
