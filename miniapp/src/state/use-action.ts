import { useCallback, useState } from 'react'
import { type ApiError, newIdempotencyKey } from '../api/client'
import { asApiError } from './use-request'

export interface ActionState {
  /** True while the action runs: the button that started it disables, so a double tap does nothing. */
  busy: boolean
  /** What went wrong, for the page to show beside the control that was tapped. */
  error: ApiError | null
  /** What the last run achieved, in the words the action returned (「已保存」), shown in the same place. */
  done: string | null
  /**
   * Runs `action` with the idempotency key of this attempt; resolves to the error it ended with,
   * or null when it succeeded.
   */
  run(action: (idempotencyKey: string) => Promise<string | void>): Promise<ApiError | null>
  /**
   * The refusal's message for a field (`path`, or a part of it: `links` covers `links.0`), until
   * the person changes that field (`edited`): an error she has fixed does not stay under it.
   */
  fieldError(path: string): string | undefined
  /** The person changed this field since the last refusal: its message is no longer shown. */
  edited(path: string): void
  /** Forgets the last result, e.g. when the person starts over. */
  clearError(): void
  /** A new choice (another slot, another person) is a new request: it gets a new key. */
  renewKey(): void
}

/**
 * One tap-started action of a page: the try/busy/catch/finally every page wrote by hand, once.
 * The key is kept while a request got no answer (a retry after a lost connection must not book
 * twice) and renewed after any answer: the BFF keeps a refusal under its key, so what the person
 * submits after fixing it is a new request.
 */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [key, setKey] = useState(newIdempotencyKey)
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set())
  const run = useCallback(
    async (action: (idempotencyKey: string) => Promise<string | void>) => {
      setBusy(true)
      setError(null)
      setDone(null)
      setChanged(new Set())
      try {
        setDone((await action(key)) ?? null)
        setKey(newIdempotencyKey())
        return null
      } catch (err) {
        const apiError = asApiError(err)
        setError(apiError)
        if (apiError.code !== 'NETWORK') setKey(newIdempotencyKey())
        return apiError
      } finally {
        setBusy(false)
      }
    },
    [key],
  )
  const clearError = useCallback(() => {
    setError(null)
    setDone(null)
  }, [])
  const renewKey = useCallback(() => setKey(newIdempotencyKey()), [])
  const fieldError = (path: string) =>
    changed.has(path) ? undefined : error?.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
  const edited = useCallback((path: string) => setChanged((before) => (before.has(path) ? before : new Set([...before, path]))), [])
  return { busy, error, done, run, fieldError, edited, clearError, renewKey }
}
