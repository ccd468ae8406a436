import { mkdirSync } from 'node:fs'
import type { Locator, Page } from 'playwright-core'
import { closeVotes } from '../../bff/src/consultation/vote-jobs'
import { createBookableService, createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { confirmDialog, checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-J'
const TITLE = '老年食堂延长午餐供应时间'
const DAY_MS = 24 * 60 * 60 * 1000
// The vote runs 3 days from today; the result is published the day after it closes, and its
// 5-working-day 公示 is over two weeks later whatever weekday today is.
const AFTER_CLOSE = new Date(Date.now() + 4 * DAY_MS)
const AFTER_PUBLICITY = new Date(AFTER_CLOSE.getTime() + 14 * DAY_MS)
const FAR = new Date(Date.now() + 60 * DAY_MS)
const REASON = '老人无智能手机，本人到场口述'

/** The part of the page the step is about, scrolled into view (Taro's page scrolls inside its own container). */
async function shoot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(`${focus}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/journey-${name}.png` })
}


/**
 * A finger on a row of WeChat's date Picker: the column's glass (its mask) lies over the rows and
 * passes the touch to the column, which picks the row under the finger.
 */
async function tapPickerItem(page: Page, item: Locator) {
  await item.waitFor()
  await page.waitForTimeout(400) // the sheet slides up first
  const box = await item.boundingBox()
  if (!box) throw new Error('picker row not on screen')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await page.waitForTimeout(400) // the column settles on the row
}

async function openTopics(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  // The list the resident left for her new topic may still be sliding away: the new one is the last.
  await page.locator('.topic-tabs:visible').last().waitFor()
}

