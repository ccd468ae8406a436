import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { seedDemoHistory } from '../../bff/src/demo/history'
import { seedDemoVolunteerAll } from '../../bff/src/demo/volunteer-all'
import { checkPage, loginAs, tap, useBrowser } from './harness'

/**
 * The "every page, both modes" guard: every page in miniapp/src/app.config.ts, opened by nobody
 * and by each demo role, passes checkPage (axe-core, readable and big enough controls, 18 px in
 * 长辈模式) with its first picker open too (once per page), shows its title (navigation bar and document.title)
 * and, off the tab pages, a visible way back that works.
 */

const e2e = useBrowser()

const MINIAPP_SRC = path.resolve(__dirname, '../../miniapp/src')
/** Where a failing page's screenshot goes, to look at what the person saw. */
const SHOTS = process.env.LINLI_SHOTS_DIR ?? path.join(tmpdir(), 'linli-pages-audit')

interface AppConfig {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
  tabBar: { list: { pagePath: string }[] }
}

/** A Taro config file, evaluated the way Taro's build does (its define…Config globals return their argument). */
function readConfig<T>(file: string): T {
  const g = globalThis as { defineAppConfig?: (c: T) => T; definePageConfig?: (c: T) => T }
  g.defineAppConfig = (c) => c
  g.definePageConfig = (c) => c
  return (require(path.join(MINIAPP_SRC, file)) as { default: T }).default
}

