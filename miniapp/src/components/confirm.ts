import Taro from '@tarojs/taro'
import { TOKENS } from '../theme/tokens'

/**
 * Asks before an action that cannot be undone, in WeChat's own dialog (issue 8: elders know it, it
 * follows the phone's font size and screen readers read it). `content` says what will happen;
 * `confirmText` names the action (WeChat shows at most 4 Chinese characters).
 */
export async function confirmAction(options: { title: string; content: string; confirmText: string; danger?: boolean }): Promise<boolean> {
  const colors = TOKENS.normal
  const { confirm } = await Taro.showModal({
    title: options.title,
    content: options.content,
    confirmText: options.confirmText,
    cancelText: '返回',
    confirmColor: options.danger ? colors.colorDanger : colors.colorPrimary,
    cancelColor: colors.colorText,
  })
  return confirm
}
