import { dayLabel } from '../../miniapp/src/components/dates'
import { createBookableService, createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })

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

/** A community's lunch for residents of 60 and over with a 忌口 question, an elder who lives there, and its staff member. */
async function lunchWithElderAndStaff() {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  await createBookableService(e2e.deps.db, {
    communityId,
    name: '老年助餐·午餐',
    category: 'elder_care',
    minAge: 60,
    residentsOnly: true,
    maxPerDayPerPerson: 1,
    cancelByLocalTime: '09:30',
    questions: [{ id: 'diet', label: '忌口或饮食要求（如少盐、软烂）', required: false, maxLength: 50 }],
  })
  const elder = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
  const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
  return { elder, staff }
}

describe('booking an elder meal for her mother, checked in and served by staff', () => {
  it('runs from the resident’s phone to the staff member’s and back, on the slot’s clock', async () => {
    const { elder, staff } = await lunchWithElderAndStaff()
    const resident = await e2e.newPage()
    await resident.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, resident, elder)

    // Find the meal and open its booking page.
    await openTab(resident, '服务')
    await resident.locator('.search-input:visible input').fill('午餐')
    await tap(resident.locator('.search-button:visible'))
    await tap(resident.locator('.service-card:visible', { hasText: '老年助餐·午餐' }))
    await tap(resident.locator('.book-button:visible'))
    await resident.locator('.slot:visible').first().waitFor()
    await checkPage(resident, '预约')

    // Add her mother (亲情代办), then come back and book for her.
    await tap(resident.locator('.btn:visible', { hasText: '添加家人' }))
    await resident.locator('.family-name:visible input').fill('张桂英')
    await resident.locator('.family-birth:visible').click()
    await resident.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await resident.locator('.family-birth:visible', { hasText: /\d{4}-\d{2}-\d{2}/ }).waitFor()
    await tap(resident.locator('.add-family:visible'))
    await resident.locator('.family-member:visible', { hasText: '张桂英' }).waitFor()
    await resident.goBack()
    await tap(resident.locator('.person-chips:visible .chip', { hasText: '张桂英' }))
    await tap(resident.locator('.slot:visible:not(.slot--disabled)').first())
    await resident.locator('.answer-diet:visible input').fill('少盐软烂')
    await tap(resident.locator('.submit-booking:visible', { hasText: '确认预约' }))

    // The booking with its check-in code and QR.
    await resident.locator('.booking-done:visible').waitFor()
    const code = (await resident.locator('.check-in-code:visible').innerText()).trim()
    expect(code).toMatch(/^\d{6}$/)
    await resident.locator('.qr:visible').waitFor()
    expect(await resident.locator(':visible', { hasText: '服务对象：张桂英' }).count()).toBeGreaterThan(0)
    await checkPage(resident, '预约详情')
    const slot = await slotOf(code)

    // Staff, on the counter's device, the day before: check-in is not open yet, and the board says when it opens next to the input.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await tap(desk.locator('.staff-board-link:visible'))
    await desk.locator('.check-in-input:visible input').fill(code)
    e2e.setNow(new Date(slot.startsAt.getTime() - minutes(61)))
    await tap(desk.locator('.check-in-button:visible'))
    const refused = desk.locator('.card', { has: desk.locator('.check-in-input') }).locator('.check-in-result')
    await refused.waitFor()
    expect(await refused.innerText()).toMatch(/^签到时间未到：(\d+月\d+日 )?11:30 的老年助餐·午餐 (\d+月\d+日 )?10:30 起可签到$/)
    await checkPage(desk, '预约看板（签到未开始）')

    // On the day, 30 minutes before: checked in; the board shows what she wrote (忌口).
    e2e.setNow(new Date(slot.startsAt.getTime() - minutes(30)))
    await desk.locator('.check-in-input:visible input').fill(code)
    await tap(desk.locator('.check-in-button:visible'))
    await desk.locator('.check-in-result:visible', { hasText: '已签到' }).waitFor()
    await tap(desk.locator('.board-dates:visible .chip', { hasText: dayLabel(slot.day) }))
    const card = desk.locator('.booking-card:visible', { hasText: '张*英' })
    await card.locator('.status', { hasText: '已签到' }).waitFor()
    expect((await card.locator('.booking-answer').innerText()).trim()).toBe('忌口或饮食要求（如少盐、软烂）：少盐软烂')
    // The 已完成 toast goes by itself; what stays is the result beside the input.
    await desk.locator('.taro__toast').waitFor({ state: 'hidden' })
    await checkPage(desk, '预约看板（已签到）')

    // 已服务 before the start is refused, beside the card; after the start it asks first, then shows the result there.
    await tap(card.locator('.action-serve'))
    expect(await (await shownDialog(desk)).innerText()).toContain('不能撤回')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await card.locator('.action-result', { hasText: '服务还没开始' }).waitFor()
    e2e.setNow(new Date(slot.startsAt.getTime() + minutes(5)))
    await tap(card.locator('.action-serve'))
    expect(await (await shownDialog(desk)).innerText()).toContain('张*英：老年助餐·午餐')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await card.locator('.status', { hasText: '已服务' }).waitFor()
    await card.locator('.action-result', { hasText: '张*英：已服务' }).waitFor()
    expect(await e2e.deps.db.selectFrom('booking').select('status').where('id', '=', slot.id).executeTakeFirstOrThrow()).toEqual({ status: 'served' })

    // The resident, still signed in on her phone, sees the new status.
    await openTab(resident, '我的')
    await tap(resident.locator('.my-bookings-link:visible'))
    // .last(): the newest page — Taro H5 keeps an earlier 我的预约 in the DOM while it slides away.
    await tap(resident.locator('.chip:visible', { hasText: '历史记录' }).last())
    await resident.locator('.my-bookings:visible .booking-card', { hasText: '已服务' }).last().waitFor()
    await checkPage(resident, '我的预约（历史记录）')
  }, 180_000)
})
