import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import pino from 'pino'
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core'
import { createApp } from '../../bff/src/app'
import { ChangeFeed, withChanges } from '../../bff/src/cache/changes'
import { loadConfig } from '../../bff/src/config'
import { createDb } from '../../bff/src/db/database'
import { seedDemo } from '../../bff/src/demo/seed'
import type { Deps } from '../../bff/src/deps'
import { H5_DIR } from '../../bff/src/run/h5-build'
import { FieldCipher } from '../../bff/src/platform/crypto'
import { RecordingSms, createFreshDatabase } from '../support/context'
import { createUser } from '../support/factories'
import { CHROMIUM_ARGS, resolveChromium } from '../support/chromium'
import { checkPage, inMode, tap, trackRequests } from './person'

// Every browser test checks each page it visits and each control it taps as a person would see them.
export { checkFirstScreen, checkPage, tap } from './person'


export interface E2E {
  baseUrl: string
  deps: Deps
  /** The codes the server "sent" by SMS, for logging in as a person would. */
  sms: RecordingSms
  /** One page for the whole file (the files still on the demo personas, whose tests run in order). */
  page: Page
  /**
   * A page in a browser of its own (fresh storage: nobody logged in), closed after the test;
   * `timezoneId` sets the phone's own zone (a resident's child abroad, a phone set wrong).
   */
  newPage(options?: { timezoneId?: string }): Promise<Page>
  /** Moves the server's clock (check-in windows, 已服务 after the start); real time when null. */
  setNow(date: Date | null): void
  /** Calls the server's API over HTTP (GET, or POST with a body) for a test's setup; throws on an error answer. */
  api<T>(path: string, init?: { token?: string; body?: unknown }): Promise<T>
}

export interface BrowserOptions {
  /** Seeds the demo district and personas; a test that makes its own fixtures leaves it off. */
  demo?: boolean
}

const BROWSER_CONTEXT = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN' }

/**
 * A phone has a Chinese system font; the Chromium in @sparticuz/chromium has none, so every Chinese
 * character rendered as a box 0.6 em wide (a phone draws it 1 em wide): screenshots could not be
 * read, and text measured 40 % narrower than on a phone. Each context gets Noto Sans SC (the npm
 * package @fontsource-variable/noto-sans-sc, served from node_modules by a route: nothing is
 * downloaded) under the name the app's font stack asks first and this machine lacks, 'Helvetica
 * Neue' (Taro's body rule and the app shell's: `-apple-system-font, Helvetica Neue, sans-serif`),
 * so no rule of the page is overridden; form fields, which do not inherit a font, inherit it.
 */
const CJK_FONT_ORIGIN = 'https://cjk-font.linli.test'
const CJK_FONT_DIR = path.dirname(require.resolve('@fontsource-variable/noto-sans-sc/index.css'))
const CJK_FONT_STYLE =
  readFileSync(path.join(CJK_FONT_DIR, 'index.css'), 'utf8')
    .replaceAll('url(./files/', `url(${CJK_FONT_ORIGIN}/`)
    .replaceAll("font-family: 'Noto Sans SC Variable'", "font-family: 'Helvetica Neue'") + 'input,textarea{font-family:inherit}'

async function withCjkFont(context: BrowserContext): Promise<BrowserContext> {
  await context.route(`${CJK_FONT_ORIGIN}/**`, (route) =>
    route.fulfill({ path: path.join(CJK_FONT_DIR, 'files', path.basename(new URL(route.request().url()).pathname)), contentType: 'font/woff2', headers: { 'access-control-allow-origin': '*' } }),
  )
  await context.addInitScript((css: string) => {
    // Adopted by the document itself, before its first element exists: the first paint already has it.
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
  }, CJK_FONT_STYLE)
  return context
}

/**
 * The real server (app factory + node server) on a random port, over a fresh database, and
 * the Chromium from npm (or CHROMIUM_PATH) driven by playwright-core. Nothing is downloaded.
 */
export function useBrowser(options: BrowserOptions = { demo: true }): E2E {
  const e2e = {} as E2E
  let close: () => Promise<void> = async () => undefined
  let opened: BrowserContext[] = []
  beforeAll(async () => {
    const fresh = await createFreshDatabase()
    const changes = new ChangeFeed()
    const db = withChanges(createDb(fresh.url, 5), changes)
    const listening = await changes.listen(fresh.url, pino({ level: 'silent' }))
    const config = loadConfig({ NODE_ENV: 'test' })
    const cipher = new FieldCipher(config.dataKey)
    if (options.demo) await seedDemo(db, cipher)
    const sms = new RecordingSms()
    let now: Date | null = null
    const deps: Deps = {
      db,
      config,
      logger: pino({ level: 'silent' }),
      cipher,
      wechat: { code2Session: () => Promise.reject(new Error('no WeChat in browser tests')) },
      sms,
      now: () => now ?? new Date(),
      changes,
    }
    const app = createApp(deps, { h5Dir: H5_DIR })
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const { port } = server.address() as AddressInfo
    const browser: Browser = await chromium.launch({
      executablePath: await resolveChromium(),
      headless: true,
      args: CHROMIUM_ARGS,
    })
    const shared = await withCjkFont(await browser.newContext(BROWSER_CONTEXT))
    Object.assign(e2e, {
      baseUrl: `http://127.0.0.1:${port}`,
      deps,
      sms,
      page: trackRequests(await shared.newPage()),
      newPage: async (pageOptions: { timezoneId?: string } = {}) => {
        const context = await withCjkFont(await browser.newContext({ ...BROWSER_CONTEXT, ...pageOptions }))
        opened.push(context)
        return trackRequests(await context.newPage())
      },
      setNow: (date: Date | null) => {
        now = date
      },
      api: async <T>(path: string, init: { token?: string; body?: unknown } = {}): Promise<T> => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
          method: init.body === undefined ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        })
        if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
        return (await res.json()) as T
      },
    })
    close = async () => {
      await browser.close()
      await new Promise((resolve) => server.close(resolve))
      await listening.stop()
      await db.destroy()
      await fresh.drop()
    }
  }, 60_000)
  // A test's own browsers, and its clock, end with it: the next test starts from nothing.
  afterEach(async () => {
    await Promise.all(opened.map((context) => context.close()))
    opened = []
    e2e.setNow(null)
  })
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
  // A page left by going back slides out for a moment and still holds its controls (an old 我的志愿
  // under a new one was tapped in CI, 2026-12-02): a person waits for it to go, so does openTab.
  const leaving = page.locator('.taro_router > .taro_page:not(.taro_tabbar_page):visible')
  const until = Date.now() + 10_000
  while ((await leaving.count()) > 0 && Date.now() < until) await page.waitForTimeout(50)
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

