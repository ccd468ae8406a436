import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 星级志愿者 (issue 12): scaffolding, built by its feature. */
export default function StarsPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
