import type { Page } from 'playwright-core'
import { checkPage, loginAs, useBrowser } from './harness'

// A service's page opened by its link (issue 13 item 5): index.html asks its data while the app's
// script loads (miniapp/src/api/early.ts), and the page takes those answers instead of asking again.
const e2e = useBrowser()

const SERVICE_PAGE = '#/packages/catalog/pages/service/index'
let loads = 0

/** What the document fetched before the app had mounted anything in #app: index.html's own requests. */
function fetchedBeforeApp(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { fetchedBeforeApp: string[] }).fetchedBeforeApp.map((u) => new URL(u, location.href).pathname))
}

/** Opens `hash` as a new document and counts the API requests it sends, by path and query. */
async function openCounting(page: Page, hash: string): Promise<Map<string, number>> {
  const counted = new Map<string, number>()
  const count = (url: string) => {
    const { pathname, search } = new URL(url)
    if (pathname.startsWith('/api/')) counted.set(pathname + search, (counted.get(pathname + search) ?? 0) + 1)
  }
  page.on('request', (r) => count(r.url()))
  await page.goto(`${e2e.baseUrl}/?r=${++loads}${hash}`)
  return counted
}

describe('a service page opened by its link', () => {
  it('asks its service and booking setup once, before the app runs, signed out and signed in; a bad id asks nothing early and shows its error', async () => {
    const { page } = e2e
    await page.addInitScript(() => {
      const w = window as unknown as { fetchedBeforeApp: string[] }
      const fetch = window.fetch.bind(window)
      w.fetchedBeforeApp = []
      window.fetch = (input, init) => {
        if (!document.getElementById('app')?.childElementCount) w.fetchedBeforeApp.push(String(input))
        return fetch(input, init)
      }
    })
    const meal = await e2e.deps.db.selectFrom('service').select(['id', 'name']).where('code', '=', 'guihua-meal-lunch').executeTakeFirstOrThrow()
    const asked = [`/api/v1/services/${meal.id}`, `/api/v1/services/${meal.id}/booking-setup`]

    // Signed out: both asked once, and nothing kept is left over for a later request.
    let counted = await openCounting(page, `${SERVICE_PAGE}?id=${meal.id}`)
    await page.locator('.service-name:visible', { hasText: meal.name }).waitFor()
    await page.locator('.book-button:visible').waitFor()
    for (const path of asked) expect(counted.get(path)).toBe(1)
    expect(await fetchedBeforeApp(page)).toEqual(asked)
    // A visitor's first screen asks nothing more (today is for a signed-in resident's eligibility).
    expect([...counted.keys()].filter((p) => p.startsWith('/api/v1/calendar/today'))).toEqual([])
    expect(await page.evaluate(() => Object.keys((window as unknown as { __linliEarly?: object }).__linliEarly ?? {}))).toEqual([])
    await checkPage(page, '服务详情（链接打开）')

    // Signed in: the early requests carry her session as the page's would, and are still taken.
    await page.goto(`${e2e.baseUrl}/?r=${++loads}`)
    await loginAs(page, '王秀兰')
    const authorizations: (string | undefined)[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === asked[0]) authorizations.push(r.headers().authorization)
    })
    counted = await openCounting(page, `${SERVICE_PAGE}?id=${meal.id}`)
    await page.locator('.service-name:visible', { hasText: meal.name }).waitFor()
    await page.locator('.book-button:visible').waitFor()
    for (const path of asked) expect(counted.get(path)).toBe(1)
    // First of all (the app then asks /me before it mounts).
    expect((await fetchedBeforeApp(page)).slice(0, asked.length)).toEqual(asked)
    expect(authorizations).toHaveLength(1)
    expect(authorizations[0]).toMatch(/^Bearer /)

    // An id that is not one: nothing asked early, the page asks and says so.
    counted = await openCounting(page, `${SERVICE_PAGE}?id=not-an-id`)
    await page.locator('.state__text:visible').first().waitFor()
    expect(counted.get('/api/v1/services/not-an-id')).toBe(1)
    expect((await fetchedBeforeApp(page)).filter((p) => p.startsWith('/api/v1/services'))).toEqual([])
    expect(await page.evaluate(() => Object.keys((window as unknown as { __linliEarly?: object }).__linliEarly ?? {}))).toEqual([])
  }, 120_000)
})
