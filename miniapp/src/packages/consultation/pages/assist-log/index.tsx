import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** The daily list of 代办 acts for the 居务监督委员会 (issue 11 item 5). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">代办记录</Text>
    </Page>
  )
}