const APP = readConfig<AppConfig>('app.config.ts')
const ALL_PAGES = [...APP.pages, ...APP.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
const TAB_PAGES = new Set(APP.tabBar.list.map((t) => t.pagePath))
const TITLES = new Map(ALL_PAGES.map((p) => [p, readConfig<{ navigationBarTitleText: string }>(`${p}.config.ts`).navigationBarTitleText]))

/** Query strings that make a page show real content (a page opened without them shows its error state). */
async function demoQueries(): Promise<Record<string, string>> {
  const db = e2e.deps.db
  // Three months of served bookings, ratings and rectification cases, as a fresh demo start has.
  await seedDemoHistory(db, e2e.deps.cipher, new Date())
  const community = await db.selectFrom('community').select('id').where('code', '=', 'guihua').executeTakeFirstOrThrow()
  const meal = await db.selectFrom('service').select('id').where('community_id', '=', community.id).where('name', '=', '老年助餐·午餐').executeTakeFirstOrThrow()
  // A history booking: its community's staff see it in full, anyone else gets the page's refusal state.
  const booking = await db.selectFrom('booking').select('id').where('community_id', '=', community.id).where('status', '=', 'served').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  const rectification = await db.selectFrom('rectification_case').select('id').where('community_id', '=', community.id).executeTakeFirstOrThrow()
  // No survey is seeded: the survey page is checked in its not-found state.
  const survey = await db.selectFrom('survey').select('id').where('community_id', '=', community.id).executeTakeFirst()
  // The demo's topics: one still collecting, so each role sees its 附议 or staff actions.
  await seedDemoConsultation(db, e2e.deps.cipher, new Date())
  const topic = await db.selectFrom('consultation_topic').select('id').where('community_id', '=', community.id).where('state', '=', 'collecting').executeTakeFirstOrThrow()
  // 志愿服务: a coming activity (its organiser page too), a help request, an issued certificate's code.
  await seedDemoVolunteerAll(db, e2e.deps.cipher, new Date())
  const activity = await db.selectFrom('volunteer_activity').select('id').where('community_id', '=', community.id).where('kind', '=', 'activity').where('status', '=', 'published').orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  const help = await db.selectFrom('volunteer_help_request').select('id').where('community_id', '=', community.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow()
  const certificate = await db.selectFrom('volunteer_certificate').select('code').executeTakeFirstOrThrow()
  return {
    'packages/catalog/pages/service/index': `id=${meal.id}`,
    'packages/booking/pages/book/index': `serviceId=${meal.id}`,
    'packages/booking/pages/detail/index': `id=${booking.id}`,
    'packages/rating/pages/rate/index': `bookingId=${booking.id}`,
    'packages/rating/pages/case/index': `id=${rectification.id}`,
    'packages/rating/pages/survey/index': `id=${survey?.id ?? 'none'}`,
    'packages/rating/pages/satisfaction/index': `communityId=${community.id}`,
    'packages/staff/pages/setup/index': `serviceId=${meal.id}`,
    'packages/consultation/pages/topic/index': `id=${topic.id}`,
    'packages/volunteer/pages/activity/index': `id=${activity.id}`,
    'packages/volunteer/pages/organiser/index': `activityId=${activity.id}`,
    'packages/volunteer/pages/help/index': `id=${help.id}`,
    'packages/volunteer/pages/verify/index': `code=${certificate.code}`,
  }
}

/**
 * Opens a page the way a shared link does, checks it, its title and its way back (a deep link has
 * nothing under it, so Taro offers 首页 there; a page opened from another one offers 返回), then
 * leaves by that control as a person would. Returns what failed, so one run lists every page's problems.
 */
/** The pages whose first picker was already checked open (by an earlier role). */
const pickerChecked = new Set<string>()

async function auditPage(page: Page, who: string, pagePath: string, query: string | undefined): Promise<string | null> {
  const label = `${who} · /${pagePath}`
  const title = TITLES.get(pagePath) ?? ''
  try {
    await page.evaluate((url) => {
      window.location.hash = url
    }, `#/${pagePath}${query ? `?${query}` : ''}`)
    await page.locator('.taro-navigation-bar-title', { hasText: title }).waitFor({ state: 'visible', timeout: 10_000 })
    await page.waitForFunction((t) => document.title === t, title, { timeout: 5_000 })
    await checkPage(page, label)
    const picker = page.locator('taro-picker-core:visible').first()
    if (!pickerChecked.has(pagePath) && (await picker.count())) {
      // Pickers open outside the page (under <body>): check one open, then close it with 取消.
      // A picker is the same control whoever opens it, so each page's is checked open once.
      await picker.click()
      await page.locator('.weui-picker:visible').waitFor()
      await checkPage(page, `${label} 选择器`)
      await tap(page.locator('.weui-picker__action:visible', { hasText: '取消' }))
      await page.locator('.weui-picker:visible').waitFor({ state: 'hidden' })
      pickerChecked.add(pagePath)
    }
    if (!TAB_PAGES.has(pagePath)) {
      await tap(page.locator('.taro-navigation-bar-back:visible, .taro-navigation-bar-home:visible').first(), `${label} 返回/首页`)
      await page.locator('.weui-tabbar__item:visible').first().waitFor({ timeout: 10_000 })
    }
    return null
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, `${who}-${pagePath.replace(/\//g, '_')}.png`) }).catch(() => undefined)
    return `${label}: ${error instanceof Error ? error.message : String(error)}`
  }
}

afterAll(() => { console.log('TIMING', JSON.stringify((globalThis as any).__T)) })
describe('every page as a person sees it', () => {
  let queries: Record<string, string> = {}
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    queries = await demoQueries()
    await e2e.page.goto(`${e2e.baseUrl}/`)
    await e2e.page.locator('.headline:visible').first().waitFor()
  })

  it('before login: every page (most ask to log in) in both modes', async () => {
    const failures: string[] = []
    for (const p of ALL_PAGES) failures.push((await auditPage(e2e.page, '未登录', p, queries[p])) ?? '')
    expect(failures.filter(Boolean)).toEqual([])
  }, 300_000)

  it.each(['王秀兰', '张丽', '陈志明', '刘建国'])('as %s: every page in both modes', async (name) => {
    await loginAs(e2e.page, name)
    const failures: string[] = []
    for (const p of ALL_PAGES) failures.push((await auditPage(e2e.page, name, p, queries[p])) ?? '')
    expect(failures.filter(Boolean)).toEqual([])
  }, 300_000)
})
