import type { TopicDetail } from '@linli/shared'

/** 协商结果 of a topic (issue 11 item 6): result and 公示, objections, implementation updates, 评议, the A4 公示 page. Mounted on the topic page; renders nothing until the feature is built. */
export function OutcomeSection(_props: { topic: TopicDetail; onChanged: () => void }) {
  return null
}
