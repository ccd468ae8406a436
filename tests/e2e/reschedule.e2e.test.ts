import { dayLabel } from '../../miniapp/src/components/dates'
import { createBookableService, createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })


describe('改约 in the H5 app', () => {
  it('refuses to move a lunch into a day she already holds, says why, and moves it to a free day', async () => {
    // 王秀兰 holds lunch on two days (booked through the API: the setup, not the test); the third day is free.
    const street = await createStreet(e2e.deps.db, '桂花街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
    const lunch = await createBookableService(e2e.deps.db, { communityId, name: '老年助餐·午餐', category: 'elder_care', minAge: 60, residentsOnly: true, maxPerDayPerPerson: 1 })
    const elder = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const token = await sessionFor(e2e.deps.db, elder.id)
    const slots = await e2e.api<{ items: { id: string; date: string; state: string; startsAt: string }[] }>(`/services/${lunch.id}/slots?days=14`)
    // Not today's: by the time of day the test runs, today's cancel (and 改约) deadline may have passed.
    const [first, held, free] = slots.items.filter((s) => s.state === 'open' && Date.parse(s.startsAt) > Date.now() + 24 * 3600_000)
    if (!first || !held || !free) throw new Error('the lunch needs three open days')
    await e2e.api('/bookings', { token, body: { slotId: first.id } })
    await e2e.api('/bookings', { token, body: { slotId: held.id } })

    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, elder)
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
