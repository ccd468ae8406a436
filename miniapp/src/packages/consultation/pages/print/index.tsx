import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** The printable A4 公示 with a QR code back to the topic (issue 11 item 6). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">公示</Text>
    </Page>
  )
}
