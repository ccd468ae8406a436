import type { TopicDetail } from '@linli/shared'

/** 上报街道 (issue 11 item 8): sent with a due date, the street answer published on the topic. Mounted on the topic page; renders nothing until the feature is built. */
export function EscalationSection(_props: { topic: TopicDetail; onChanged: () => void }) {
  return null
}
