import { Text } from '@tarojs/components'
import { Page } from '../../../../components/page'

/** Staff and street views of consultation (issue 11 item 9). */
export default function Placeholder() {
  return (
    <Page>
      <Text className="muted kv">议事管理</Text>
    </Page>
  )
}
