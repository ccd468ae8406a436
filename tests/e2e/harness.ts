import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve } from '@hono/node-server'
import pino from 'pino'
import { type BrowserContext, type Page, chromium } from 'playwright-core'
import { createApp } from '../../bff/src/app'
import { loadConfig } from '../../bff/src/config'
import { createDb } from '../../bff/src/db/database'
import { seedDemo } from '../../bff/src/demo/seed'
import type { Deps } from '../../bff/src/deps'
import { H5_DIR } from '../../bff/src/run/h5-build'
import { FieldCipher } from '../../bff/src/platform/crypto'
import { RecordingSms, createFreshDatabase } from '../support/context'

// Every browser test checks each page it visits and each control it taps as a person would see them.
export { checkPage, tap } from './person'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface E2E {
  baseUrl: string
  deps: Deps
  page: Page
  /** Moves the server's clock (check-in windows, 已服务 after the start); real time when null. */
  setNow(date: Date | null): void
}

/**
 * The real server (app factory + node server) on a random port, over a fresh database holding
 * the demo district, and Debian's Chromium driven by playwright-core. Nothing is downloaded.
 */
export function useBrowser(): E2E {
  const e2e = {} as E2E
  let close: () => Promise<void> = async () => undefined
  beforeAll(async () => {
    const fresh = await createFreshDatabase()
    const db = createDb(fresh.url, 5)
    const config = loadConfig({ NODE_ENV: 'test' })
    const cipher = new FieldCipher(config.dataKey)
    await seedDemo(db, cipher)
    let now: Date | null = null
    const deps: Deps = {
      db,
      config,
      logger: pino({ level: 'silent' }),
      cipher,
      wechat: { code2Session: () => Promise.reject(new Error('no WeChat in browser tests')) },
      sms: new RecordingSms(),
      now: () => now ?? new Date(),
    }
    const app = createApp(deps, { h5Dir: H5_DIR })
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const { port } = server.address() as AddressInfo
    const browser: BrowserContext = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'linli-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      locale: 'zh-CN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    Object.assign(e2e, {
      baseUrl: `http://127.0.0.1:${port}`,
      deps,
      page: browser.pages()[0] ?? (await browser.newPage()),
      setNow: (date: Date | null) => {
        now = date
      },
    })
    close = async () => {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
      await db.destroy()
      await fresh.drop()
    }
  }, 60_000)
  afterAll(() => close(), 30_000)
  return e2e
}

/** Taro's H5 tab bar; from a subpackage page (no tab bar) it goes back until the bar shows, as a person would. */
const TAB_PATHS = { 首页: '/pages/home/index', 服务: '/pages/services/index', 我的: '/pages/me/index' } as const

export async function openTab(page: Page, text: keyof typeof TAB_PATHS): Promise<void> {
  const tab = page.locator('.weui-tabbar__item', { hasText: text })
  for (let i = 0; i < 6; i++) {
    const shown = await tab.waitFor({ state: 'visible', timeout: 2000 }).then(
      () => true,
      () => false,
    )
    if (shown) break
    await page.goBack()
  }
  // Tapping the tab one is already on does nothing in WeChat; Taro's H5 router blanks the page.
  if (new URL(page.url()).hash.startsWith(`#${TAB_PATHS[text]}`)) return
  await tab.click()
}

/** Computed CSS px of the first element matching a selector. */
export async function measure(page: Page, selector: string) {
  return page.locator(`${selector}:visible`).first().evaluate((el) => {
    const style = getComputedStyle(el)
    const box = el.getBoundingClientRect()
    return { fontSize: Number.parseFloat(style.fontSize), lineHeight: style.lineHeight, height: box.height, width: box.width }
  })
}

/**
 * Log in through 我的 → 登录 → 演示身份, logging out whoever was in first. As a person would, it
 * ticks 「我已阅读并同意《隐私政策》」 first: no login works before that (issue 8, item 8).
 */
export async function loginAs(page: Page, name: string): Promise<void> {
  await openTab(page, '我的')
  await page.locator('.logout-button:visible, .login-button:visible').first().waitFor()
  if (await page.locator('.logout-button:visible').count()) await page.locator('.logout-button:visible').click()
  await page.locator('.login-button:visible').click()
  const agree = page.locator('.agree-privacy:visible')
  await agree.waitFor()
  if ((await agree.getAttribute('aria-checked')) !== 'true') await agree.click()
  await page.locator('.demo-persona:visible', { hasText: name }).click()
  await page.locator('.headline:visible', { hasText: name }).waitFor()
}

/** WeChat's confirmation dialog (Taro.showModal in H5) once it has faded in, as a person would wait for it. */
export async function shownDialog(page: Page) {
  const content = page.locator('.taro-modal__content:visible')
  await content.waitFor()
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.taro__modal')].some((m) => getComputedStyle(m).opacity === '1'))
  return content
}
