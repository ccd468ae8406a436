import { checkPage, screenshot, useBrowser } from './harness'

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

  it('never shows it to a visitor who has chosen a community or who opens another page', async () => {
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await page.locator('.card .kv:visible', { hasText: PROMPT }).waitFor()
    await page.evaluate(() => localStorage.setItem('linli.communityId', JSON.stringify({ data: 'c0000000-0000-4000-8000-000000000000' })))
    await page.route('**/js/**', () => undefined)
    await page.goto(`${e2e.baseUrl}/?r=1`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    await page.goto(`${e2e.baseUrl}/?r=2#/pages/services/index`, { waitUntil: 'domcontentloaded' })
    expect(await page.locator('#app-shell').count()).toBe(0)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })
})
