import { Text } from '@tarojs/components'
import type { ApiError } from '../api/client'
import type { ActionState } from '../state/use-action'

/**
 * What a tapped action came to, shown beside the control: its result in words, or its error
 * (read out by screen readers as it appears). `describe` words an error for this control.
 */
export function ActionResult({
  action,
  className = '',
  describe = (error) => error.message,
}: {
  action: Pick<ActionState, 'done' | 'error'>
  className?: string
  describe?: (error: ApiError) => string
}) {
  if (action.error) return <Text className={`kv field__error ${className}`} aria-live="polite">{describe(action.error)}</Text>
  if (action.done) return <Text className={`kv result--ok ${className}`} aria-live="polite">{action.done}</Text>
  return null
}
