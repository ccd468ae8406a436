import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** Topics sent to the street and their answers (issue 11 item 8). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">街道办理</Text>
    </Page>
  )
}
