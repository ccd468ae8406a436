import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** Acting for a resident who is present (issue 11 item 5). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">代办</Text>
    </Page>
  )
}
