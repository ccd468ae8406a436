import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 服务记录 (issue 12): scaffolding, built by its feature. */
export default function RecordsPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
