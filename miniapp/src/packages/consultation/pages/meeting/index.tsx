import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** 议事会: details, registration and, for staff, the door desk (issue 11 item 4). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">议事会</Text>
    </Page>
  )
}
