import type { TopicDetail } from '@linli/shared'

/** 代办 (issue 11 item 5): the way for staff, 网格员 or a family member to act for a resident who is present. Mounted on the topic page; renders nothing until the feature is built. */
export function AssistEntry(_props: { topic: TopicDetail; onChanged: () => void }) {
  return null
}
