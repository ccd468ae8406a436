import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 证明核验 (issue 12): scaffolding, built by its feature. */
export default function VerifyPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