let phonesGiven = 0

/** A factory user with a phone of their own (each database is the file's, so a counter is unique). */
export async function createPerson(e2e: E2E, values: Omit<NonNullable<Parameters<typeof createUser>[1]>, 'phone'> & { name: string }) {
  const phone = `139${String(++phonesGiven).padStart(8, '0')}`
  const user = await createUser(e2e.deps.db, { ...values, phone: { number: phone, cipher: e2e.deps.cipher } })
  return { id: user.id, name: values.name, phone }
}

/**
 * Log in by SMS code as a person would: 我的 → 登录, tick 「我已阅读并同意《隐私政策》」, type the
 * phone, 获取验证码, type the code the server sent, 登录. `person` is a factory user with a phone.
 */
export async function signIn(e2e: E2E, page: Page, person: { name: string; phone: string }): Promise<void> {
  await openTab(page, '我的')
  await tap(page.locator('.login-button:visible'))
  const agree = page.locator('.agree-privacy:visible')
  await agree.waitFor()
  await tap(agree)
  await page.locator('.agree-privacy:visible[aria-checked="true"]').waitFor()
  await page.locator('.phone-input:visible input').fill(person.phone)
  await tap(page.locator('.send-code:visible'))
  await page.locator('.kv:visible', { hasText: '验证码已发送' }).waitFor()
  await page.locator('.code-input:visible input').fill(e2e.sms.lastCodeFor(person.phone))
  await tap(page.locator('.btn--main:visible', { hasText: /^登录$/ }))
  await page.locator('.headline:visible', { hasText: person.name }).waitFor()
}

/** WeChat's confirmation dialog (Taro.showModal in H5) once it has faded in, as a person would wait for it. */
export async function shownDialog(page: Page) {
  const content = page.locator('.taro-modal__content:visible')
  await content.waitFor()
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.taro__modal')].some((m) => getComputedStyle(m).opacity === '1'))
  return content
}

/** The dialog says what it should, then its confirm button is tapped. */
export async function confirmDialog(page: Page, says: string) {
  expect(await (await shownDialog(page)).innerText()).toContain(says)
  await tap(page.locator('.taro-model__confirm:visible'))
}

/** A screenshot of the page with `focus` scrolled into view, as `dir/file.png`, to look at. */
export async function screenshot(page: Page, dir: string, file: string, focus: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: `${dir}/${file}.png` })
}

/** Turns 长辈模式 on or off the way a person does, on 我的. */
export async function setElderMode(page: Page, on: boolean): Promise<void> {
  await openTab(page, '我的')
  const already = (await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).count()) > 0
  if (already !== on) await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator(on ? '.page--elder .elder-switch:visible' : '.page--normal .elder-switch:visible').waitFor()
}

/**
 * Waits until `locator` shows exactly one element: while the H5 router slides a page in over another
 * instance of the same page, both are visible for a moment (tap waits the same way).
 */
export async function waitForOne(locator: Locator): Promise<void> {
  await locator.first().waitFor()
  const shown = locator.filter({ visible: true })
  // Up to 15 s: the old instance stays until the new page's chunk has loaded and mounted, which on a
  // loaded 2-core CI machine took over 5 s (3 of 5 local runs of volunteer-journey, 2026-12-02).
  const until = Date.now() + 15_000
  while ((await shown.count()) > 1 && Date.now() < until) await locator.page().waitForTimeout(100)
  const left = await shown.count()
  if (left > 1) throw new Error(`waitForOne: ${String(locator)} still shows ${left} elements`)
}

/**
 * checkPage (both modes) and a screenshot in each (`shots.dir/shots.prefix<name>-normal|elder.png`),
 * 长辈模式 drawn on the page as it is (`inMode`): no switch on 我的 and no reload, which cost a
 * browser test ≈ 7 s a page. Turning 长辈模式 on with its switch is a person's step of its own,
 * tested where it is taken (setElderMode).
 */
export async function checkBothModes(page: Page, name: string, shots: { dir: string; prefix: string; focus: string }): Promise<void> {
  await checkPage(page, name)
  const mode = (await page.locator('.page--elder').count()) > 0 ? 'elder' : 'normal'
  await screenshot(page, shots.dir, `${shots.prefix}${name}-${mode}`, shots.focus)
  const other = mode === 'elder' ? 'normal' : 'elder'
  await inMode(page, other, () => screenshot(page, shots.dir, `${shots.prefix}${name}-${other}`, shots.focus))
}
