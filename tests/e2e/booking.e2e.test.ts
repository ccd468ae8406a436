import { loginAs, openTab, useBrowser } from './harness'

const e2e = useBrowser()

describe('booking an elder meal for her mother, checked in and served by staff', () => {
  it('runs from the resident to the staff member and back', async () => {
    const { page, baseUrl } = e2e
    await page.goto(`${baseUrl}/`)
    await loginAs(page, '王秀兰')

    // Find the meal and open its booking page.
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('午餐')
    await page.locator('.search-button:visible').click()
    await page.locator('.service-card:visible', { hasText: '老年助餐·午餐' }).click()
    await page.locator('.book-button:visible').click()
    await page.locator('.slot:visible').first().waitFor()

    // Add her mother (亲情代办), then come back and book for her.
    await page.locator('.btn:visible', { hasText: '添加家人' }).click()
    await page.locator('.family-name:visible input').fill('张桂英')
    await page.locator('.family-birth:visible').click()
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await page.locator('.family-birth:visible', { hasText: '1940-01-01' }).waitFor()
    await page.locator('.add-family:visible').click()
    await page.locator('.family-member:visible', { hasText: '张桂英' }).waitFor()
    await page.goBack()
    await page.locator('.person-chips:visible .chip', { hasText: '张桂英' }).click()
    const slot = page.locator('.slot:visible:not(.slot--disabled)').first()
    await slot.click()
    await page.locator('.answer-diet:visible input').fill('少盐，饭要软一点')
    await page.locator('.submit-booking:visible', { hasText: '确认预约' }).click()

    // The booking with its check-in code and QR.
    await page.locator('.booking-done:visible').waitFor()
    const code = (await page.locator('.check-in-code:visible').innerText()).trim()
    expect(code).toMatch(/^\d{6}$/)
    await page.locator('.qr:visible').waitFor()
    const when = (await page.locator('.booking-when:visible').innerText()).trim()
    expect(await page.locator(':visible', { hasText: '服务对象：张桂英' }).count()).toBeGreaterThan(0)

    // It is in 我的预约.
    await openTab(page, '我的')
    await page.locator('.my-bookings-link:visible').click()
    await page.locator('.my-bookings:visible .booking-card', { hasText: '张桂英' }).waitFor()

    // Staff: check in by code, then mark served.
    await openTab(page, '我的')
    await loginAs(page, '张丽')
    await page.locator('.staff-board-link:visible').click()
    await page.locator('.check-in-input:visible input').fill(code)
    await page.locator('.check-in-button:visible').click()
    await page.locator('.board-message:visible', { hasText: '已签到' }).waitFor()
    const day = when.split(' ').slice(0, 2).join(' ')
    await page.locator('.board-dates:visible .chip', { hasText: day }).click()
    const card = page.locator('.booking-card:visible', { hasText: '张*英' })
    await card.locator('.status', { hasText: '已签到' }).waitFor()
    await card.locator('.action-serve').click()
    await card.locator('.status', { hasText: '已服务' }).waitFor()

    // The resident sees the new status.
    await loginAs(page, '王秀兰')
    await page.locator('.my-bookings-link:visible').click()
    await page.locator('.chip:visible', { hasText: '历史记录' }).click()
    await page.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }).waitFor()
  }, 120_000)

  it('lets staff book at the window for a walk-in resident, then close that day, which cancels it with notice', async () => {
    const { page } = e2e
    await loginAs(page, '张丽')
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('日间照料')
    await page.locator('.search-button:visible').click()
    await page.locator('.service-card:visible', { hasText: '日间照料' }).click()
    await page.locator('.walk-in-link:visible').click()
    await page.locator('.slot:visible:not(.slot--disabled)').first().click()
    await page.locator('.walk-in-phone:visible input').fill('13700001234')
    await page.locator('.walk-in-name:visible input').fill('孙大爷')
    await page.locator('.submit-booking:visible').click()
    await page.locator('.booking-error:visible', { hasText: '出生日期' }).waitFor()
    await page.locator('.walk-in-birth:visible input').fill('1948-06-18')
    await page.locator('.submit-booking:visible').click()
    await page.locator('.booking-done:visible').waitFor()
    const when = (await page.locator('.booking-when:visible').innerText()).trim()
    const walkIn = await e2e.deps.db.selectFrom('booking').select(['id', 'channel']).where('channel', '=', 'walk_in').executeTakeFirstOrThrow()
    expect(walkIn.channel).toBe('walk_in')

    // Close that day for this service.
    await page.goBack()
    await page.locator('.setup-link:visible').click()
    await page.locator('.save-setup:visible').waitFor()
    const dayChip = when.split(' ').slice(0, 2).join(' ')
    await page.locator('.closure-dates:visible .chip', { hasText: dayChip }).click()
    await page.locator('.closure-reason:visible input').fill('照料中心消防检修')
    await page.locator('.add-closure:visible').click()
    await page.locator('.closure-message:visible', { hasText: '已取消1个预约' }).waitFor()
    const after = await e2e.deps.db.selectFrom('booking').select(['status', 'status_reason']).where('id', '=', walkIn.id).executeTakeFirstOrThrow()
    expect(after).toEqual({ status: 'cancelled', status_reason: '照料中心消防检修' })
    const notice = await e2e.deps.db.selectFrom('notification_outbox').select('kind').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(notice.kind).toBe('cancelled_by_staff')
  }, 90_000)
})
