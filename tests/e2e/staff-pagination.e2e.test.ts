import { LIST_LIMIT_DEFAULT, type Slot } from '@linli/shared'
import type { Locator, Page } from 'playwright-core'
import { dayLabel } from '../../miniapp/src/components/dates'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })

/** One more than a page: the last one only shows after 加载更多. */
const ROWS = LIST_LIMIT_DEFAULT + 1
const FAR = new Date('2030-01-01')
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]
const SHOTS = process.env.LINLI_SHOTS_DIR

/** A screenshot for a person to look at (LINLI_SHOTS_DIR), scrolled to `at` first. */
async function shoot(page: Page, name: string, at?: Locator) {
  if (!SHOTS) return
  await at?.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/staff-pagination-${name}.png` })
}

async function elderMode(page: Page, on: boolean) {
  await openTab(page, '我的')
  await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator(`.page--${on ? 'elder' : 'normal'} .elder-switch:visible`).waitFor()
}

/**
 * 桂花社区 with a day of ROWS lunch bookings (one resident each) and a 差评 case on each: more
 * than the first page of the board and of the case queue.
 */
async function busyCommunity() {
  const db = e2e.deps.db
  const street = await createStreet(db, '桂花街道')
  const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
  const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
  const lunch = await createBookableService(db, {
    communityId,
    name: '老年助餐',
    requiresConfirmation: true,
    rules: EVERY_DAY.map((weekday) => ({ weekday, start: '11:30', end: '12:30', capacity: ROWS + 5 })),
  })
  const slots = await e2e.api<{ items: Slot[] }>(`/services/${lunch.id}/slots`)
  const day = slots.items.find((s) => s.state === 'open')
  if (!day) throw new Error('no open lunch to book')
  for (let i = 0; i < ROWS; i++) {
    const resident = await createUser(db, { name: `居民${String(i + 1).padStart(2, '0')}号`, birthDate: '1950-05-05', communityId })
    const booking = await e2e.api<{ id: string }>('/bookings', { token: await sessionFor(db, resident.id, FAR), body: { slotId: day.id } })
    const rating = await db
      .insertInto('rating')
      .values({ community_id: communityId, booking_id: booking.id, service_id: lunch.id, category_id: 'elder_care', provider_id: null, rater_user_id: resident.id, level: 1, tags: [], comment: `第${i + 1}条差评`, month: '2026-12-01' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('rectification_case')
      .values({ community_id: communityId, rating_id: rating.id, service_id: lunch.id, status: 'open', deadline: new Date(Date.now() + (i + 1) * 86_400_000), escalated_at: null, resident_satisfied: null, replied_at: null, closed_at: null })
      .execute()
  }
  return { staff, date: day.date }
}

describe('staff lists a page at a time in the H5 app', () => {
  it('staff load the second page of the day board and of the case queue with 加载更多', async () => {
    const { staff, date } = await busyCommunity()
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, staff)

    await tap(page.locator('.staff-board-link:visible'))
    await tap(page.locator('.board-dates:visible .chip', { hasText: dayLabel(date) }))
    const cards = page.locator('.board-list:visible .booking-card')
    await cards.nth(LIST_LIMIT_DEFAULT - 1).waitFor()
    expect(await cards.count()).toBe(LIST_LIMIT_DEFAULT)
    expect(await page.locator('.board-total:visible').innerText()).toContain(`共 ${ROWS} 个预约`)
    const boardMore = page.locator('.board-list:visible .btn', { hasText: '加载更多' })
    await checkPage(page, '预约看板（第一页）')
    await shoot(page, 'board-normal-top', page.locator('.board-total:visible'))
    await shoot(page, 'board-normal-end', boardMore)
    await tap(boardMore)
    await cards.nth(ROWS - 1).waitFor()
    expect(await cards.count()).toBe(ROWS)
    await boardMore.waitFor({ state: 'detached' })
    // Confirming the booking the second page brought updates it where it is: the board stays on both pages.
    const last = cards.nth(ROWS - 1)
    await tap(last.locator('.action-confirm'))
    await last.locator('.action-result', { hasText: '已预约' }).waitFor()
    expect(await cards.count()).toBe(ROWS)
    await last.locator('.action-check-in').waitFor()
    await checkPage(page, '预约看板（加载更多之后）')
    await shoot(page, 'board-normal-after', cards.nth(ROWS - 1))

    // The case queue in 长辈模式: 加载更多 is as large and as easy to find as the rest.
    await elderMode(page, true)
    await tap(page.locator('.cases-link:visible'))
    const cases = page.locator('.case-list:visible .case-card')
    await cases.nth(LIST_LIMIT_DEFAULT - 1).waitFor()
    expect(await cases.count()).toBe(LIST_LIMIT_DEFAULT)
    expect(await page.locator('.case-total:visible').innerText()).toContain(`共 ${ROWS} 件待办`)
    await checkPage(page, '差评整改工单（第一页）')
    const casesMore = page.locator('.case-list:visible .btn', { hasText: '加载更多' })
    await shoot(page, 'cases-elder-top', page.locator('.case-total:visible'))
    await shoot(page, 'cases-elder-end', casesMore)
    await tap(casesMore)
    await cases.nth(ROWS - 1).waitFor()
    await casesMore.waitFor({ state: 'detached' })
    // The latest deadline is the last case, shown only by the second page; none is shown twice.
    const comments = await page.locator('.case-list:visible .case-card').allInnerTexts()
    expect(comments.map((t) => t.match(/第(\d+)条差评/)?.[1])).toEqual(Array.from({ length: ROWS }, (_, i) => String(i + 1)))
    await checkPage(page, '差评整改工单（加载更多之后）')
    await shoot(page, 'cases-elder-after', cases.nth(ROWS - 1))
    if (SHOTS) {
      await openTab(page, '我的')
      await tap(page.locator('.staff-board-link:visible'))
      await tap(page.locator('.board-dates:visible .chip', { hasText: dayLabel(date) }))
      await cards.nth(LIST_LIMIT_DEFAULT - 1).waitFor()
      await shoot(page, 'board-elder-end', page.locator('.board-list:visible .btn', { hasText: '加载更多' }))
      await elderMode(page, false)
      await tap(page.locator('.cases-link:visible'))
      await cases.nth(LIST_LIMIT_DEFAULT - 1).waitFor()
      await shoot(page, 'cases-normal-end', page.locator('.case-list:visible .btn', { hasText: '加载更多' }))
    }
  }, 120_000)
})
