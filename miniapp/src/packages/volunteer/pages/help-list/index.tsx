import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 邻里求助 (issue 12): scaffolding, built by its feature. */
export default function HelpListPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
