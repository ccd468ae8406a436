import { useCallback, useState } from 'react'
import type { ApiError } from '../api/client'
import { asApiError } from './use-request'

export interface ActionState {
  /** True while the action runs: the button that started it disables, so a double tap does nothing. */
  busy: boolean
  /** What went wrong, for the page to show beside the control that was tapped. */
  error: ApiError | null
  /** Runs `action`; resolves true when it succeeded. */
  run(action: () => Promise<void>): Promise<boolean>
  clearError(): void
}

/** One tap-started action of a page: the try/busy/catch/finally every page wrote by hand, once. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
      return true
    } catch (err) {
      setError(asApiError(err))
      return false
    } finally {
      setBusy(false)
    }
  }, [])
  const clearError = useCallback(() => setError(null), [])
  return { busy, error, run, clearError }
}
