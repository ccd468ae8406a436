import { Page } from '../../../../components/page'
import { Empty } from '../../../../components/state-view'

/** 志愿者注册 (issue 12): scaffolding, built by its feature. */
export default function RegisterPage() {
  return (
    <Page>
      <Empty text="建设中" />
    </Page>
  )
}
