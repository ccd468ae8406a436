import { Button } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { bookingApi } from '../../../../api/booking'
import { catalogApi } from '../../../../api/catalog'
import { Page } from '../../../../components/page'
import { Empty, ErrorState, Loading } from '../../../../components/state-view'
import { useAppState } from '../../../../state/app-state'
import { useRequest } from '../../../../state/use-request'
import { BookForm } from './book-form'
import { RescheduleForm } from './reschedule-form'
import { WalkInForm } from './walk-in-form'

// The page offers two weeks of slots (its empty state says 近两周), whatever the booking window.
const SLOT_DAYS = 14

/** Loads the service and its slots, then shows one of three forms: book, 改约 (rescheduleId) or 窗口代办 (walkIn=1). */
export default function BookPage() {
  const { params } = useRouter()
  const serviceId = params.serviceId ?? ''
  const rescheduleId = params.rescheduleId ?? null
  const walkIn = params.walkIn === '1'
  const { me } = useAppState()
  const service = useRequest(serviceId, () => catalogApi.service(serviceId))
  const setup = useRequest(serviceId, () => bookingApi.bookingSetup(serviceId))
  const [slotsVersion, setSlotsVersion] = useState(0)
  const slots = useRequest(`${serviceId}:${slotsVersion}`, () => bookingApi.slots(serviceId, undefined, SLOT_DAYS))

  if (!me) {
    return (
      <Page>
        <Empty
          text="登录后才能预约"
          action={
            <Button className="btn btn--main" onClick={() => Taro.navigateTo({ url: '/packages/account/pages/login/index' })}>
              去登录
            </Button>
          }
        />
      </Page>
    )
  }
  const loadError = service.error ?? setup.error ?? slots.error
  if (loadError) return <Page><ErrorState error={loadError} onRetry={() => { service.reload(); setup.reload(); slots.reload() }} /></Page>
  // A reread of the slots keeps the form (and what was typed into it) on screen with the counts it had.
  if (!service.data || !setup.data || !slots.data) return <Page><Loading /></Page>

  const mode = { service: service.data, slots: slots.data.items, refreshSlots: () => setSlotsVersion((v) => v + 1) }
  return (
    <Page>
      {rescheduleId ? (
        <RescheduleForm {...mode} bookingId={rescheduleId} />
      ) : walkIn ? (
        <WalkInForm {...mode} questions={setup.data.settings.questions} />
      ) : (
        <BookForm {...mode} questions={setup.data.settings.questions} />
      )}
    </Page>
  )
}
