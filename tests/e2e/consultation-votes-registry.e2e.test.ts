import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { closeVotes } from '../../bff/src/consultation/vote-jobs'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-V'
const TITLE = '使用专项维修资金更换3号楼电梯'
const AFTER_CLOSE = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
const BAD_CSV = '户号,业主姓名,面积\n3-101,王秀兰,89.50\n3-102,李敏,九十\n3-103,陈刚,60\n'
const GOOD_CSV = '户号,业主姓名,面积\n3-101,王秀兰,89.50\n3-102,李敏,90\n3-103,陈刚,60\n'

/** Checks the page in both modes and keeps a screenshot of each, 长辈模式 through her own setting (reloaded). */
async function shoot(page: Page, userId: string, name: string, ready: string, card = ready) {
  await checkPage(page, name)
  await page.screenshot({ path: `${SHOTS}/${name}-normal.png`, fullPage: true })
  // The page scrolls inside its own container: the part built here, scrolled into view.
  await page.locator(`${card}:visible`).first().screenshot({ path: `${SHOTS}/${name}-part-normal.png` })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: true }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator(`${ready}:visible`).first().waitFor()
  await page.locator('.page--elder').first().waitFor()
  await checkPage(page, `${name}（长辈模式）`)
  await page.screenshot({ path: `${SHOTS}/${name}-elder.png`, fullPage: true })
  await page.locator(`${card}:visible`).first().screenshot({ path: `${SHOTS}/${name}-part-elder.png` })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: false }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator(`${ready}:visible`).first().waitFor()
}

async function confirm(page: Page, says: string) {
  expect(await (await shownDialog(page)).innerText()).toContain(says)
  await tap(page.locator('.taro-model__confirm:visible'))
}

