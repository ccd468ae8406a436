import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

/**
 * Phones set to another zone (a daughter in New York booking for her mother in 桂花社区) show the
 * community's dates and times: the pages format what the BFF sends and take "today" from the
 * server's clock, never from the phone's clock or zone (docs/decisions/014-local-time-on-the-wire.md).
 */
const e2e = useBrowser({ demo: false })
const PHONE_ZONE = 'America/New_York'
// Booked on Wednesday 30 December 2026, 08:00 in Shanghai.
const DEC_30_MORNING = new Date('2026-12-30T00:00:00Z')
// 00:30 on Friday 1 January 2027 in Shanghai: 31 December in New York (11:30) and in UTC (16:30),
// and the browser's own clock says something else again (the day the test runs).
const NEW_YEAR_0030 = new Date('2026-12-31T16:30:00Z')
const SHOTS = process.env.LINLI_SHOTS_DIR
// Sessions made for setup calls outlive the moved clock.
const FAR = new Date('2030-01-01')

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/time-zone-${name}.png`, fullPage: true })
}

/** 桂花社区 (Asia/Shanghai) with a resident who booked the New Year's Day lunch, and its staff. */
async function newYearLunch() {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  const resident = await createPerson(e2e, { name: '陈桂英', birthDate: '1948-03-09', communityId })
  const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
  // Cancellable until 60 minutes before 11:30.
  const meal = await createBookableService(e2e.deps.db, { communityId, name: '长者食堂午餐', cancelBeforeMinutes: 60 })
  e2e.setNow(DEC_30_MORNING)
  const token = await sessionFor(e2e.deps.db, resident.id, FAR)
  const slots = await e2e.api<{ items: { id: string; date: string }[] }>(`/services/${meal.id}/slots?from=2027-01-01&days=1`)
  expect(slots.items.map((s) => s.date)).toEqual(['2027-01-01'])
  const booking = await e2e.api<{ id: string }>('/bookings', { token, body: { slotId: slots.items[0]?.id } })
  return { resident, staff, booking }
}

describe('a phone in New York shows 桂花社区 on China’s clock', () => {
  it('the booking’s cancel deadline, 我的消息, and 今天 on the staff board follow the community and the server clock', async () => {
    const { resident, staff, booking } = await newYearLunch()
    e2e.setNow(NEW_YEAR_0030)

    // The resident's daughter, on a phone set to New York.
    const page = await e2e.newPage({ timezoneId: PHONE_ZONE })
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(PHONE_ZONE)
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, resident)
    await page.goto(`${e2e.baseUrl}/#/packages/booking/pages/detail/index?id=${booking.id}`)
    await page.locator('.booking-when:visible', { hasText: '1月1日 周五 11:30–12:30' }).waitFor()
    expect(await page.locator('.cancel-deadline:visible').innerText()).toBe('可在 1月1日 周五 10:30前取消或改约')
    await checkPage(page, '预约详情（手机在纽约时区）')
    await shoot(page, 'detail')

    // Staff cancel it (the kitchen is shut); her message says when, on the community's clock.
    const staffToken = await sessionFor(e2e.deps.db, staff.id, FAR)
    await e2e.api(`/bookings/${booking.id}/staff-cancel`, { token: staffToken, body: { reason: '厨房检修' } })
    // The message's time is the database's clock, not the moved one: pin it to the moment under test.
    await e2e.deps.db.updateTable('inbox_message').set({ created_at: NEW_YEAR_0030 }).where('user_id', '=', resident.id).execute()
    await openTab(page, '我的')
    await tap(page.locator('.messages-link:visible'))
    const message = page.locator('.message:visible', { hasText: '预约已被社区取消' })
    await message.waitFor()
    expect(await message.innerText()).toContain('1月1日 周五 00:30')
    await checkPage(page, '我的消息（手机在纽约时区）')
    await shoot(page, 'messages')

    // Staff on a phone set to New York: the board opens on 今天 in 桂花社区, 1 January.
    const desk = await e2e.newPage({ timezoneId: PHONE_ZONE })
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await tap(desk.locator('.staff-board-link:visible'))
    const today = desk.locator('.board-dates:visible .chip--active')
    await today.waitFor()
    expect(await today.innerText()).toBe('✓ 今天 1月1日 周五')
    await desk.locator('.booking-card:visible', { hasText: '陈*英' }).waitFor()
    await checkPage(desk, '预约看板（手机在纽约时区）')
    await shoot(desk, 'board')

    // 长辈模式: the same board in large type, still on 1 January (checkPage measured both modes; this is to look at).
    await openTab(desk, '我的')
    await desk.locator('.check-in-input').waitFor({ state: 'hidden' })
    await tap(desk.locator('.elder-switch:visible'), '长辈模式')
    await desk.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    await tap(desk.locator('.staff-board-link:visible'))
    expect(await desk.locator('.page--elder .board-dates:visible .chip--active').innerText()).toBe('✓ 今天 1月1日 周五')
    // 我的 has slid away (a page on its way out still covers half the board).
    await desk.locator('.elder-switch').waitFor({ state: 'hidden' })
    await shoot(desk, 'board-elder')
  }, 120_000)
})
