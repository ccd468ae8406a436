import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 志愿签到 (issue 12): scaffolding, built by its feature. */
export default function CheckinPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
