import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 我的志愿 (issue 12): scaffolding, built by its feature. */
export default function ProfilePage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
