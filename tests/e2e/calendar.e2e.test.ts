import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { type E2E, checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

// 10:00 on Tuesday 1 December 2026 in Shanghai: next year's notice is due and not loaded.
const DEC_1_MORNING = new Date('2026-12-01T02:00:00Z')
const SHOTS = process.env.LINLI_SHOTS_DIR

/** A street with one community; `role` is signed in by SMS code on a browser of the test's own. */
async function signedIn(e2e: E2E, role: 'staff' | 'street_admin') {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  const person =
    role === 'staff'
      ? await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
      : await createPerson(e2e, { name: '刘建国', birthDate: '1975-07-18', communityId, grant: { role: 'street_admin', streetId: street.id } })
  const page = await e2e.newPage()
  await page.goto(`${e2e.baseUrl}/`)
  await signIn(e2e, page, person)
  return page
}

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/calendar-${name}.png`, fullPage: true })
}

/**
 * Each test has a server and database of its own, so either runs alone or in any order: the
 * holiday table is one for everybody (the State Council's), the BFF keeps a copy of it per
 * database, and the street admin's test loads 2027 into it.
 */
describe('节假日安排 in the H5 app: staff', () => {
  const e2e = useBrowser({ demo: false })

  it('staff see on the board from 1 December that next year is missing, not before; only a street admin is offered the page', async () => {
    const page = await signedIn(e2e, 'staff')
    // 30 November 2026: 2026 is seeded and next year's notice is not due yet.
    e2e.setNow(new Date('2026-11-30T02:00:00Z'))
    await openTab(page, '我的')
    await tap(page.locator('.staff-board-link:visible'))
    await page.locator('.check-in-input:visible').waitFor()
    // The status has been asked and answered: no banner.
    await page.waitForLoadState('networkidle')
    expect(await page.locator('.calendar-warning:visible').count()).toBe(0)

    // 1 December 2026: the 2027 notice is due and missing (nobody has loaded it into this test's database).
    e2e.setNow(DEC_1_MORNING)
    await openTab(page, '我的')
    await page.locator('.check-in-input').waitFor({ state: 'hidden' })
    await tap(page.locator('.staff-board-link:visible'))
    const banner = page.locator('.calendar-warning:visible')
    await banner.waitFor()
    expect(await banner.innerText()).toContain('尚未导入 2027 年的国务院节假日安排')
    expect(await banner.locator('.calendar-warning__load').count()).toBe(0)
    await checkPage(page, '预约管理（节假日安排未导入）')
    await shoot(page, 'board-banner')

    await page.goto(`${e2e.baseUrl}/#/packages/staff/pages/calendar/index`)
    await page.locator('.state--empty:visible', { hasText: '节假日安排由街道管理员导入' }).waitFor()
    await checkPage(page, '节假日安排（社区工作者）')
  })
})

describe('节假日安排 in the H5 app: the street admin', () => {
  const e2e = useBrowser({ demo: false })

  it('the street admin sees 2027 missing, gets each bad line back with its number, then loads it and 2026 reads as people say it', async () => {
    e2e.setNow(DEC_1_MORNING)
    const page = await signedIn(e2e, 'street_admin')
    await openTab(page, '我的')
    await tap(page.locator('.calendar-link:visible'))

    // Opens on 2027: not loaded, what that means, and the warning.
    await page.locator('.state--empty:visible', { hasText: '还没有导入 2027 年的节假日安排' }).waitFor()
    expect(await page.locator('.calendar-status:visible').innerText()).toContain('尚未导入 2027 年的国务院节假日安排')
    await checkPage(page, '节假日安排（2027 未导入）')
    await shoot(page, 'missing')

    // A paste with a date outside the year and a 班 on a weekday: both lines named, nothing loaded.
    await page.locator('.field:visible input').first().fill('国务院办公厅关于2027年部分节假日安排的通知')
    await page.locator('.holiday-text:visible textarea').fill('2027-01-01 休 元旦\n2026-12-31 休 元旦\n2027-02-10 班 春节')
    await tap(page.locator('.holiday-load:visible'))
    expect(await (await shownDialog(page)).innerText()).toContain('2027 年的整改期限等将按这些放假和调休上班日计算工作日')
    await tap(page.locator('.taro-model__confirm:visible'))
    const errors = page.locator('.holiday-errors:visible')
    await errors.waitFor()
    expect(await errors.innerText()).toContain('第 2 行：日期不在 2027 年内')
    expect(await errors.innerText()).toContain('第 3 行：2027-02-10 是周三，调休上班日应是周六或周日')
    await checkPage(page, '节假日安排（逐行报错）')
    await shoot(page, 'errors')

    await page.locator('.holiday-text:visible textarea').fill('2027-01-01 休 元旦\n2027-02-06 至 2027-02-13 休 春节\n2027-02-20 班 春节')
    await tap(page.locator('.holiday-load:visible'))
    await shownDialog(page)
    await tap(page.locator('.taro-model__confirm:visible'))
    await page.locator('.holiday-result:visible', { hasText: '已导入 2027 年节假日安排：9 天放假，1 天调休上班' }).waitFor()
    await page.locator('.holiday-line:visible', { hasText: '春节　2月6日–2月13日　放假' }).waitFor()
    await page.locator('.calendar-status').waitFor({ state: 'detached' })
    // The 已导入 toast goes by itself (Taro sets display: none once it has faded; its box has no size
    // of its own, so Playwright's "hidden" would be true while it still shows); what stays is the result.
    await page.waitForFunction(() => [...document.querySelectorAll('.taro__toast')].every((el) => getComputedStyle(el).display === 'none'))
    await checkPage(page, '节假日安排（2027 已导入）')
    await shoot(page, 'loaded')
    const row = await e2e.deps.db.selectFrom('holiday_day').select('kind').where('date', '=', '2027-02-20').executeTakeFirstOrThrow()
    expect(row.kind).toBe('working')

    // 2026 as seeded from the State Council's notice.
    await tap(page.locator('.chip:visible', { hasText: '2026 年' }))
    await page.locator('.holiday-line:visible', { hasText: '春节　2月15日–2月23日　放假' }).waitFor()
    expect(await page.locator('.card:visible', { hasText: '2026 年放假和调休上班' }).innerText()).toContain('国庆节　10月10日　调休上班')
    await checkPage(page, '节假日安排（2026）')
    await shoot(page, '2026')

    // 长辈模式: the same page in large type (checkPage measured it in both modes; this is to look at).
    await openTab(page, '我的')
    // Back on 我的 once the calendar page has gone (a page on its way out still covers the switch).
    await page.locator('.holiday-text').waitFor({ state: 'hidden' })
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    await tap(page.locator('.calendar-link:visible'))
    await page.locator('.page--elder .holiday-line:visible').first().waitFor()
    await page.locator('.elder-switch').waitFor({ state: 'hidden' })
    await shoot(page, 'elder')
    await openTab(page, '我的')
    await page.locator('.holiday-text').waitFor({ state: 'hidden' })
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--normal .elder-switch:visible').waitFor()
  })
})
