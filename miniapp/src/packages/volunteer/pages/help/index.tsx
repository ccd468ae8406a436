import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 求助详情 (issue 12): scaffolding, built by its feature. */
export default function HelpPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
