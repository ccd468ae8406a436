import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const TITLE = '小区南门增设非机动车充电棚'
const AFTER_CLOSE = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)

async function openTopic(page: Page, tab: string) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
  await tap(page.locator('.topic-tabs:visible .chip', { hasText: tab }))
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

describe('表决 in the H5 app', () => {
  it('staff open a vote, a resident votes once in secret, the result shows only after the close', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const resident = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: resident.id,
        title: TITLE,
        description: '南门外电动车乱停乱充，存在消防隐患，建议增设充电棚。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .execute()

    // Staff: 发起表决 on the 协商中 topic, confirmed in a dialog.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopic(desk, '协商中')
    await desk.locator('.vote-open:visible').waitFor()
    await checkPage(desk, '议题详情（发起表决）')
    await tap(desk.locator('.open-vote:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('议题将转为表决中')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.topic-state:visible', { hasText: '表决中' }).waitFor()
    await desk.locator('.vote-turnout:visible', { hasText: '已有 0 / 3 人参加' }).waitFor()
    await checkPage(desk, '议题详情（表决中，工作人员）')

    // The resident: the options as buttons, a dialog, then only THAT she voted.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, resident)
    await openTopic(home, '表决中')
    await home.locator('.vote-option:visible', { hasText: '同意' }).waitFor()
    await checkPage(home, '议题详情（表决中，居民）')
    await tap(home.locator('.vote-option:visible', { hasText: '同意' }))
    expect(await (await shownDialog(home)).innerText()).toContain('投出后不能更改')
    await tap(home.locator('.taro-model__confirm:visible'))
    await home.locator('.voted:visible').waitFor()
    await home.locator('.vote-turnout:visible', { hasText: '已有 1 / 3 人参加' }).waitFor()
    expect(await home.locator('.vote-option:visible').count()).toBe(0)
    expect(await home.locator('.vote-result:visible').count()).toBe(0)
    await checkPage(home, '议题详情（已投票）')
    const ballots = await db.selectFrom('consultation_ballot').selectAll().execute()
    expect(ballots).toEqual([{ vote_id: expect.any(String), user_id: resident.id, household_id: null, assisted_by: null }])

    // After the close: one of three (staff live there too) is not more than half, so 未达法定人数.
    e2e.setNow(AFTER_CLOSE)
    await home.reload()
    await home.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    await home.locator('.vote-outcome:visible', { hasText: '未达法定人数' }).waitFor()
    await home.locator('.vote-tally:visible', { hasText: '同意：1 票' }).waitFor()
    await checkPage(home, '议题详情（表决结果）')
  }, 300_000)
})
