import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** Owner and household registry that staff import as CSV (issue 11 item 3). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">业主名册</Text>
    </Page>
  )
}
