import { createCommunity, createService, createStreet } from '../support/factories'
import { checkPage, createPerson, loginAs, measure, openTab, signIn, tap, useBrowser } from './harness'

// The first test browses the demo catalogue (its ten-odd services are the point); the second makes its own.
const e2e = useBrowser()

describe('resident in the H5 app', () => {
  it('logs in as the demo resident, browses and filters the catalogue, opens a service, and turns on 长辈模式', async () => {
    const { page, baseUrl } = e2e
    await page.goto(`${baseUrl}/`)
    await page.locator('.headline:visible', { hasText: '您好，欢迎使用邻里' }).waitFor()
    await checkPage(page, '首页（未登录）')

    // Log in as 王秀兰 through the demo personas (the login and privacy pages are checked in pages-audit).
    await loginAs(page, '王秀兰')
    await page.locator(':visible', { hasText: '我的社区：桂花社区' }).last().waitFor()
    await checkPage(page, '我的')

    // 首页 now shows her community and its featured services.
    await openTab(page, '首页')
    await page.locator('.headline:visible', { hasText: '王秀兰，您好' }).waitFor()
    await page.locator('.community-card:visible', { hasText: '桂花社区' }).waitFor()
    await page.locator('.service-card:visible', { hasText: '老年助餐·午餐' }).first().waitFor()
    await checkPage(page, '首页')

    // 服务: the whole inventory, then one category, then a keyword.
    await openTab(page, '服务')
    await page.locator('.service-list:visible .service-card').first().waitFor()
    expect(await page.locator('.service-list:visible .service-card').count()).toBeGreaterThanOrEqual(10)
    await checkPage(page, '服务')
    await tap(page.locator('.chip:visible', { hasText: '法律服务' }))
    await page.locator('.service-card:visible', { hasText: '人民调解' }).waitFor()
    const legal = await page.locator('.service-list:visible .service-card .service-card__name').allInnerTexts()
    expect(legal).toEqual(['法律咨询（社区法律顾问）', '人民调解'])
    await tap(page.locator('.chip:visible', { hasText: '全部' }))
    // A tap anywhere on the drawn box focuses the field, near its corners too (issue 8, item 7).
    // Positions count from inside the 2 px border.
    const searchBox = page.locator('.search-input:visible')
    const { height } = await measure(page, '.search-input')
    for (const position of [{ x: 4, y: 4 }, { x: 4, y: height - 8 }]) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      await searchBox.click({ position })
      expect(await page.evaluate(() => document.activeElement?.tagName === 'INPUT' && document.activeElement.closest('.search-input') !== null)).toBe(true)
    }
    await page.locator('.search-input:visible input').fill('助浴')
    await tap(page.locator('.search-button:visible'))
    await page.waitForFunction(() => [...document.querySelectorAll('.service-list .service-card')].filter((el) => (el as HTMLElement).offsetParent !== null).length === 1)
    await page.locator('.search-input:visible input').fill('没有这种服务')
    await tap(page.locator('.search-button:visible'))
    await page.locator('.state__text:visible', { hasText: '没有找到与「没有这种服务」相关的服务' }).waitFor()
    await checkPage(page, '服务（无结果）')
    await page.locator('.search-input:visible input').fill('')
    await tap(page.locator('.search-button:visible'))

    // Open a service.
    await tap(page.locator('.service-card:visible', { hasText: '老年助餐·午餐' }).first())
    await page.locator('.service-name:visible', { hasText: '老年助餐·午餐' }).waitFor()
    await page.locator('.kv:visible', { hasText: '60周岁以上本社区老人每餐补贴3元' }).waitFor()
    await checkPage(page, '服务详情')
    // H5 shows the page's title and a way back (issue 8, item 8).
    await page.locator('.taro-navigation-bar-title:visible', { hasText: '服务详情' }).waitFor()
    expect(await page.title()).toBe('服务详情')
    await tap(page.locator('.taro-navigation-bar-back:visible'))
    await page.locator('.service-list:visible').waitFor()

    // 长辈模式: text and controls grow to the MIIT numbers, and it is kept per user.
    await openTab(page, '我的')
    const before = await measure(page, '.page--normal .kv')
    expect(before.fontSize).toBeLessThan(18)
    await tap(page.locator('.elder-switch:visible'))
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    // After the real switch the page is in 长辈模式 first and normal mode second.
    await checkPage(page, '我的（已开启长辈模式）')
    const body = await measure(page, '.page--elder .kv')
    const headline = await measure(page, '.page--elder .headline')
    const main = await measure(page, '.page--elder .elder-switch')
    const control = await measure(page, '.page--elder .btn')
    expect(body.fontSize).toBeGreaterThanOrEqual(18)
    expect(headline.fontSize).toBeGreaterThanOrEqual(30)
    expect(Number.parseFloat(body.lineHeight) / body.fontSize).toBeGreaterThanOrEqual(1.3)
    expect(main.height).toBeGreaterThanOrEqual(60)
    expect(main.width).toBeGreaterThanOrEqual(60)
    expect(control.height).toBeGreaterThanOrEqual(44)

    // The 长辈模式 tab bar fits its labels (checkPage flags clipped text; this names the numbers).
    const tabBar = await page.locator('.taro-tabbar__tabbar:visible').evaluate((bar) => {
      const outer = bar.getBoundingClientRect()
      return [...bar.querySelectorAll('.weui-tabbar__label')].map((l) => {
        const box = l.getBoundingClientRect()
        return { fontSize: Number.parseFloat(getComputedStyle(l).fontSize), inside: box.top >= outer.top && box.bottom <= outer.bottom }
      })
    })
    expect(tabBar).toEqual(Array(3).fill({ fontSize: 18, inside: true }))

    // Every page uses the theme: the catalogue is in elder mode too.
    await openTab(page, '服务')
    const card = await measure(page, '.page--elder .service-card__summary')
    expect(card.fontSize).toBeGreaterThanOrEqual(18)
    await checkPage(page, '服务（长辈模式）')

    // Kept on the server for this user: a fresh load still shows it.
    await page.reload()
    await openTab(page, '我的')
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
  }, 90_000)

  it('lets the staff member pause a service with a reason, and resume it', async () => {
    const street = await createStreet(e2e.deps.db, '松风街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '松风社区' })).id
    await createService(e2e.deps.db, { communityId, name: '助浴服务' })
    const staff = await createPerson(e2e, { name: '周敏', birthDate: '1985-04-12', communityId, grant: { role: 'staff', communityId } })
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, staff)

    await openTab(page, '服务')
    await page.locator('.search-input:visible input').fill('助浴')
    await tap(page.locator('.search-button:visible'))
    await tap(page.locator('.service-card:visible', { hasText: '助浴服务' }))
    await page.locator('.staff-controls:visible').waitFor()
    await checkPage(page, '服务详情（社区工作者）')
    await tap(page.locator('.staff-controls:visible .btn--main'))
    await page.locator('.field__error:visible', { hasText: '请填写原因' }).waitFor()
    await page.locator('.status-reason:visible input').fill('护理员培训，暂停一周')
    await tap(page.locator('.staff-controls:visible .btn--main', { hasText: '暂停该服务' }))
    await page.locator('.field__error:visible', { hasText: '该服务暂停中' }).waitFor()
    await checkPage(page, '服务详情（已暂停）')

    const audit = await e2e.deps.db.selectFrom('audit_log').select(['action', 'detail']).execute()
    expect(audit).toEqual([{ action: 'service.status_changed', detail: { from: 'active', to: 'paused', reason: '护理员培训，暂停一周' } }])

    await page.locator('.status-reason:visible input').fill('培训结束')
    await tap(page.locator('.staff-controls:visible .btn--main', { hasText: '恢复该服务' }))
    await page.locator('.staff-controls:visible', { hasText: '当前状态：服务中' }).waitFor()
  }, 60_000)
})
