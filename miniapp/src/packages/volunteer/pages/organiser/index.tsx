import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 活动管理 (issue 12): scaffolding, built by its feature. */
export default function OrganiserPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
