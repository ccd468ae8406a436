import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 发布志愿活动 (issue 12): scaffolding, built by its feature. */
export default function PublishPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
