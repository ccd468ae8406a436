import { PRIVACY_POLICY_VERSION } from '@linli/shared'
import { dayLabel } from '../../miniapp/src/components/dates'
import { checkPage, loginAs, openTab, tap, useBrowser } from './harness'

const e2e = useBrowser()

async function api<T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${e2e.baseUrl}/api/v1${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

describe('改约 in the H5 app', () => {
  it('refuses to move a lunch into a day she already holds, says why, and moves it to a free day', async () => {
    const { page, baseUrl } = e2e
    // 王秀兰 holds lunch on two days (booked through the API); the third day is free.
    const elder = await api<{ token: string; me: { community: { id: string } } }>('/auth/demo', {
      body: { persona: 'elder', privacyPolicyVersion: PRIVACY_POLICY_VERSION },
    })
    const services = await api<{ items: { id: string }[] }>(`/communities/${elder.me.community.id}/services?q=${encodeURIComponent('午餐')}`)
    const lunch = services.items[0]
    if (!lunch) throw new Error('demo lunch missing')
    const slots = await api<{ items: { id: string; date: string; state: string }[] }>(`/services/${lunch.id}/slots?days=14`)
    const [first, held, free] = slots.items.filter((s) => s.state === 'open')
    if (!first || !held || !free) throw new Error('the demo lunch needs three open days')
    await api('/bookings', { token: elder.token, body: { slotId: first.id } })
    await api('/bookings', { token: elder.token, body: { slotId: held.id } })

    await page.goto(`${baseUrl}/`)
    await loginAs(page, '王秀兰')
    await tap(page.locator('.my-bookings-link:visible'))
    const card = page.locator('.my-bookings:visible .booking-card', { hasText: dayLabel(first.date) }).first()
    await tap(card)
    await tap(page.locator('.btn:visible', { hasText: '改约' }))
    await page.locator('.date-chips:visible').waitFor()
    await checkPage(page, '改约')

    // Into the day she already holds: refused, with the reason where she tapped, and nothing moved.
    await tap(page.locator('.date-chips:visible .chip', { hasText: dayLabel(held.date) }))
    await tap(page.locator('.slot:visible:not(.slot--disabled)').first())
    await tap(page.locator('.submit-booking:visible', { hasText: '确认改约' }))
    await page.locator('.booking-error:visible', { hasText: '您已预约过这个时段' }).waitFor()
    await checkPage(page, '改约（被拒绝）')
    const seats = await e2e.deps.db.selectFrom('booking').select('slot_id').where('holds_seat', '=', true).where('slot_id', 'in', [first.id, held.id]).execute()
    expect(seats.map((s) => s.slot_id).sort()).toEqual([first.id, held.id].sort())

    // To a free day: moved.
    await tap(page.locator('.date-chips:visible .chip', { hasText: dayLabel(free.date) }))
    await tap(page.locator('.slot:visible:not(.slot--disabled)').first())
    await tap(page.locator('.submit-booking:visible', { hasText: '确认改约' }))
    await page.locator('.booking-when:visible', { hasText: dayLabel(free.date) }).waitFor()
    await checkPage(page, '改约后的预约')
    await openTab(page, '我的')
  }, 120_000)
})
