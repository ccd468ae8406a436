import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { confirmDialog, checkPage, createPerson, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-O'
const TITLE = '小区东门加装无障碍坡道'
// Well after a 5-working-day 公示 that starts today, whatever today is.
const AFTER_PUBLICITY = new Date(Date.now() + 20 * 24 * 60 * 60 * 1000)

/** A screenshot of the whole page: Taro's page is its own scroller, so the viewport is made as tall as the page for it. */
async function fullShot(page: Page, path: string) {
  const size = page.viewportSize()
  const height = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.taro_page, .page')].map((el) => el.scrollHeight)))
  if (size) await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height + 100, size.height), 6000) })
  await page.screenshot({ path })
  // The 协商结果 card alone, at full size, to read it closely.
  const card = page.locator('.card.outcome:visible')
  if (await card.count()) await card.first().screenshot({ path: path.replace('.png', '-card.png') })
  if (size) await page.setViewportSize(size)
}

/** The page in normal mode, then in 长辈模式 (her saved preference, as 我的 → 长辈模式 sets it), for a person to look at. */
async function shoot(page: Page, userId: string, name: string, ready: string) {
  mkdirSync(SHOTS, { recursive: true })
  await fullShot(page, `${SHOTS}/${name}-normal.png`)
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: true }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--elder').first().waitFor()
  await page.locator(`${ready}:visible`).first().waitFor()
  await fullShot(page, `${SHOTS}/${name}-elder.png`)
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: false }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--normal').first().waitFor()
  await page.locator(`${ready}:visible`).first().waitFor()
}


