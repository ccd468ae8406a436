import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 服务志愿者 (issue 12): scaffolding, built by its feature. */
export default function SlotHelpersPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
