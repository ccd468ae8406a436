import { PRIVACY_POLICY_VERSION, type Today } from '@linli/shared'
import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, createPerson, measure, openTab, signIn, tap, useBrowser } from './harness'

// The demo login is a product feature with a test of its own here; every other test makes its own people.
const e2e = useBrowser()
// A step that cannot happen fails by name well before the test's own timeout.
const STEP_TIMEOUT_MS = 10_000
const SCREENSHOTS = process.env.LINLI_SCREENSHOTS

/** A picture of the page for a person to look at, when LINLI_SCREENSHOTS names a folder. */
async function snap(page: Page, name: string) {
  if (!SCREENSHOTS) return
  // After the router's slide-in (a CSS transition), so the picture shows the page as it rests.
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'))
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true })
}


/** WeChat's own dialog (Taro.showModal) as the H5 build draws it, once it has faded in with `title`. */
async function dialogShown(page: Page, title: string) {
  const root = page.locator('.taro-modal__content:visible')
  await root.locator('.taro-modal__title', { hasText: title }).waitFor()
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal') ?? document.body).opacity === '1')
  return {
    text: root.locator('.taro-modal__text'),
    confirm: root.locator('.taro-model__confirm'),
    cancel: root.locator('.taro-model__cancel'),
  }
}

/** Opens the birth-date picker and takes 确定 without scrolling: the date it opened at. */
async function confirmPickerAsOpened(page: Page) {
  await tap(page.locator('.family-birth:visible'))
  await tap(page.locator('.weui-picker__action:visible', { hasText: '确定' }))
  // The picker's mask fades out over the form; a person taps on once it has gone.
  await page.locator('.weui-mask:visible').waitFor({ state: 'hidden' })
}

/** The dialog has faded out and no longer lies over the page. */
async function dialogGone(page: Page) {
  await page.waitForFunction(() => {
    const modal = document.querySelector('.taro__modal')
    return modal === null || getComputedStyle(modal).display === 'none'
  })
}

async function consentsOf(persona: string) {
  return e2e.deps.db
    .selectFrom('consent')
    .innerJoin('app_user', 'app_user.id', 'consent.user_id')
    .select(['consent.kind', 'consent.version'])
    .where('app_user.demo_persona', '=', persona)
    .execute()
}

/** A community of the test's own with its lunch, and a resident there, signed in by SMS code on a phone of her own. */
async function residentAt(name: string, birthDate: string) {
  const street = await createStreet(e2e.deps.db, '桂花街道')
  const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
  const meal = await createBookableService(e2e.deps.db, { communityId, name: '老年助餐·午餐', category: 'elder_care', minAge: 60, residentsOnly: true, cancelByLocalTime: '09:30' })
  const person = await createPerson(e2e, { name, birthDate, communityId })
  const page = await e2e.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  await page.goto(`${e2e.baseUrl}/`)
  await signIn(e2e, page, person)
  return { page, person, meal }
}

