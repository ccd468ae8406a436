import { dayLabel } from '../../miniapp/src/components/dates'
import { checkPage, loginAs, openTab, shownDialog, tap, useBrowser } from './harness'

const e2e = useBrowser()

/** A booking's slot start and its local day, read from the database by its check-in code. */
async function slotOf(code: string) {
  const row = await e2e.deps.db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .select(['booking.id', 'slot.starts_at'])
    .where('booking.check_in_code', '=', code)
    .executeTakeFirstOrThrow()
  const day = new Date(row.starts_at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  return { id: row.id, startsAt: row.starts_at, day }
}

const minutes = (n: number) => n * 60_000

describe('booking an elder meal for her mother, checked in and served by staff', () => {
  afterEach(() => e2e.setNow(null))

  it('runs from the resident to the staff member and back, on the slot’s clock', async () => {
    const { page, baseUrl } = e2e
    await page.goto(`${baseUrl}/`)
    await loginAs(page, '王秀兰')

    // Find the meal and open its booking page.
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('午餐')
    await tap(page.locator('.search-button:visible'))
    await tap(page.locator('.service-card:visible', { hasText: '老年助餐·午餐' }))
    await tap(page.locator('.book-button:visible'))
    await page.locator('.slot:visible').first().waitFor()
    await checkPage(page, '预约')

    // Add her mother (亲情代办), then come back and book for her.
    await tap(page.locator('.btn:visible', { hasText: '添加家人' }))
    await page.locator('.family-name:visible input').fill('张桂英')
    await page.locator('.family-birth:visible').click()
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await page.locator('.family-birth:visible', { hasText: /\d{4}-\d{2}-\d{2}/ }).waitFor()
    await tap(page.locator('.add-family:visible'))
    await page.locator('.family-member:visible', { hasText: '张桂英' }).waitFor()
    await page.goBack()
    await tap(page.locator('.person-chips:visible .chip', { hasText: '张桂英' }))
    await tap(page.locator('.slot:visible:not(.slot--disabled)').first())
    await page.locator('.answer-diet:visible input').fill('少盐软烂')
    await tap(page.locator('.submit-booking:visible', { hasText: '确认预约' }))

    // The booking with its check-in code and QR.
    await page.locator('.booking-done:visible').waitFor()
    const code = (await page.locator('.check-in-code:visible').innerText()).trim()
    expect(code).toMatch(/^\d{6}$/)
    await page.locator('.qr:visible').waitFor()
    expect(await page.locator(':visible', { hasText: '服务对象：张桂英' }).count()).toBeGreaterThan(0)
    await checkPage(page, '预约详情')
    const slot = await slotOf(code)

    // Staff, the day before: check-in is not open yet, and the board says when it opens next to the input.
    await loginAs(page, '张丽')
    await tap(page.locator('.staff-board-link:visible'))
    await page.locator('.check-in-input:visible input').fill(code)
    e2e.setNow(new Date(slot.startsAt.getTime() - minutes(61)))
    await tap(page.locator('.check-in-button:visible'))
    const refused = page.locator('.card', { has: page.locator('.check-in-input') }).locator('.check-in-result')
    await refused.waitFor()
    expect(await refused.innerText()).toMatch(/^签到时间未到：(\d+月\d+日 )?11:30 的老年助餐·午餐 (\d+月\d+日 )?10:30 起可签到$/)
    await checkPage(page, '预约看板（签到未开始）')

    // On the day, 30 minutes before: checked in; the board shows what she wrote (忌口).
    e2e.setNow(new Date(slot.startsAt.getTime() - minutes(30)))
    await page.locator('.check-in-input:visible input').fill(code)
    await tap(page.locator('.check-in-button:visible'))
    await page.locator('.check-in-result:visible', { hasText: '已签到' }).waitFor()
    await tap(page.locator('.board-dates:visible .chip', { hasText: dayLabel(slot.day) }))
    const card = page.locator('.booking-card:visible', { hasText: '张*英' })
    await card.locator('.status', { hasText: '已签到' }).waitFor()
    expect((await card.locator('.booking-answer').innerText()).trim()).toBe('忌口或饮食要求（如少盐、软烂）：少盐软烂')
    // The 已完成 toast goes by itself; what stays is the result beside the input.
    await page.locator('.taro__toast').waitFor({ state: 'hidden' })
    await checkPage(page, '预约看板（已签到）')

    // 已服务 before the start is refused, beside the card; after the start it asks first, then shows the result there.
    await tap(card.locator('.action-serve'))
    expect(await (await shownDialog(e2e.page)).innerText()).toContain('不能撤回')
    await tap(page.locator('.taro-model__confirm:visible'))
    await card.locator('.action-result', { hasText: '服务还没开始' }).waitFor()
    e2e.setNow(new Date(slot.startsAt.getTime() + minutes(5)))
    await tap(card.locator('.action-serve'))
    expect(await (await shownDialog(e2e.page)).innerText()).toContain('张*英：老年助餐·午餐')
    await tap(page.locator('.taro-model__confirm:visible'))
    await card.locator('.status', { hasText: '已服务' }).waitFor()
    await card.locator('.action-result', { hasText: '张*英：已服务' }).waitFor()

    // The resident sees the new status.
    await loginAs(page, '王秀兰')
    await tap(page.locator('.my-bookings-link:visible'))
    await tap(page.locator('.chip:visible', { hasText: '历史记录' }))
    await page.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }).waitFor()
    await checkPage(page, '我的预约（历史记录）')
  }, 180_000)
})
