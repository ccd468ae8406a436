import { dayLabel } from '../../miniapp/src/components/dates'
import { createBookableService, createCommunity, createProvider, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]

/** A community with its staff member and 王秀兰, a resident on file (name and birth date, no phone given at the counter). */
async function community() {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
  const wang = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
  return { streetId: street.id, communityId, staff, wang }
}

/** The local (Shanghai) day of an instant. */
const localDay = (instant: Date) => new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

async function bookingByCode(code: string) {
  return e2e.deps.db
    .selectFrom('booking')
    .innerJoin('slot', 'slot.id', 'booking.slot_id')
    .innerJoin('app_user', 'app_user.id', 'booking.booked_by')
    .select(['booking.id', 'booking.status', 'booking.channel', 'booking.service_id', 'slot.starts_at', 'app_user.id as user_id', 'app_user.phone_hash', 'app_user.birth_date_enc'])
    .where('booking.check_in_code', '=', code)
    .executeTakeFirstOrThrow()
}

describe('the staff side in the H5 app', () => {
  it('books two walk-ins at the counter without a phone (a new resident, then a known one), reading out each code', async () => {
    const { communityId, staff, wang } = await community()
    await createBookableService(e2e.deps.db, {
      communityId,
      name: '日间照料',
      category: 'elder_care',
      minAge: 60,
      residentsOnly: true,
      maxPerDayPerPerson: 1,
      cancelBeforeMinutes: 120,
      rules: EVERY_DAY.map((weekday) => ({ weekday, start: '08:00', end: '18:00', capacity: 20 })),
    })
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, staff)
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('日间照料')
    await tap(page.locator('.search-button:visible'))
    await tap(page.locator('.service-card:visible', { hasText: '日间照料' }))
    await tap(page.locator('.walk-in-link:visible'))
    await page.locator('.slot:visible').first().waitFor()
    await checkPage(page, '窗口代办')
    // 从日历选择 stands apart from the typed birth date (the two touched), so a tap lands on the one meant.
    const typed = await page.locator('.walk-in-birth:visible').boundingBox()
    const calendar = await page.locator('.walk-in-birth-picker:visible').boundingBox()
    expect(Math.round((calendar?.y ?? 0) - (typed?.y ?? 0) - (typed?.height ?? 0))).toBeGreaterThanOrEqual(8)

    // No phone and no birth date: the form says what is missing, next to the field.
    await tap(page.locator('.slot:visible:not(.slot--disabled)').first())
    await page.locator('.walk-in-name:visible input').fill('孙大爷')
    await tap(page.locator('.submit-booking:visible'))
    const birthField = page.locator('.field', { has: page.locator('.walk-in-birth') })
    await birthField.locator('.field__error', { hasText: '没有手机号时请填写出生日期' }).waitFor()
    await checkPage(page, '窗口代办（缺出生日期）')

    // Name and birth date are enough: the code to read out is on this page, large.
    await page.locator('.walk-in-birth:visible input').fill('1948-06-18')
    await tap(page.locator('.submit-booking:visible'))
    await page.locator('.walk-in-done:visible').waitFor()
    const first = (await page.locator('.walk-in-code:visible').innerText()).trim()
    expect(first).toMatch(/^\d{6}$/)
    expect(await page.locator('.walk-in-done').innerText()).toContain('已为这位居民新建登记')
    expect(await page.locator('.walk-in-done').innerText()).not.toContain('已过取消时间')
    const size = await page.locator('.walk-in-code:visible').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(24)
    await checkPage(page, '窗口代办结果')
    const sun = await bookingByCode(first)
    expect(sun).toMatchObject({ status: 'confirmed', channel: 'walk_in', phone_hash: null })
    expect(sun.birth_date_enc && e2e.deps.cipher.decrypt(sun.birth_date_enc)).toBe('1948-06-18')
    expect(sun.user_id).not.toBe(wang.id)

    // 下一位: an empty form for the next person.
    await tap(page.locator('.next-walk-in:visible'))
    await page.locator('.walk-in-name:visible input').waitFor()
    expect(await page.locator('.walk-in-name:visible input').inputValue()).toBe('')
    expect(await page.locator('.walk-in-birth:visible input').inputValue()).toBe('')
    await page.locator('.submit-booking:visible', { hasText: '请先选择时段' }).waitFor()

    // A resident on file, without her phone: found by name and birth date in this community.
    await tap(page.locator('.slot:visible:not(.slot--disabled)').first())
    await page.locator('.walk-in-name:visible input').fill('王秀兰')
    await page.locator('.walk-in-birth:visible input').fill('1954-03-15')
    await tap(page.locator('.submit-booking:visible'))
    await page.locator('.walk-in-done:visible', { hasText: '已找到这位居民的登记信息' }).waitFor()
    const second = (await page.locator('.walk-in-code:visible').innerText()).trim()
    expect(await bookingByCode(second)).toMatchObject({ user_id: wang.id, channel: 'walk_in', status: 'confirmed' })

    // 暂停服务日 on that day: the confirmation says how many bookings it cancels; 返回 changes nothing.
    const day = localDay(sun.starts_at)
    await page.goBack()
    await tap(page.locator('.setup-link:visible'))
    await page.locator('.save-setup:visible').waitFor()
    await checkPage(page, '预约设置')
    await tap(page.locator('.closure-dates:visible .chip', { hasText: dayLabel(day) }))
    await page.locator('.closure-reason:visible input').fill('照料中心消防检修')
    await tap(page.locator('.add-closure:visible'))
    const asked = await shownDialog(page)
    expect(await asked.innerText()).toContain(`${dayLabel(day)}，日间照料暂停预约。已有的2个预约将被取消，并通知居民`)
    await tap(page.locator('.taro-model__cancel:visible'))
    await asked.waitFor({ state: 'hidden' })
    expect(await e2e.deps.db.selectFrom('closure').select('id').where('service_id', '=', sun.service_id).execute()).toEqual([])

    await tap(page.locator('.add-closure:visible'))
    await shownDialog(page)
    await tap(page.locator('.taro-model__confirm:visible'))
    // The result is right under the button that was tapped.
    const result = page.locator('.add-closure + .closure-message')
    await result.waitFor()
    expect(await result.innerText()).toBe(`已设置：${dayLabel(day)}暂停预约。已取消2个预约并通知居民。`)
    expect((await bookingByCode(first)).status).toBe('cancelled')
    const notice = await e2e.deps.db.selectFrom('notification_outbox').select('kind').where('user_id', '=', sun.user_id).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(notice.kind).toBe('cancelled_by_closure')

    // Listed, and lifted after a confirmation that says cancelled bookings stay cancelled.
    const item = page.locator('.closure-item:visible', { hasText: '照料中心消防检修' })
    await item.waitFor()
    await checkPage(page, '预约设置（已暂停）')
    await tap(item.locator('.lift-closure'))
    expect(await (await shownDialog(page)).innerText()).toContain('之前因此取消的预约不会恢复')
    await tap(page.locator('.taro-model__confirm:visible'))
    await page.locator('.lift-message:visible', { hasText: '已恢复开放' }).waitFor()
    await item.waitFor({ state: 'detached' })
    expect((await bookingByCode(first)).status).toBe('cancelled')
    const lifted = await e2e.deps.db.selectFrom('closure').select('lifted_at').where('service_id', '=', sun.service_id).executeTakeFirstOrThrow()
    expect(lifted.lifted_at).not.toBeNull()
    await checkPage(page, '预约设置（已恢复开放）')
  }, 180_000)

  it('shows the lawyer the question the resident asked, on the same board', async () => {
    const { baseUrl } = e2e
    const { streetId, communityId, wang } = await community()
    const firm = await createProvider(e2e.deps.db, streetId, '清溪律师事务所')
    const lawyer = await createPerson(e2e, { name: '陈志明', birthDate: '1982-11-09', communityId, grant: { role: 'provider', providerId: firm.id } })
    const legal = await createBookableService(e2e.deps.db, {
      communityId,
      name: '法律咨询（社区法律顾问）',
      category: 'legal',
      providerId: firm.id,
      mode: 'timed',
      slotMinutes: 30,
      maxOpenPerPerson: 1,
      maxDaysAhead: 14,
      rules: EVERY_DAY.map((weekday) => ({ weekday, start: '14:00', end: '17:00', capacity: 1 })),
      questions: [{ id: 'topic', label: '想咨询的问题（如赡养、婚姻、劳动、物业）', required: true, maxLength: 100 }],
    })
    // Her booking is the test's setup, made through the API; what is tested is the lawyer's board.
    const token = await sessionFor(e2e.deps.db, wang.id)
    const slots = await (await fetch(`${baseUrl}/api/v1/services/${legal.id}/slots?days=14`)).json()
    const open = slots.items.find((s: { state: string }) => s.state === 'open')
    const booked = await fetch(`${baseUrl}/api/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotId: open.id, answers: { topic: '儿子不尽赡养义务，想了解怎么办' } }),
    })
    expect(booked.status).toBe(201)

    const page = await e2e.newPage()
    await page.goto(`${baseUrl}/`)
    await signIn(e2e, page, lawyer)
    await tap(page.locator('.staff-board-link:visible'))
    await tap(page.locator('.board-dates:visible .chip', { hasText: dayLabel(open.date) }))
    const card = page.locator('.booking-card:visible', { hasText: '王*兰' })
    await card.waitFor()
    expect((await card.locator('.booking-answer').innerText()).trim()).toBe('想咨询的问题（如赡养、婚姻、劳动、物业）：儿子不尽赡养义务，想了解怎么办')
    await checkPage(page, '律师的预约看板')

    // A day with nothing booked says so in a sentence (it read 「…没有的预约」 with no status chosen).
    const nextDay = slots.items.find((s: { date: string }) => s.date > open.date).date
    await tap(page.locator('.board-dates:visible .chip', { hasText: dayLabel(nextDay) }))
    await page.locator('.state--empty:visible', { hasText: `${dayLabel(nextDay)}没有预约` }).waitFor()
    await checkPage(page, '律师的预约看板（空的一天）')
  }, 90_000)
})