/** 首页 → 社区协商 → the state's tab → the topic, as a person finds it. */
async function openTopic(page: Page, tab: string) {
  await openTopics(page)
  await tap(page.locator('.topic-tabs:visible').last().locator('.chip', { hasText: tab }))
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

async function reloadTopic(page: Page) {
  await page.reload()
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

/** The day after tomorrow on the community's clock (Shanghai), as the date Picker shows it. */
function meetingDate(): string {
  return new Date(Date.now() + 2 * DAY_MS).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

describe('社区协商 from proposal to 评议 in the H5 app', () => {
  it('a resident proposes, neighbours support, staff deliberate with a meeting and a vote, a 网格员 votes for an elder, the result is published, objected to, implemented, changes a service and is rated', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    // Two supports make the topic eligible (the default is 20).
    await db.insertInto('consultation_settings').values({ community_id: communityId, support_min: 2, support_share_bp: 100, collection_days: 90 }).execute()
    const proposer = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const neighbour = await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId })
    const other = await createPerson(e2e, { name: '赵建国', birthDate: '1955-10-10', communityId })
    // The elder has no phone: she takes part only through the 网格员.
    const elder = await createUser(db, { name: '陈玉兰', birthDate: '1941-06-06', communityId })
    const worker = await createPerson(e2e, { name: '张建华', birthDate: '1979-04-12', communityId })
    await db.insertInto('user_role').values({ user_id: worker.id, role: 'grid_worker', community_id: communityId, street_id: null, provider_id: null }).execute()
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const lunch = await createBookableService(db, { communityId, name: '老年助餐·午餐' })
    const otherToken = await sessionFor(db, other.id, FAR)

    // 1. The proposer: 首页 → 社区协商 → 提出议题.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, proposer)
    await openTopics(home)
    await checkPage(home, '社区协商（还没有议题）')
    await tap(home.locator('.propose-topic:visible'))
    await home.locator('.topic-category:visible').waitFor()
    await home.locator('.topic-category:visible').click()
    await home.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await home.locator('.topic-title-input:visible input').fill(TITLE)
    await home.locator('.topic-description-input:visible textarea').fill('多位老人反映午餐时间太短，建议工作日提前到八点开始、延长到十一点半。')
    await checkPage(home, '提出议题（已填写）')
    await shoot(home, '01-propose', '.submit-topic')
    await tap(home.locator('.submit-topic:visible'))
    await home.locator('.support-count:visible', { hasText: '已有 0 人附议，还差 2 人' }).waitFor()
    await checkPage(home, '议题详情（刚提出）')
    const topic = await db.selectFrom('consultation_topic').select('id').where('title', '=', TITLE).executeTakeFirstOrThrow()
    const topicUrl = `${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${topic.id}`

    // 2. A neighbour supports it on the page; a second one through the API reaches the threshold.
    const next = await e2e.newPage()
    await next.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, next, neighbour)
    await openTopic(next, '征集中')
    await checkPage(next, '议题详情（邻居，未附议）')
    await tap(next.locator('.support-topic:visible'))
    await next.locator('.supported:visible', { hasText: '您已附议' }).waitFor()
    await e2e.api(`/consultation/topics/${topic.id}/supports`, { token: otherToken, body: {} })
    await reloadTopic(next)
    await next.locator('.support-count:visible', { hasText: '已有 2 人附议' }).waitFor()
    await checkPage(next, '议题详情（已附议，达到门槛）')

    // 3. Staff: 立项, then 开始协商, each after WeChat's dialog.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopic(desk, '征集中')
    await desk.locator('.support-count:visible', { hasText: '已达到立项门槛' }).waitFor()
    await checkPage(desk, '议题详情（工作人员，可立项）')
    await tap(desk.locator('.move-accepted:visible'))
    await confirmDialog(desk, '提议人会收到通知')
    await desk.locator('.topic-state:visible', { hasText: '已立项' }).waitFor()
    await checkPage(desk, '议题详情（已立项）')
    await tap(desk.locator('.move-deliberating:visible'))
    await confirmDialog(desk, '议题将进入协商中')
    await desk.locator('.topic-state:visible', { hasText: '协商中' }).waitFor()
    await desk.locator('.topic-step:visible', { hasText: '已立项 → 协商中' }).waitFor()
    await checkPage(desk, '议题详情（协商中，工作人员）')
    await shoot(desk, '02-deliberating-staff', '.topic-step')

    // 4. Staff 安排议事会 on the page: the day after tomorrow from the date Picker, the default hours.
    await tap(desk.locator('.meeting-new:visible'))
    await desk.locator('.meeting-title-input:visible input').fill('午餐时间议事会')
    await desk.locator('.meeting-place-input:visible input').fill('党群服务中心二楼')
    await desk.locator('.meeting-date:visible').click()
    const day = Number(meetingDate().slice(8))
    const month = Number(meetingDate().slice(5, 7))
    // The Picker opens on today; the month column only moves when the day after tomorrow is next month.
    const columns = desk.locator('.weui-picker__group:visible')
    if (month !== Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(5, 7))) {
      await tapPickerItem(desk, columns.nth(1).locator('.weui-picker__item', { hasText: new RegExp(`^0?${month}月$`) }))
    }
    await tapPickerItem(desk, columns.nth(2).locator('.weui-picker__item', { hasText: new RegExp(`^0?${day}日$`) }))
    await desk.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await desk.locator('.meeting-date:visible', { hasText: meetingDate() }).waitFor()
    await checkPage(desk, '议题详情（安排议事会）')
    await shoot(desk, '03-meeting-form', '.meeting-form')
    await tap(desk.locator('.meeting-create:visible'))
    await desk.locator('.meeting-title:visible', { hasText: '午餐时间议事会' }).waitFor()

    // 5. Staff 发起表决 under 居民会议 (the default rule), 3 days.
    await desk.locator('.vote-open:visible').waitFor()
    await tap(desk.locator('.vote-rule .chip:visible', { hasText: '居民会议' }))
    await desk.locator('.vote-rule-summary:visible', { hasText: '过半数居民参加' }).waitFor()
    await desk.locator('.vote-days:visible input').fill('3')
    await checkPage(desk, '议题详情（发起表决）')
    await shoot(desk, '04-open-vote', '.vote-open')
    await tap(desk.locator('.open-vote:visible'))
    await confirmDialog(desk, '议题将转为表决中')
    await desk.locator('.topic-state:visible', { hasText: '表决中' }).waitFor()
    // Six adults live here: the four residents, the 网格员 and the staff member.
    await desk.locator('.vote-turnout:visible', { hasText: '已有 0 / 6 人参加' }).waitFor()
    await checkPage(desk, '议题详情（表决中，工作人员）')

    // 6. The proposer registers for the meeting and votes 同意; the neighbour too; the third through the API.
    await openTopic(home, '表决中')
    await tap(home.locator('.meeting-register:visible'))
    await confirmDialog(home, '党群服务中心二楼')
    expect((await home.locator('.meeting-code:visible').innerText()).trim()).toMatch(/^\d{6}$/)
    await checkPage(home, '议题详情（已报名议事会）')
    await shoot(home, '05-registered', '.meeting-code')
    for (const page of [home, next]) {
      if (page === next) await openTopic(next, '表决中')
      await tap(page.locator('.vote-option:visible', { hasText: '同意' }))
      await confirmDialog(page, '投出后不能更改')
      await page.locator('.voted:visible').waitFor()
    }
    await checkPage(home, '议题详情（已投票）')
    await shoot(home, '06-voted', '.voted')
    const vote = await e2e.api<{ options: { id: string; label: string }[] }>(`/consultation/topics/${topic.id}/vote`, { token: otherToken })
    const agree = vote.options.find((o) => o.label === '同意')
    await e2e.api(`/consultation/topics/${topic.id}/vote/ballots`, { token: otherToken, body: { optionId: agree?.id } })

    // 7. The 网格员 at the elder's door: 代办 from the topic page, 同意 for her after WeChat's dialog.
    const door = await e2e.newPage()
    await door.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, door, worker)
    await openTopic(door, '表决中')
    await door.locator('.assist-entry:visible', { hasText: '网格员' }).waitFor()
    await checkPage(door, '议题详情（网格员可代办）')
    await tap(door.locator('.assist-open:visible'))
    await door.locator('.assist-name:visible input').fill('陈玉兰')
    await door.locator('.assist-birth:visible input').fill('1941-06-06')
    await door.locator('.assist-option:visible').click()
    await door.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await door.locator('.assist-option:visible', { hasText: '同意' }).waitFor()
    await tap(door.locator('.assist-reason-example:visible'))
    await checkPage(door, '代办（已填写）')
    await tap(door.locator('.assist-submit:visible'))
    await confirmDialog(door, '确定替 陈*兰 投「同意」？')
    await door.locator('.assist-done:visible', { hasText: '已替 陈*兰 投票' }).waitFor()
    await checkPage(door, '代办完成')
    await shoot(door, '07-assist-done', '.assist-done')
    const ballots = await db.selectFrom('consultation_ballot').select(['user_id', 'assisted_by']).execute()
    expect(ballots).toHaveLength(4)
    expect(ballots).toContainEqual({ user_id: elder.id, assisted_by: worker.id })
    expect(await db.selectFrom('consultation_assist').select(['kind', 'reason']).execute()).toEqual([{ kind: 'ballot', reason: REASON }])

    // 8. The vote closes (the job): 4 of 6 took part, all agreed, so 通过 and the topic 已形成结果.
    e2e.setNow(AFTER_CLOSE)
    expect(await closeVotes(db, AFTER_CLOSE)).toBe(1)
    await reloadTopic(desk)
    await desk.locator('.topic-state:visible', { hasText: '已形成结果' }).waitFor()
    await desk.locator('.vote-outcome:visible', { hasText: '通过' }).waitFor()
    await desk.locator('.vote-tally:visible', { hasText: '同意：4 票' }).waitFor()
    await checkPage(desk, '议题详情（表决结果）')
    await shoot(desk, '08-vote-result', '.vote-outcome')

    // 9. Staff publish the result (采纳, 5 working days of 公示).
    await desk.locator('.outcome-publish:visible').waitFor()
    await desk.locator('.outcome-summary-input:visible textarea').fill('工作日午餐供应时间调整为 08:00–11:30，由社区食堂从下周起执行。')
    await checkPage(desk, '议题详情（公布协商结果）')
    await tap(desk.locator('.publish-outcome:visible'))
    await confirmDialog(desk, '5 个工作日')
    await desk.locator('.outcome-publicity:visible', { hasText: '公示中' }).waitFor()
    await checkPage(desk, '议题详情（公示中，工作人员）')
    await shoot(desk, '09-published', '.outcome-publicity')

    // 10. The neighbour objects inside the 公示; staff answer it.
    await reloadTopic(next)
    await next.locator('.objection-input:visible textarea').fill('八点太早，食堂人手够不够？请说明排班。')
    await checkPage(next, '议题详情（公示中，居民）')
    await tap(next.locator('.raise-objection:visible'))
    await confirmDialog(next, '每人对这项结果可提一次异议')
    await next.locator('.objected:visible').waitFor()
    await checkPage(next, '议题详情（已提异议）')
    await shoot(next, '10-objected', '.objected')
    await reloadTopic(desk)
    await desk.locator('.objection-answer-input:visible textarea').fill('食堂已增加一名早班厨师，排班表贴在食堂门口。')
    await tap(desk.locator('.answer-objection:visible'))
    await desk.locator('.objection-answer:visible', { hasText: '早班厨师' }).waitFor()
    await checkPage(desk, '议题详情（异议已答复）')

    // 11. After the 公示: staff start implementation and post two updates.
    e2e.setNow(AFTER_PUBLICITY)
    await reloadTopic(desk)
    await desk.locator('.implementation-unit:visible input').fill('社区食堂')
    await desk.locator('.implementation-milestones:visible textarea').fill('排班调整\n新时间执行')
    await checkPage(desk, '议题详情（开始落实）')
    await tap(desk.locator('.start-implementation:visible'))
    await confirmDialog(desk, '由社区食堂负责')
    await desk.locator('.topic-state:visible', { hasText: '落实中' }).waitFor()
    await desk.locator('.implementation-status-input:visible textarea').fill('早班厨师到岗，排班已调整')
    await desk.locator('.implementation-progress-input:visible input').fill('50')
    await tap(desk.locator('.milestone-toggle:visible', { hasText: '排班调整' }))
    await tap(desk.locator('.post-update:visible'))
    await desk.locator('.implementation-percent:visible', { hasText: '落实进度 50%' }).waitFor()
    await desk.locator('.implementation-status-input:visible textarea').fill('新的午餐时间已执行一周')
    await desk.locator('.implementation-progress-input:visible input').fill('100')
    await tap(desk.locator('.milestone-toggle:visible', { hasText: '新时间执行' }))
    await tap(desk.locator('.post-update:visible'))
    await desk.locator('.implementation-percent:visible', { hasText: '落实进度 100%' }).waitFor()
    await checkPage(desk, '议题详情（落实进展）')
    await shoot(desk, '11-implementing', '.implementation-percent')

    // 12. Staff apply the hours change from the topic page; the service page says why, with the link.
    await desk.locator('.service-change-form:visible').waitFor()
    expect(await desk.locator('.service-change-service:visible').innerText()).toBe('老年助餐·午餐')
    await checkPage(desk, '议题详情（提出服务调整）')
    await tap(desk.locator('.propose-service-change:visible'))
    await desk.locator('.service-change-item:visible', { hasText: '待实施' }).waitFor()
    await tap(desk.locator('.apply-service-change:visible'))
    await confirmDialog(desk, '不能撤销')
    await desk.locator('.service-change-applied:visible', { hasText: '已实施（第 1 版' }).waitFor()
    await checkPage(desk, '议题详情（服务调整已实施）')
    await shoot(desk, '12-service-change', '.service-change-applied')
    await home.goto(`${e2e.baseUrl}/#/packages/catalog/pages/service/index?id=${lunch.id}`)
    await home.locator('.consultation-mark__tag:visible', { hasText: '因居民协商调整' }).waitFor()
    expect(await home.locator('.consultation-mark:visible').innerText()).toContain(`依据议题：${TITLE}`)
    await checkPage(home, '服务详情（因居民协商调整）')
    await shoot(home, '13-service-adjusted', '.consultation-mark__tag')
    await tap(home.locator('.consultation-mark__link:visible'))
    await home.locator('.topic-title:visible', { hasText: TITLE }).waitFor()

    // 13. 已落实, then the proposer rates it.
    await tap(desk.locator('.complete-implementation:visible'))
    await confirmDialog(desk, '参与的居民可以评议')
    await desk.locator('.topic-state:visible', { hasText: '已落实' }).waitFor()
    await checkPage(desk, '议题详情（已落实）')
    await home.goto(topicUrl)
    await home.locator('.rate-outcome:visible').waitFor()
    await home.locator('.rating-comment:visible textarea').fill('午餐时间宽裕多了，谢谢社区')
    await checkPage(home, '议题详情（评议）')
    await tap(home.locator('.rate-outcome:visible'))
    await confirmDialog(home, '每人评议一次')
    await home.locator('.rated:visible', { hasText: '非常满意' }).waitFor()
    await checkPage(home, '议题详情（已评议）')
    await shoot(home, '14-rated', '.rated')
    expect(await db.selectFrom('consultation_outcome_rating').select(['user_id', 'level']).execute()).toEqual([{ user_id: proposer.id, level: 5 }])
    expect(await db.selectFrom('consultation_topic').select('state').where('id', '=', topic.id).executeTakeFirstOrThrow()).toEqual({ state: 'implemented' })
  }, 900_000)
})
