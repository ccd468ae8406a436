import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 时间银行 (issue 12): scaffolding, built by its feature. */
export default function CreditsPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
