import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../api/client'
import { messageFor } from '../api/errors'

export interface RequestState<T> {
  data: T | undefined
  error: ApiError | null
  loading: boolean
  reload(): void
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('INTERNAL', messageFor('INTERNAL'), 0)
}

/** Runs `load` when `key` changes; a late answer for an old key is dropped. Skips while key is null. */
export function useRequest<T>(key: string | null, load: () => Promise<T>): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(key !== null)
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    if (key === null) {
      setLoading(false)
      return
    }
    let current = true
    setLoading(true)
    setError(null)
    loadRef
      .current()
      .then((value) => current && setData(value))
      .catch((err: unknown) => current && setError(asApiError(err)))
      .finally(() => current && setLoading(false))
    return () => {
      current = false
    }
  }, [key, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { data, error, loading, reload }
}

export { asApiError }
