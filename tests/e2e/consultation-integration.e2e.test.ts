import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-I1'
const OPEN = '小区东门加装无障碍坡道'
const DRAFT = '改进「老年助餐·午餐」：差评率偏高'
const LATE = '3号楼加装电梯'
const TALK = '小区停车位如何分配'

/** The page in normal mode, then in 长辈模式 (her saved preference), for a person to look at. */
async function shoot(page: Page, userId: string, name: string, ready: string) {
  mkdirSync(SHOTS, { recursive: true })
  // Taro's page box scrolls, not the window: the part looked at is scrolled into the shot.
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-normal.png`, fullPage: true })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: true }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--elder').first().waitFor()
  await page.locator(`${ready}:visible`).first().waitFor()
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-elder.png`, fullPage: true })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: false }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--normal').first().waitFor()
  await page.locator(`${ready}:visible`).first().waitFor()
}

async function openTopics(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
}

async function tabLabels(page: Page) {
  return page.locator('.topic-tabs:visible .chip').allInnerTexts()
}

describe('议事管理, 草稿 and the topic page put together', () => {
  it('a resident sees no 草稿 tab; staff open a draft with no 附议 card; 议事管理 holds 代办记录, 街道办理 and 逾期未落实', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const admin = await createPerson(e2e, { name: '刘建国', birthDate: '1975-09-09', grant: { role: 'street_admin', streetId: street.id } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow()
    const topic = (title: string, state: 'collecting' | 'draft' | 'deliberating' | 'implementing') =>
      db
        .insertInto('consultation_topic')
        .values({ community_id: communityId, category_id: category.id, proposer_user_id: resident.id, title, description: `${title}：请大家谈谈意见。`, links: [], state, state_reason: null, threshold: 20, expires_at: new Date('2027-03-01T00:00:00Z') })
        .returning('id')
        .executeTakeFirstOrThrow()
    await topic(OPEN, 'collecting')
    // A 差评 draft as evidence.ts raises it: the topic and the figures it rests on.
    const draft = await topic(DRAFT, 'draft')
    const service = await createBookableService(db, { communityId, name: '老年助餐·午餐' })
    await db
      .insertInto('consultation_topic_evidence')
      .values({ topic_id: draft.id, evidence_key: `poor_share:${service.id}:2026-11`, kind: 'poor_share', service_id: service.id, case_id: null, month: '2026-11-01', ratings: 100, poor: 21, deadline: null, replied_at: null })
      .execute()
    // Being implemented, due five days ago: the overdue list's one entry.
    const late = await topic(LATE, 'implementing')
    const due = new Date(Date.now() - 5 * 86_400_000)
    await db
      .insertInto('consultation_outcome')
      .values({
        topic_id: late.id,
        community_id: communityId,
        summary: '同意加装电梯，费用按楼层分摊',
        adopted: true,
        reason: null,
        publicity_working_days: 5,
        published_at: new Date(Date.now() - 40 * 86_400_000),
        publicity_ends_at: new Date(Date.now() - 30 * 86_400_000),
        published_by: staff.id,
        responsible_unit: '社区居委会',
        due_on: due.toISOString().slice(0, 10),
        due_at: due,
        milestones: '[]',
        started_at: new Date(Date.now() - 29 * 86_400_000),
        done_at: null,
        overdue_noticed_at: null,
      })
      .execute()

    // 协商中, with an opinion of hers a 网格员 gave by 代办 (the act and its row, as assist.ts writes them).
    const worker = await createPerson(e2e, { name: '张建华', birthDate: '1980-01-01', communityId, grant: { role: 'grid_worker', communityId } })
    const talk = await topic(TALK, 'deliberating')
    const opinion = await db
      .insertInto('consultation_opinion')
      .values({ topic_id: talk.id, parent_id: null, author_user_id: resident.id, stance: 'support', body: '赞成加装坡道，我推轮椅出门太难了', status: 'visible', report_count: 0, hidden_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('consultation_assist')
      .values({ topic_id: talk.id, community_id: communityId, kind: 'opinion', opinion_id: opinion.id, resident_user_id: resident.id, helper_user_id: worker.id, helper_role: 'grid_worker', reason: '老人无智能手机，本人到场口述' })
      .execute()

    // A resident: the topics list has no 草稿 tab, and the draft is not in 全部.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, resident)
    await openTopics(home)
    await home.locator('.topic-card:visible', { hasText: OPEN }).waitFor()
    expect(await tabLabels(home)).not.toContain('草稿')
    expect(await home.locator('.topic-card:visible', { hasText: DRAFT }).count()).toBe(0)
    await checkPage(home, '社区协商（居民，无草稿）')
    await shoot(home, resident.id, 'topics-resident', '.topic-tabs')
    // Her opinion on the topic page says who gave it for her.
    await tap(home.locator('.topic-card:visible', { hasText: TALK }))
    await home.locator('.opinion:visible', { hasText: '赞成加装坡道' }).waitFor()
    expect(await home.locator('.opinion:visible .assist-mark').innerText()).toBe('代办：网格员 张*华')
    await checkPage(home, '议题详情（代办的意见）')
    await shoot(home, resident.id, 'opinion-assisted', '.assist-mark')

    // Staff: 草稿 is there; the draft's page has no 附议 card, and its reason box is as wide as its field.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopics(desk)
    expect(await tabLabels(desk)).toContain('草稿')
    await tap(desk.locator('.topic-tabs:visible .chip', { hasText: '草稿' }))
    await tap(desk.locator('.topic-card:visible', { hasText: DRAFT }))
    await desk.locator('.topic-title:visible', { hasText: DRAFT }).waitFor()
    await desk.locator('.publish-draft:visible').waitFor()
    await desk.locator('.topic-evidence:visible').waitFor()
    expect(await desk.locator('.support-card:visible').count()).toBe(0)
    expect(await desk.locator('.support-topic:visible').count()).toBe(0)
    const textarea = await desk.locator('.draft-description:visible').boundingBox()
    const input = await desk.locator('.draft-title:visible').boundingBox()
    expect(textarea?.width).toBeGreaterThan(0)
    expect(Math.abs((textarea?.width ?? 0) - (input?.width ?? 0))).toBeLessThan(2)
    await checkPage(desk, '议题详情（草稿，工作人员）')
    await shoot(desk, staff.id, 'topic-draft-staff', '.topic-draft')

    // The overdue topic's own page no longer lists what is overdue everywhere.
    await desk.goto(`${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${late.id}`)
    await desk.locator('.topic-title:visible', { hasText: LATE }).waitFor()
    await desk.locator('.outcome:visible').waitFor()
    expect(await desk.locator('.overdue-implementations:visible').count()).toBe(0)

    // 我的 → 议事管理: 代办记录 and 逾期未落实; no 街道办理 for community staff.
    await openTab(desk, '我的')
    await tap(desk.locator('.consultation-staff-link:visible'))
    await desk.locator('.oversight-stats:visible', { hasText: '桂花社区' }).waitFor()
    await desk.locator('.overdue-item:visible', { hasText: LATE }).waitFor()
    expect(await desk.locator('.overdue-implementations:visible').innerText()).toContain('逾期未落实（1 项）')
    await desk.locator('.assist-log-link:visible').waitFor()
    expect(await desk.locator('.street-link:visible').count()).toBe(0)
    await checkPage(desk, '议事管理（工作人员）')
    await shoot(desk, staff.id, 'staff-page', '.overdue-implementations')
    await tap(desk.locator('.assist-log-link:visible'))
    await desk.locator('.headline:visible', { hasText: '代办记录' }).waitFor()
    // Today's list: the 网格员's 代办 意见 for her.
    await desk.locator('.assist-log-entry:visible', { hasText: '网格员' }).waitFor()
    await checkPage(desk, '代办记录（从议事管理进入）')
    await shoot(desk, staff.id, 'assist-log-from-staff-page', '.assist-log-entry')

    // The street admin: 街道办理 too, and the same overdue entry (her street's communities).
    const streetDesk = await e2e.newPage()
    await streetDesk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, streetDesk, admin)
    await tap(streetDesk.locator('.consultation-staff-link:visible'))
    await streetDesk.locator('.oversight-stats:visible').waitFor()
    await streetDesk.locator('.street-link:visible').waitFor()
    await streetDesk.locator('.assist-log-link:visible').waitFor()
    await streetDesk.locator('.overdue-item:visible', { hasText: LATE }).waitFor()
    await checkPage(streetDesk, '议事管理（街道管理员）')
    await shoot(streetDesk, admin.id, 'street-admin-page', '.street-link')
    await tap(streetDesk.locator('.overdue-item:visible', { hasText: LATE }))
    await streetDesk.locator('.topic-title:visible', { hasText: LATE }).waitFor()
  }, 300_000)
})
