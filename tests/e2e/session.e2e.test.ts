import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })

/** The session token as the H5 app stores it (Taro keeps storage in localStorage). */
function storedToken(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('linli.token'))
}

describe('a stored session survives a bad network at launch', () => {
  it('keeps her signed in through an offline start and a server error, retries, and ends only on a 401', async () => {
    const street = await createStreet(e2e.deps.db, '桂花街道')
    const communityId = (await createCommunity(e2e.deps.db, { streetId: street.id, name: '桂花社区' })).id
    const elder = await createPerson(e2e, { name: '王秀兰', birthDate: '1954-03-15', communityId })
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, page, elder)
    expect(await storedToken(page)).not.toBeNull()

    // The phone is offline when the app starts: she is told so and stays signed in.
    await page.route('**/api/v1/me', (route) => route.abort('internetdisconnected'))
    await page.reload()
    await openTab(page, '我的')
    await page.locator('.offline-notice:visible', { hasText: '网络不太好' }).waitFor()
    await page.locator('.offline-notice:visible', { hasText: '登录状态已保留' }).waitFor()
    await checkPage(page, '我的（网络断开）')
    expect(await storedToken(page)).not.toBeNull()
    expect(await page.locator('.login-button:visible').count()).toBe(0)

    // The server is having a bad moment (503): still signed in, still told.
    await page.unroute('**/api/v1/me')
    await page.route('**/api/v1/me', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，请稍后再试' } }) }),
    )
    await tap(page.locator('.offline-retry:visible'))
    await page.locator('.offline-notice:visible', { hasText: '系统繁忙' }).waitFor()
    expect(await storedToken(page)).not.toBeNull()

    // The network is back: 重新连接 brings her page back without logging in again.
    await page.unroute('**/api/v1/me')
    await tap(page.locator('.offline-retry:visible'))
    await page.locator('.headline:visible', { hasText: '王秀兰' }).waitFor()
    expect(await page.locator('.offline-notice:visible').count()).toBe(0)

    // It also retries by itself: offline at launch, back a moment later, no tap needed.
    let refused = 0
    await page.route('**/api/v1/me', (route) => (refused++ === 0 ? route.abort('internetdisconnected') : route.continue()))
    await page.reload()
    await openTab(page, '我的')
    await page.locator('.headline:visible', { hasText: '王秀兰' }).waitFor({ timeout: 15_000 })
    await page.unroute('**/api/v1/me')

    // Only the server saying the session is over (401) signs her out.
    await page.route('**/api/v1/me', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } }) }),
    )
    await page.reload()
    await openTab(page, '我的')
    await page.locator('.login-button:visible').waitFor()
    expect(await storedToken(page)).toBeNull()
    await page.unroute('**/api/v1/me')
  }, 90_000)
})
