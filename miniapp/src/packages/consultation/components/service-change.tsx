import type { TopicDetail } from '@linli/shared'

/** The service change an adopted outcome carries (issue 11 item 7). Mounted on the topic page; renders nothing until the feature is built. */
export function ServiceChangeSection(_props: { topic: TopicDetail; onChanged: () => void }) {
  return null
}