describe('a resident in the H5 app', () => {
  beforeAll(() => e2e.page.setDefaultTimeout(STEP_TIMEOUT_MS))

  it('must agree to the 《隐私政策》 before the demo login works', async () => {
    const { page, baseUrl } = e2e
    await page.goto(`${baseUrl}/`)
    await openTab(page, '我的')
    await tap(page.locator('.login-button:visible'))

    // The summary, a way to the full text, and a box nobody ticked for her.
    await page.locator('.privacy-consent:visible', { hasText: '登录前请阅读《隐私政策》' }).waitFor()
    expect(await page.locator('.agree-privacy:visible').getAttribute('aria-checked')).toBe('false')
    await checkPage(page, '登录')
    await snap(page, 'login')
    await tap(page.locator('.read-privacy:visible'))
    await page.locator('.headline:visible', { hasText: '邻里隐私政策' }).waitFor()
    expect(await page.locator(':visible', { hasText: '社区律师、助老食堂' }).count()).toBeGreaterThan(0)
    await checkPage(page, '隐私政策')
    await snap(page, 'privacy')
    await tap(page.locator('.privacy-back:visible', { hasText: '返回登录' }))

    // A login without agreeing asks first; 返回 (not agreeing) leaves her logged out, and says why.
    await tap(page.locator('.demo-persona:visible', { hasText: '李敏' }))
    const dialog = await dialogShown(page, '请先同意隐私政策')
    expect(await dialog.text.innerText()).toContain('《邻里隐私政策》')
    await snap(page, 'login-consent-dialog')
    await tap(dialog.cancel)
    await dialogGone(page)
    await page.locator('.consent-needed:visible', { hasText: '同意《隐私政策》后才能登录' }).waitFor()
    expect(await consentsOf('parent')).toEqual([])
    expect(await page.locator('.agree-privacy:visible').getAttribute('aria-checked')).toBe('false')
    await checkPage(page, '登录（未同意隐私政策）')

    // Agreeing in the dialog logs her in, and the consent was recorded with the session.
    await tap(page.locator('.demo-persona:visible', { hasText: '李敏' }))
    await tap((await dialogShown(page, '请先同意隐私政策')).confirm)
    await page.locator('.headline:visible', { hasText: '李敏' }).waitFor()
    expect(await consentsOf('parent')).toEqual([{ kind: 'privacy_policy', version: PRIVACY_POLICY_VERSION }])
    await checkPage(page, '我的（已登录）')
  })

  it('adds a child and an elder with the birth-date picker opening near the right year, and by typing', async () => {
    const { page } = await residentAt('李敏', '1990-08-21')
    await tap(page.locator('.row:visible', { hasText: '我的家人' }))
    const thisYear = Number((await e2e.api<Today>('/calendar/today')).date.slice(0, 4))

    // A child: the picker opens 8 years ago; 确定 without scrolling takes that date.
    await tap(page.locator('.relation-chips:visible .chip', { hasText: '子女' }))
    await page.locator('.family-name:visible input').fill('李小雨')
    await confirmPickerAsOpened(page)
    await page.locator('.family-birth:visible', { hasText: `${thisYear - 8}-01-01` }).waitFor()
    await tap(page.locator('.checkbox-row:visible', { hasText: '我是该儿童的监护人' }))
    await tap(page.locator('.add-family:visible'))
    await page.locator('.family-member:visible', { hasText: '李小雨' }).waitFor()
    await page.locator('.family-result:visible', { hasText: '已添加子女 李小雨' }).waitFor()
    await checkPage(page, '我的家人（已添加孩子）')

    // An elder: the picker opens in 1955.
    await tap(page.locator('.relation-chips:visible .chip', { hasText: '父母' }))
    await page.locator('.family-name:visible input').fill('李德明')
    await confirmPickerAsOpened(page)
    await page.locator('.family-birth:visible', { hasText: '1955-01-01' }).waitFor()
    await snap(page, 'family')

    // Typing instead: a date that does not exist is refused in Chinese, the way people write one is read.
    const typed = page.locator('.family-birth-typed:visible input')
    await typed.fill('1953-02-30')
    await typed.blur()
    await page.locator('.birth-error:visible', { hasText: '请按 1955-03-15 的格式填写出生日期' }).waitFor()
    await checkPage(page, '我的家人（日期填错）')
    await typed.fill('1953年2月8日')
    await typed.blur()
    await page.locator('.family-birth:visible', { hasText: '1953-02-08' }).waitFor()
    expect(await page.locator('.birth-error:visible').count()).toBe(0)
    await tap(page.locator('.add-family:visible'))
    await page.locator('.family-member:visible', { hasText: '李德明（1953-02-08）' }).waitFor()
  })

  it('asks before 取消预约, says what happens to the seat, and shows the result beside it', async () => {
    const { page, person, meal } = await residentAt('王秀兰', '1954-03-15')
    const token = await sessionFor(e2e.deps.db, person.id)
    const slots = await e2e.api<{ items: { id: string; state: string; startsAt: string }[] }>(`/services/${meal.id}/slots`)
    // Not today's: by the time of day the test runs, today's cancel deadline may have passed.
    const slot = slots.items.find((s) => s.state === 'open' && Date.parse(s.startsAt) > Date.now() + 24 * 3600_000)
    if (!slot) throw new Error('no open lunch slot')
    await e2e.api('/bookings', { token, body: { slotId: slot.id } })

    await tap(page.locator('.my-bookings-link:visible'))
    const card = page.locator('.my-bookings:visible .booking-card', { hasText: '老年助餐·午餐' })
    // One date format in the list and on the detail page: 「12月3日 周四 11:30–12:30」.
    await card.waitFor()
    await checkPage(page, '我的预约')
    const when = (await card.locator('.booking-when').innerText()).trim()
    expect(when).toMatch(/^\d{1,2}月\d{1,2}日 周[日一二三四五六] \d{2}:\d{2}–\d{2}:\d{2}$/)
    await tap(card)
    expect((await page.locator('.booking-when:visible').innerText()).trim()).toBe(when)
    await checkPage(page, '预约详情')
    expect(await page.locator('.cancel-closed:visible').count()).toBe(0)
    expect(await page.locator('.cancel-deadline:visible').innerText()).toMatch(/^可在 \d{1,2}月\d{1,2}日 周. (\d{2}:\d{2}前|当天内)取消或改约$/)

    await tap(page.locator('.start-cancel:visible'))
    await tap(page.locator('.confirm-cancel:visible'))
    const dialog = await dialogShown(page, '确认取消预约？')
    expect(await dialog.text.innerText()).toContain(`${when}的座位会让给候补的居民`)
    await snap(page, 'cancel-dialog')
    // 返回 changes nothing.
    await tap(dialog.cancel)
    await dialogGone(page)
    expect(await page.locator('.cancel-result:visible').count()).toBe(0)
    await tap(page.locator('.confirm-cancel:visible'))
    await tap((await dialogShown(page, '确认取消预约？')).confirm)
    await page.locator('.cancel-result:visible', { hasText: '已取消预约，座位已让出' }).waitFor()
    await page.locator('.status:visible', { hasText: '已取消' }).waitFor()
    await checkPage(page, '预约详情（已取消）')
    await snap(page, 'cancelled')
  })

  it('finds 老年助餐 when she searches 吃饭', async () => {
    const { page } = await residentAt('王秀兰', '1954-03-15')
    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('吃饭')
    await tap(page.locator('.search-button:visible'))
    await page.locator('.service-card:visible', { hasText: '老年助餐·午餐' }).waitFor()
    await checkPage(page, '服务（搜索吃饭）')
    await snap(page, 'search')
    await page.locator('.search-input:visible input').fill('火星旅游')
    await tap(page.locator('.search-button:visible'))
    await page.locator(':visible', { hasText: '没有找到与「火星旅游」相关的服务' }).last().waitFor()
  })

  it('in 长辈模式 the consent and the birth-date fields read large', async () => {
    const { page } = await residentAt('李敏', '1990-08-21')
    await openTab(page, '我的')
    await tap(page.locator('.elder-switch:visible'))
    await page.locator('.elder-switch[aria-pressed=true]:visible').waitFor()

    await tap(page.locator('.row:visible', { hasText: '我的家人' }))
    await page.locator('.family-birth:visible').waitFor()
    for (const selector of ['.family-birth', '.family-birth-typed input', '.family-result, .add-family']) {
      expect((await measure(page, selector)).fontSize).toBeGreaterThanOrEqual(18)
    }
    await checkPage(page, '我的家人（长辈模式）')
    await snap(page, 'family-elder')

    await openTab(page, '我的')
    // The family page slides away over 我的 before its buttons can be tapped.
    await page.locator('.family-birth').waitFor({ state: 'hidden' })
    await tap(page.locator('.logout-button:visible'))
    await tap(page.locator('.login-button:visible'))
    await page.locator('.agree-privacy:visible').waitFor()
    for (const selector of ['.privacy-consent .kv', '.agree-privacy', '.read-privacy']) {
      expect((await measure(page, selector)).fontSize).toBeGreaterThanOrEqual(18)
    }
    await checkPage(page, '登录（长辈模式）')
    await tap(page.locator('.agree-privacy:visible'))
    expect(await page.locator('.agree-privacy:visible').getAttribute('aria-checked')).toBe('true')
    await snap(page, 'login-elder')
  })
})
