import Taro from '@tarojs/taro'

/**
 * Asks WeChat for permission to send the booking and follow-up messages (订阅消息). WeChat grants
 * one message per template per consent and only from a tap, so every tap after which a message will
 * follow asks again: booking (预约成功, 确认, 提醒) and a 差评 (答复, 超期上报). Declining must never
 * stop what the tap does, so failures are swallowed.
 */
export async function askForSubscription(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || LINLI_SUBSCRIBE_TEMPLATES.length === 0) return
  try {
    await Taro.requestSubscribeMessage({ tmplIds: LINLI_SUBSCRIBE_TEMPLATES, entityIds: [] })
  } catch {
    // Declined or unsupported: the in-app 我的消息 still has every message.
  }
}
