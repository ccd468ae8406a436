import { Button, Text, View } from '@tarojs/components'
import { useAppState } from '../state/app-state'

/**
 * Shown on every page while a stored session could not be checked: says the network is the problem,
 * that she is still signed in, and offers to try again now (it also retries by itself).
 */
export function OfflineNotice() {
  const { sessionCheckError, retrySessionCheck } = useAppState()
  if (!sessionCheckError) return null
  return (
    <View className="card offline-notice" aria-live="polite">
      <Text className="kv">{sessionCheckError.message}</Text>
      <Text className="muted kv">您的登录状态已保留，网络恢复后会自动重新连接。</Text>
      <Button className="btn offline-retry" onClick={retrySessionCheck}>
        重新连接
      </Button>
    </View>
  )
}