describe('业主名册 and a 民法典278 vote in the H5 app', () => {
  it('staff answer the minority views, import the registry, open an owners vote; owners link their homes and vote; the result shows heads and area', async () => {
    mkdirSync(SHOTS, { recursive: true })
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const wang = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const li = await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId })
    await createPerson(e2e, { name: '陈刚', birthDate: '1975-09-09', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: wang.id,
        title: TITLE,
        description: '3号楼电梯使用超过20年，经常停运，建议使用专项维修资金更换。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('consultation_opinion').values({ topic_id: topic.id, parent_id: null, author_user_id: li.id, stance: 'oppose', body: '一楼住户不用电梯，不应平摊费用。' }).execute()
    const topicUrl = `${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${topic.id}`

    // Staff: the 反对 opinion must be answered before a vote; the answer shows on the page.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await desk.goto(topicUrl)
    await desk.locator('.minority-form:visible').waitFor()
    await desk.locator('.minority-summary-input:visible textarea').fill('有一楼住户认为自己不使用电梯，不应平摊更换费用。')
    await desk.locator('.minority-answer-input:visible textarea').fill('按规定维修资金按面积分摊；一楼住户的意见将在表决公告中说明，并可在表决中投反对票。')
    await tap(desk.locator('.minority-save:visible'))
    await desk.locator('.minority-summary:visible', { hasText: '一楼住户' }).waitFor()

    // Staff: the registry page, a bad line previewed by line and nothing imported, then the good file.
    await desk.goto(`${e2e.baseUrl}/#/packages/consultation/pages/registry/index?communityId=${communityId}`)
    await desk.locator('.registry-empty:visible').waitFor()
    await desk.locator('.registry-csv:visible textarea').fill(BAD_CSV)
    await tap(desk.locator('.registry-check:visible'))
    await desk.locator('.registry-error:visible', { hasText: '第 3 行' }).waitFor()
    // Said as a problem, in the error colour, not in the green of a success.
    await desk.locator('.registry-check-failed.field__error:visible', { hasText: '有 1 处错误' }).waitFor()
    expect(await db.selectFrom('consultation_registry').select('community_id').execute()).toEqual([])
    await shoot(desk, staff.id, '业主名册（有错误行）', '.registry-import')
    await desk.locator('.registry-csv:visible textarea').fill(GOOD_CSV)
    await tap(desk.locator('.registry-check:visible'))
    await desk.locator('.registry-import .registry-area:visible', { hasText: '239.5' }).waitFor()
    await tap(desk.locator('.registry-submit:visible'))
    await confirm(desk, '整份替换')
    await desk.locator('.registry-current .registry-households:visible', { hasText: '3 户' }).waitFor()
    await shoot(desk, staff.id, '业主名册（已导入）', '.registry-current .registry-households', '.registry-current')

    // Staff: 发起表决 under 业主共同决定（一般事项）.
    await desk.goto(topicUrl)
    await desk.locator('.vote-open:visible').waitFor()
    await tap(desk.locator('.vote-rule .chip:visible', { hasText: '业主共同决定（一般事项）' }))
    await desk.locator('.vote-rule-summary:visible', { hasText: '专有部分面积和人数' }).waitFor()
    await shoot(desk, staff.id, '议题详情（发起业主表决）', '.vote-open')
    // The screenshots reloaded the page: choose the rule again.
    await tap(desk.locator('.vote-rule .chip:visible', { hasText: '业主共同决定（一般事项）' }))
    await desk.locator('.vote-rule-summary:visible', { hasText: '专有部分面积和人数' }).waitFor()
    await tap(desk.locator('.open-vote:visible'))
    await confirm(desk, '业主共同决定')
    await desk.locator('.topic-state:visible', { hasText: '表决中' }).waitFor()
    await desk.locator('.vote-turnout:visible', { hasText: '已有 0 / 3 人参加' }).waitFor()

    // Two owners link their homes and vote; the page tells only THAT they voted.
    for (const [person, code] of [
      [wang, '3-101'],
      [li, '3-102'],
    ] as const) {
      const home = await e2e.newPage()
      await home.goto(`${e2e.baseUrl}/`)
      await signIn(e2e, home, person)
      await home.goto(topicUrl)
      await home.locator('.household-link:visible').waitFor()
      if (person === wang) await shoot(home, person.id, '议题详情（登记房屋）', '.household-link', '.vote')
      await home.locator('.household-code:visible input').fill(code)
      await home.locator('.household-owner:visible input').fill(person.name)
      await tap(home.locator('.household-submit:visible'))
      await home.locator('.vote-household:visible', { hasText: '业主本人' }).waitFor()
      await tap(home.locator('.vote-option:visible', { hasText: '同意' }))
      await confirm(home, '投出后不能更改')
      await home.locator('.voted:visible').waitFor()
      if (person === wang) await shoot(home, person.id, '议题详情（业主已投票）', '.voted', '.vote')
      await home.close()
    }
    const ballots = await db.selectFrom('consultation_ballot').select(['user_id', 'household_id']).execute()
    expect(ballots).toHaveLength(2)

    // After the close (the job): 2 of 3 owners and 179.50 of 239.50 m² took part, both agreed: 通过.
    e2e.setNow(AFTER_CLOSE)
    expect(await closeVotes(db, AFTER_CLOSE)).toBe(1)
    await desk.goto(topicUrl)
    await desk.locator('.topic-state:visible', { hasText: '已形成结果' }).waitFor()
    await desk.locator('.vote-outcome:visible', { hasText: '通过' }).waitFor()
    await desk.locator('.vote-tally:visible', { hasText: '同意：2 人，179.5 平方米' }).waitFor()
    await shoot(desk, staff.id, '议题详情（业主表决结果）', '.vote-outcome', '.vote')

    // 王秀兰 sold her flat: staff undo her 房屋登记 with the reason (WeChat's dialog first); her ballot stays counted.
    await desk.goto(`${e2e.baseUrl}/#/packages/consultation/pages/registry/index?communityId=${communityId}`)
    await desk.locator('.registry-linked:visible', { hasText: '2 人' }).waitFor()
    await desk.locator('.unlink-name:visible input').fill('王秀兰')
    await desk.locator('.unlink-birth:visible input').fill('1948-03-15')
    // Without a reason the BFF refuses it beside the field, nothing undone.
    await tap(desk.locator('.registry-unlink__submit:visible'))
    await confirm(desk, '王秀兰（1948-03-15）')
    await desk.locator('.registry-unlink .field__error:visible', { hasText: '解除原因' }).waitFor()
    await desk.locator('.registry-linked:visible', { hasText: '2 人' }).waitFor()
    await desk.locator('.unlink-reason:visible textarea').fill('房屋已出售，业主变更')
    await tap(desk.locator('.registry-unlink__submit:visible'))
    await confirm(desk, '王秀兰（1948-03-15）')
    await desk.locator('.registry-unlink .result--ok:visible', { hasText: '已解除 王*兰 与 3-101 的登记' }).waitFor()
    await desk.locator('.registry-linked:visible', { hasText: '1 人' }).waitFor()
    expect(await db.selectFrom('consultation_registry_link').select('user_id').where('user_id', '=', wang.id).execute()).toEqual([])
    expect(await db.selectFrom('consultation_ballot').select('user_id').execute()).toHaveLength(2)
    await shoot(desk, staff.id, '业主名册（解除房屋登记）', '.registry-unlink')
  }, 600_000)
})
