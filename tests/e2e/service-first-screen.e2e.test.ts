import type { Page } from 'playwright-core'
import { STORAGE_KEYS } from '../../miniapp/src/api/storage-keys'
import { SERVICE_TITLE, bookPageUrl } from '../../miniapp/src/packages/catalog/pages/service/first-screen'
import { checkFirstScreen, checkPage, measure, screenshot, useBrowser } from './harness'

const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-shell'

// A service's page opened by its link is drawn by index.html from its early answers, before the
// app's script has arrived (decision 046); the app's script is asked only once it is drawn.
const e2e = useBrowser()

const SERVICE_PAGE = '#/packages/catalog/pages/service/index'
let loads = 0

type Box = { x: number; y: number; width: number; height: number }
const rounded = (b: Box | null) => b && { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }

/** What a person reads first, where it is: the name, the description, the 预约 button. */
async function boxes(page: Page, within: string) {
  const box = async (selector: string) => rounded(await page.locator(`${within} ${selector}`).first().boundingBox())
  return { name: await box('.service-name'), description: await box('.card .kv'), book: await box('.book-button') }
}

async function openInMode(elder: boolean): Promise<Page> {
  const page = await e2e.newPage()
  if (elder) {
    // 长辈模式 chosen on an earlier visit (Taro's storage wrapping). Until the network is quiet: 首页
    // fetches the app's script after its first screen has painted, and that request must not be
    // counted as the service page's.
    await page.goto(`${e2e.baseUrl}/`, { waitUntil: 'networkidle' })
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ data: true })), STORAGE_KEYS.elderMode)
  }
  return page
}

describe('a service page drawn by index.html from its early answers', () => {
  it('shows the service before any script runs, asks the script only once drawn, in both modes, and hands over to the page in place', async () => {
    const meal = await e2e.deps.db
      .selectFrom('service')
      .select(['id', 'name', 'description'])
      .where('code', '=', 'guihua-meal-lunch')
      .executeTakeFirstOrThrow()
    for (const elder of [false, true]) {
      const mode = elder ? 'elder' : 'normal'
      const page = await openInMode(elder)
      // In the order the browser saw them: the two answers coming in, the app's script being asked.
      const events: string[] = []
      page.on('requestfinished', (r) => {
        const { pathname } = new URL(r.url())
        if (pathname.startsWith('/api/v1/services/')) events.push(`answer ${pathname}`)
      })
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/js/')) events.push('script')
      })
      // Scripts held back: what the HTML, app.css and the two answers paint by themselves.
      await page.route('**/js/**', () => undefined)
      await page.goto(`${e2e.baseUrl}/?r=${++loads}${SERVICE_PAGE}?id=${meal.id}`, { waitUntil: 'domcontentloaded' })
      const shell = page.locator('#app-shell')
      await shell.locator('.service-name').waitFor()
      await page.waitForFunction(() => !document.getElementById('app-shell')?.hasAttribute('data-drawing'))
      await page.evaluate(() => document.fonts.ready)
      expect(await shell.locator('.app-shell__bar').innerText()).toBe(SERVICE_TITLE)
      expect(await shell.locator('.service-name').innerText()).toBe(meal.name)
      expect(await shell.getByText(meal.description).count()).toBe(1)
      expect(await shell.locator('.book-button').getAttribute('href')).toBe(`#${bookPageUrl(meal.id)}`)
      // 首页's and 服务's screens are not drawn under it.
      expect(await shell.locator('.state__text, .headline:not(.service-name)').count()).toBe(0)
      expect(events.indexOf('script')).toBeGreaterThan(Math.max(events.indexOf(`answer /api/v1/services/${meal.id}`), events.indexOf(`answer /api/v1/services/${meal.id}/booking-setup`)))
      expect(events.indexOf(`answer /api/v1/services/${meal.id}`)).toBeGreaterThanOrEqual(0)
      if (elder) {
        for (const selector of ['.service-name', '.muted.kv', '.service-satisfaction', '.card .kv', '.card .title']) {
          expect((await measure(page, `#app-shell ${selector}`)).fontSize).toBeGreaterThanOrEqual(18)
        }
      }
      expect((await measure(page, '#app-shell .book-button')).height).toBeGreaterThanOrEqual(elder ? 48 : 44)
      await checkFirstScreen(page, `服务详情（首屏，脚本未到，${elder ? '长辈模式' : '标准模式'}）`, mode)
      const drawn = await boxes(page, '#app-shell')
      await screenshot(page, SHOTS, `service-first-screen-${mode}-before-script`, '#app-shell')
      await page.unrouteAll({ behavior: 'ignoreErrors' })

      // With its scripts: the page's own words where the shell's were, its title the shell's.
      await page.goto(`${e2e.baseUrl}/?r=${++loads}${SERVICE_PAGE}?id=${meal.id}`)
      await page.locator('#app-shell').waitFor({ state: 'detached' })
      await page.locator('.taro_page .service-name:visible', { hasText: meal.name }).waitFor()
      await page.locator('.taro_page .book-button:visible').waitFor()
      expect(await page.getByText(meal.description).count()).toBe(1)
      expect(await page.title()).toBe(SERVICE_TITLE)
      expect(await boxes(page, '.taro_page_show')).toEqual(drawn)
      expect(await page.locator(`.page--${mode}`).count()).toBeGreaterThan(0)
      await checkPage(page, `服务详情（页面接替首屏，${elder ? '长辈模式' : '标准模式'}）`)
      await screenshot(page, SHOTS, `service-first-screen-${mode}-after-script`, '.service-name')
      await page.close()
    }
  })

  it('draws nothing for a service that does not exist or an id of the wrong shape: the page shows its own answer', async () => {
    const page = await e2e.newPage()
    await page.route('**/js/**', () => undefined)
    // Not found: the shell goes once the answer says so, and the script is asked.
    let scripts = 0
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/js/')) scripts++
    })
    await page.goto(`${e2e.baseUrl}/?r=${++loads}${SERVICE_PAGE}?id=00000000-0000-4000-8000-000000000000`, { waitUntil: 'domcontentloaded' })
    await page.locator('#app-shell').waitFor({ state: 'detached' })
    await page.waitForFunction(() => document.querySelectorAll('script[src*="/js/"]').length > 0)
    expect(scripts).toBeGreaterThan(0)
    // A malformed id asks nothing early: no shell at all.
    await page.goto(`${e2e.baseUrl}/?r=${++loads}${SERVICE_PAGE}?id=abc`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })

    await page.goto(`${e2e.baseUrl}/?r=${++loads}${SERVICE_PAGE}?id=00000000-0000-4000-8000-000000000000`)
    await page.locator('.taro_page_show .state:visible').first().waitFor()
    expect(await page.locator('#app-shell').count()).toBe(0)
    expect(await page.locator('.service-name').count()).toBe(0)
    await page.close()
  })
})