describe('协商结果 in the H5 app', () => {
  it('staff publish, a resident objects, staff answer, two updates, 已落实, the proposer rates; the A4 公示 prints', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const proposer = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const neighbour = await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: proposer.id,
        title: TITLE,
        description: '东门台阶较高，轮椅和婴儿车进出困难，建议加装无障碍坡道。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('consultation_support').values({ topic_id: topic.id, user_id: neighbour.id }).execute()
    const topicUrl = `${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${topic.id}`
    const open = async (page: Page) => {
      await page.goto(topicUrl)
      await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    }

    // Staff: 公布协商结果 on the 协商中 topic; 不采纳 without a reason is refused beside the field.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await open(desk)
    await desk.locator('.outcome-publish:visible').waitFor()
    await checkPage(desk, '议题详情（公布协商结果）')
    await shoot(desk, staff.id, 'outcome-publish-form', '.outcome-publish')
    await desk.locator('.outcome-summary-input:visible textarea').fill('在东门台阶西侧加装带扶手的无障碍坡道，由物业在一个月内完成。')
    await tap(desk.locator('.publish-outcome:visible'))
    await confirmDialog(desk, '5 个工作日')
    await desk.locator('.topic-state:visible', { hasText: '已形成结果' }).waitFor()
    await desk.locator('.outcome-publicity:visible', { hasText: '公示中' }).waitFor()
    await checkPage(desk, '议题详情（公示中，工作人员）')

    // The neighbour, who supported it, was told; she raises an objection inside the 公示.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, neighbour)
    await open(home)
    await home.locator('.objection-input:visible').waitFor()
    expect(await home.locator('.follow-topic:visible').innerText()).toContain('取消关注')
    await checkPage(home, '议题详情（公示中，居民）')
    await home.locator('.objection-input:visible textarea').fill('坡道太陡，老人推轮椅上不去，请放缓坡度。')
    await tap(home.locator('.raise-objection:visible'))
    await confirmDialog(home, '每人对这项结果可提一次异议')
    await home.locator('.objected:visible').waitFor()
    await home.locator('.objection-body:visible', { hasText: '坡道太陡' }).waitFor()
    expect(await home.locator('.objection-input:visible').count()).toBe(0)
    await checkPage(home, '议题详情（已提异议）')
    await shoot(home, neighbour.id, 'outcome-objected', '.objected')

    // Staff answer it; after the 公示 they start implementation.
    await desk.reload()
    await desk.locator('.objection-answer-input:visible').waitFor()
    await desk.locator('.objection-answer-input:visible textarea').fill('已请设计单位把坡度放缓到 1:12，两侧加扶手。')
    await tap(desk.locator('.answer-objection:visible'))
    await desk.locator('.objection-answer:visible', { hasText: '1:12' }).waitFor()
    e2e.setNow(AFTER_PUBLICITY)
    await desk.reload()
    await desk.locator('.start-implementation:visible').waitFor()
    await checkPage(desk, '议题详情（开始落实）')
    await desk.locator('.implementation-unit:visible input').fill('桂花物业')
    await desk.locator('.implementation-milestones:visible textarea').fill('施工图确认\n坡道完工')
    await tap(desk.locator('.start-implementation:visible'))
    await confirmDialog(desk, '由桂花物业负责')
    await desk.locator('.topic-state:visible', { hasText: '落实中' }).waitFor()

    // Two updates: half way with the first milestone, then done.
    await desk.locator('.implementation-status-input:visible textarea').fill('施工图已确认，材料进场')
    await desk.locator('.implementation-progress-input:visible input').fill('50')
    await tap(desk.locator('.milestone-toggle:visible', { hasText: '施工图确认' }))
    await tap(desk.locator('.post-update:visible'))
    await desk.locator('.implementation-percent:visible', { hasText: '落实进度 50%' }).waitFor()
    await checkPage(desk, '议题详情（落实进展，工作人员）')
    await desk.locator('.implementation-status-input:visible textarea').fill('坡道完工，验收合格')
    await desk.locator('.implementation-progress-input:visible input').fill('100')
    await tap(desk.locator('.milestone-toggle:visible', { hasText: '坡道完工' }))
    await tap(desk.locator('.post-update:visible'))
    await desk.locator('.implementation-percent:visible', { hasText: '落实进度 100%' }).waitFor()
    expect(await desk.locator('.implementation-update:visible').count()).toBe(3)
    await shoot(desk, staff.id, 'outcome-implementing-staff', '.complete-implementation')
    await tap(desk.locator('.complete-implementation:visible'))
    await confirmDialog(desk, '参与的居民可以评议')
    await desk.locator('.topic-state:visible', { hasText: '已落实' }).waitFor()

    // The proposer rates it (the default level, 非常满意).
    const own = await e2e.newPage()
    await own.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, own, proposer)
    await open(own)
    await own.locator('.rate-outcome:visible').waitFor()
    await checkPage(own, '议题详情（评议）')
    await own.locator('.rating-comment:visible textarea').fill('坡道很好用，谢谢社区')
    await tap(own.locator('.rate-outcome:visible'))
    await confirmDialog(own, '每人评议一次')
    await own.locator('.rated:visible', { hasText: '非常满意' }).waitFor()
    await own.locator('.rating-counts:visible', { hasText: '非常满意 1' }).waitFor()
    await checkPage(own, '议题详情（已评议）')
    await shoot(own, proposer.id, 'outcome-rated', '.rated')
    const ratings = await db.selectFrom('consultation_outcome_rating').select(['user_id', 'level']).execute()
    expect(ratings).toEqual([{ user_id: proposer.id, level: 5 }])

    // The A4 公示, from the result's 打印公示; on paper the app's chrome and the button are gone.
    await tap(own.locator('.print-notice:visible'))
    await own.locator('.notice-heading:visible', { hasText: '协商结果公示' }).waitFor()
    await own.locator('.notice-qr__image img').first().waitFor()
    await checkPage(own, '公示（打印页）')
    await shoot(own, proposer.id, 'outcome-print', '.notice-heading')
    await own.emulateMedia({ media: 'print' })
    expect(await own.locator('.print-now:visible').count()).toBe(0)
    expect(await own.locator('#taro-navigation-bar:visible').count()).toBe(0)
    await own.pdf({ path: `${SHOTS}/outcome-print-paper.pdf`, format: 'A4' })
    await fullShot(own, `${SHOTS}/outcome-print-paper.png`)
    await own.emulateMedia({ media: 'screen' })
  }, 400_000)
})
