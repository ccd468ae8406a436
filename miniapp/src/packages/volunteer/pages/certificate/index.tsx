import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 志愿服务证明 (issue 12): scaffolding, built by its feature. */
export default function CertificatePage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
