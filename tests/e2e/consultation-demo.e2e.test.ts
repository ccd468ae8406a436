import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { seedDemoConsultation } from '../../bff/src/demo/consultation'
import { checkPage, loginAs, openTab, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: true })
const SHOTS = process.env.LINLI_SHOTS_DIR

/** The demo's topics past 征集, each a page a visitor of the demo opens first. */
const PAGES = [
  { title: '中心花园增设儿童游乐设施', state: '协商中' },
  { title: '文体活动室工作日晚上开放到21:00', state: '表决中' },
  { title: '垃圾分类投放点从楼下迁到西侧空地', state: '已形成结果' },
  { title: '助老食堂增加周六午餐', state: '落实中' },
  { title: '小区主干道增设减速带和限速标志', state: '已落实' },
]

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/consultation-demo-${name}.png`, fullPage: true })
}

async function openTopics(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-card:visible').first().waitFor()
}

describe('社区协商 demo data in the H5 app', () => {
  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true })
    await seedDemoConsultation(e2e.deps.db, e2e.deps.cipher, new Date())
  })

  it('王秀兰 finds topics in every state, and each topic past 征集 shows its deliberation, vote or result', async () => {
    const page = await e2e.newPage()
    await page.goto(`${e2e.baseUrl}/`)
    await loginAs(page, '王秀兰')
    await openTopics(page)
    for (const state of ['征集中', '已立项', '未立项', '协商中', '表决中', '已形成结果', '落实中', '已落实', '已终止']) {
      expect([state, await page.locator('.topic-card:visible .topic-state', { hasText: state }).count()]).not.toEqual([state, 0])
    }
    await checkPage(page, '社区协商（演示数据）')
    await shoot(page, 'list')
    for (const p of PAGES) {
      await tap(page.locator('.topic-card:visible', { hasText: p.title }))
      await page.locator('.headline:visible, .topic-title:visible', { hasText: p.title }).first().waitFor()
      await page.waitForLoadState('networkidle').catch(() => undefined)
      await checkPage(page, `议题（${p.state}）`)
      await shoot(page, p.state)
      // The page scrolls inside Taro's container: the opinions below are a second picture.
      await page.locator('.card:visible').last().scrollIntoViewIfNeeded()
      await shoot(page, `${p.state}-below`)
      await page.goBack()
      await page.locator('.topic-card:visible').first().waitFor()
    }

    // 长辈模式: the list and the open vote in large type (checkPage measured both modes; these are to look at).
    await openTab(page, '我的')
    await tap(page.locator('.elder-switch:visible'), '长辈模式')
    await page.locator('.page--elder .elder-switch:visible', { hasText: '已开启' }).waitFor()
    await openTopics(page)
    await page.locator('.page--elder .topic-card:visible').first().waitFor()
    await checkPage(page, '社区协商（长辈模式）')
    await shoot(page, 'list-elder')
    await tap(page.locator('.topic-card:visible', { hasText: '文体活动室工作日晚上开放到21:00' }))
    await page.locator('.page--elder .headline:visible, .page--elder .topic-title:visible', { hasText: '文体活动室' }).first().waitFor()
    await page.waitForLoadState('networkidle').catch(() => undefined)
    await checkPage(page, '议题（表决中，长辈模式）')
    await shoot(page, '表决中-elder')
  }, 240_000)
})
