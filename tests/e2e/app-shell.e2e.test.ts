import { STORAGE_KEYS } from '../../miniapp/src/api/storage-keys'
import { NO_COMMUNITY_PROMPT, SERVICES_TITLE } from '../../miniapp/src/pages/services/first-screen'
import { checkPage, measure, screenshot, useBrowser } from './harness'

const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-shell'

// index.html draws 首页's first screen before any script (config/app-shell.ts, decision 035).
const e2e = useBrowser({ demo: false })

const PROMPT = '先选择您所在的社区，就能看到社区提供的服务。'

describe('首页 drawn by index.html before the app starts', () => {
  it('shows a first-time visitor the prompt before any script runs, then hands over to the page without a second copy', async () => {
    // Scripts held back: what the HTML and app.css paint by themselves.
    const page = await e2e.newPage()
    await page.route('**/js/**', () => undefined)
    await page.goto(`${e2e.baseUrl}/`, { waitUntil: 'domcontentloaded' })
    const shell = page.locator('#app-shell')
    await shell.waitFor()
    expect(await shell.innerText()).toContain(PROMPT)
    const shellBox = await shell.locator('.kv').boundingBox()
    await screenshot(page, SHOTS, 'app-shell-before-script', '#app-shell')
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()

    // With its scripts: the page replaces the shell, its prompt where the shell's was.
    const live = await e2e.newPage()
    await live.goto(`${e2e.baseUrl}/`)
    await live.locator('.card .kv:visible', { hasText: PROMPT }).waitFor()
    await live.locator('#app-shell').waitFor({ state: 'detached' })
    expect(await live.getByText(PROMPT).count()).toBe(1)
    const pageBox = await live.locator('.card .kv:visible', { hasText: PROMPT }).boundingBox()
    expect(pageBox && shellBox && { x: Math.round(pageBox.x), y: Math.round(pageBox.y), width: Math.round(pageBox.width) }).toEqual(
      shellBox && { x: Math.round(shellBox.x), y: Math.round(shellBox.y), width: Math.round(shellBox.width) },
    )
    await checkPage(live, '首页（未登录，页面接替首屏）')
    await screenshot(live, SHOTS, 'app-shell-after-script', '.card')
  })

  it('draws 服务 for a visitor without a community the same way, in 长辈模式 too, and hands over to the page', async () => {
    for (const elder of [false, true]) {
      const page = await e2e.newPage()
      if (elder) {
        // 长辈模式 chosen on an earlier visit (Taro's storage wrapping), nothing else stored.
        await page.goto(`${e2e.baseUrl}/`)
        await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ data: true })), STORAGE_KEYS.elderMode)
      }
      await page.route('**/js/**', () => undefined)
      await page.goto(`${e2e.baseUrl}/?r=${elder}#/pages/services/index`, { waitUntil: 'domcontentloaded' })
      const shell = page.locator('#app-shell')
      await shell.waitFor()
      // Measured in the font a phone has from the start (the tests' CJK font loads as the page draws).
      await page.evaluate(() => document.fonts.ready)
      expect(await shell.locator('.app-shell__bar').innerText()).toBe(SERVICES_TITLE)
      expect(await shell.locator('.state__text').innerText()).toBe(NO_COMMUNITY_PROMPT)
      // 首页's screen is not drawn under it.
      expect(await shell.locator('.headline').count()).toBe(0)
      const text = await measure(page, '#app-shell .state__text')
      const button = await measure(page, '#app-shell .btn--main')
      if (elder) expect(text.fontSize).toBeGreaterThanOrEqual(18)
      expect(button.height).toBeGreaterThanOrEqual(44)
      const shellBox = await shell.locator('.state__text').boundingBox()
      await screenshot(page, SHOTS, `app-shell-services-${elder ? 'elder' : 'normal'}-before-script`, '#app-shell')
      await page.unrouteAll({ behavior: 'ignoreErrors' })

      // With its scripts: the page's own words where the shell's were, its title the shell's.
      await page.goto(`${e2e.baseUrl}/?r=${elder}-live#/pages/services/index`)
      await page.locator('.state__text:visible', { hasText: NO_COMMUNITY_PROMPT }).waitFor()
      await page.locator('#app-shell').waitFor({ state: 'detached' })
      expect(await page.getByText(NO_COMMUNITY_PROMPT).count()).toBe(1)
      expect(await page.title()).toBe(SERVICES_TITLE)
      const pageBox = await page.locator('.state__text:visible', { hasText: NO_COMMUNITY_PROMPT }).boundingBox()
      expect(pageBox && shellBox && { x: Math.round(pageBox.x), y: Math.round(pageBox.y), width: Math.round(pageBox.width) }).toEqual(
        shellBox && { x: Math.round(shellBox.x), y: Math.round(shellBox.y), width: Math.round(shellBox.width) },
      )
      expect(await page.locator(elder ? '.page--elder' : '.page--normal').count()).toBeGreaterThan(0)
      await checkPage(page, `服务（未选社区，页面接替首屏，${elder ? '长辈模式' : '标准模式'}）`)
      await screenshot(page, SHOTS, `app-shell-services-${elder ? 'elder' : 'normal'}-after-script`, '.state')
      await page.close()
    }
  })

  it('never shows it to a visitor who has chosen a community or who opens another page, and fetches their scripts from the start', async () => {
    const preloads = (page: import('playwright-core').Page) => page.locator('head link[rel=preload][as=script][href^="/js/"]').count()
    const page = await e2e.newPage()
    await page.route('**/js/**', () => undefined)
    await page.goto(`${e2e.baseUrl}/?r=0`, { waitUntil: 'domcontentloaded' })
    // A first-time visitor: her first screen goes first, the scripts once it is drawn.
    expect(await page.locator('#app-shell').count()).toBe(1)
    expect(await preloads(page)).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.goto(`${e2e.baseUrl}/`)
    await page.locator('.card .kv:visible', { hasText: PROMPT }).waitFor()
    await page.evaluate(() => localStorage.setItem('linli.communityId', JSON.stringify({ data: 'c0000000-0000-4000-8000-000000000000' })))
    await page.route('**/js/**', () => undefined)
    await page.goto(`${e2e.baseUrl}/?r=1`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    expect(await preloads(page)).toBeGreaterThan(0)
    await page.goto(`${e2e.baseUrl}/?r=2#/pages/services/index`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    expect(await preloads(page)).toBeGreaterThan(0)
    await page.evaluate(() => localStorage.clear())
    await page.goto(`${e2e.baseUrl}/?r=3#/packages/catalog/pages/communities/index`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })
})
