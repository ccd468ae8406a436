import type { TopicDetail } from '@linli/shared'

/** 议事会 of a topic (issue 11 item 4): time, place, seats, registration, check-in code; staff open the door desk. Mounted on the topic page; renders nothing until the feature is built. */
export function MeetingsSection(_props: { topic: TopicDetail; onChanged: () => void }) {
  return null
}
