import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createBookableService, createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-S'
const TITLE = '老年食堂延长午餐供应时间'

/** The page in normal mode, then in 长辈模式 (her saved preference), for a person to look at. */
async function shoot(page: Page, userId: string, name: string, ready: string) {
  mkdirSync(SHOTS, { recursive: true })
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

describe('服务调整 in the H5 app', () => {
  it('staff apply an hours change from the topic page; the service page shows 因居民协商调整 with the link and the history', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const proposer = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const lunch = await createBookableService(db, { communityId, name: '老年助餐·午餐' })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: proposer.id,
        title: TITLE,
        description: '多位老人反映午餐时间太短，建议工作日提前到八点开始、延长到十一点半。',
        links: [],
        // 已形成结果: the outcome module (another helper's) moves it here.
        state: 'resolved',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    // Staff on the topic page: the form's Pickers start at 开放时间 and the first service.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await desk.goto(`${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${topic.id}`)
    await desk.locator('.service-change-form:visible').waitFor()
    expect(await desk.locator('.service-change-kind:visible').innerText()).toBe('开放时间')
    expect(await desk.locator('.service-change-service:visible').innerText()).toBe('老年助餐·午餐')
    await checkPage(desk, '议题详情（提出服务调整）')
    await tap(desk.locator('.propose-service-change:visible'))
    await desk.locator('.service-change-item:visible', { hasText: '待实施' }).waitFor()
    expect(await desk.locator('.service-change-summary-text:visible').innerText()).toContain('周一至周五 08:00–11:30，20 人')
    await tap(desk.locator('.apply-service-change:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('不能撤销')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.service-change-applied:visible', { hasText: '已实施（第 1 版' }).waitFor()
    await checkPage(desk, '议题详情（服务调整已实施）')
    await shoot(desk, staff.id, 'topic-service-change', '.service-change-applied')
    const rules = await db.selectFrom('availability_rule').select(['weekday', 'start_time', 'end_time', 'capacity']).where('service_id', '=', lunch.id).orderBy('weekday').execute()
    expect(rules).toEqual([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_time: '08:00', end_time: '11:30', capacity: 20 })))

    // A resident on the service page: the mark, the link back to the topic, the history.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, proposer)
    await home.goto(`${e2e.baseUrl}/#/packages/catalog/pages/service/index?id=${lunch.id}`)
    await home.locator('.consultation-mark__tag:visible', { hasText: '因居民协商调整' }).waitFor()
    await home.locator('.service-version:visible', { hasText: '第 1 版' }).waitFor()
    expect(await home.locator('.service-version:visible').innerText()).toContain('调整后：周一至周五 08:00–11:30，20 人')
    await checkPage(home, '服务详情（因居民协商调整）')
    await shoot(home, proposer.id, 'service-adjusted', '.consultation-mark__tag')
    expect(await home.locator('.consultation-mark:visible').innerText()).toContain(`依据议题：${TITLE}`)
    await tap(home.locator('.consultation-mark__link:visible'))
    await home.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    await home.locator('.service-change-applied:visible').waitFor()
    // She reads what changed, but has no form and no 实施.
    expect(await home.locator('.service-change-form:visible, .apply-service-change:visible').count()).toBe(0)
    await checkPage(home, '议题详情（居民看服务调整）')
  }, 300_000)

  it('staff turn an overdue 差评 case into a draft topic, see the evidence, edit and publish it; a month above 20 % offers the same', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '荷花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '荷花社区' })).id
    const rater = await createPerson(e2e, { name: '赵桂兰', birthDate: '1950-02-01', communityId })
    const staff = await createPerson(e2e, { name: '刘芳', birthDate: '1990-05-02', communityId, grant: { role: 'staff', communityId } })
    const canteen = await createBookableService(db, { communityId, name: '助老食堂·晚餐' })
    // This month on the community's clock: the satisfaction page opens on it.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date())
    const slot = await db
      .insertInto('slot')
      .values({ community_id: communityId, service_id: canteen.id, starts_at: new Date(Date.now() - 10 * 86_400_000), ends_at: new Date(Date.now() - 10 * 86_400_000 + 3_600_000), capacity: 10 })
      .returning('id')
      .executeTakeFirstOrThrow()
    const booking = await db
      .insertInto('booking')
      .values({ community_id: communityId, service_id: canteen.id, slot_id: slot.id, booked_by: rater.id, family_member_id: null, status: 'served', holds_seat: false, check_in_code: randomBytes(4).toString('hex'), answers: '{}', channel: 'self', status_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rating = await db
      .insertInto('rating')
      .values({ community_id: communityId, booking_id: booking.id, service_id: canteen.id, category_id: 'elder_care', provider_id: null, rater_user_id: rater.id, level: 1, tags: [], comment: '饭菜是凉的', month: `${month}-01` })
      .returning('id')
      .executeTakeFirstOrThrow()
    const overdue = await db
      .insertInto('rectification_case')
      .values({ community_id: communityId, rating_id: rating.id, service_id: canteen.id, status: 'open', deadline: new Date(Date.now() - 86_400_000), escalated_at: null, resident_satisfied: null, replied_at: null, closed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()

    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    // The month's figures: one 差评 of one rating is above 20 %, so staff are offered 转为协商议题.
    await desk.goto(`${e2e.baseUrl}/#/packages/rating/pages/satisfaction/index?communityId=${communityId}`)
    await desk.locator('.poor-share-topics:visible', { hasText: '助老食堂·晚餐' }).waitFor()
    await checkPage(desk, '满意度公示（差评率超过 20%）')
    await shoot(desk, staff.id, 'satisfaction-poor-share', '.poor-share-topics')

    await desk.goto(`${e2e.baseUrl}/#/packages/rating/pages/case/index?id=${overdue.id}`)
    await desk.locator('.case-to-topic:visible').waitFor()
    await checkPage(desk, '差评工单（超期，转为协商议题）')
    await shoot(desk, staff.id, 'case-to-topic', '.case-to-topic')
    await tap(desk.locator('.case-to-topic .raise-topic:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('仅工作人员可见')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.topic-draft:visible').waitFor()
    await desk.locator('.topic-state:visible', { hasText: '草稿' }).waitFor()
    expect(await desk.locator('.topic-evidence-summary:visible').innerText()).toContain('至今未答复')
    await checkPage(desk, '议题草稿')
    await shoot(desk, staff.id, 'topic-draft', '.topic-evidence')

    const draft = await db.selectFrom('consultation_topic').select('id').where('community_id', '=', communityId).executeTakeFirstOrThrow()
    // Invisible to the rater until published.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, rater)
    await home.goto(`${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${draft.id}`)
    await home.getByText(/没有找到/).first().waitFor()

    await desk.locator('.draft-title:visible input').fill('助老食堂晚餐怎样改进')
    await tap(desk.locator('.publish-draft:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('征集期从现在开始')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.topic-state:visible', { hasText: '征集中' }).waitFor()
    await desk.locator('.topic-title:visible', { hasText: '助老食堂晚餐怎样改进' }).waitFor()
    await home.reload()
    await home.locator('.topic-title:visible', { hasText: '助老食堂晚餐怎样改进' }).waitFor()
    await checkPage(home, '议题详情（由差评发布）')
  }, 300_000)
})
