import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR
const TITLE = '3栋楼道加装扶手和感应灯'

/** A screenshot for a person to look at (LINLI_SHOTS_DIR). */
async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/consultation-${name}.png`, fullPage: true })
}

async function openTopics(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
}

async function openTopic(page: Page) {
  await openTopics(page)
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

describe('社区协商 in the H5 app', () => {
  it('a resident proposes a topic, two neighbours support it, staff put it on the agenda', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    // A small threshold for the test (the default is 20): two supports make the topic eligible.
    await db.insertInto('consultation_settings').values({ community_id: communityId, support_min: 2, support_share_bp: 100, collection_days: 90 }).execute()
    const proposer = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const neighbours = [await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId }), await createPerson(e2e, { name: '赵建国', birthDate: '1955-10-10', communityId })]
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })

    // The proposer: 首页 → 社区协商 (empty) → 提出议题.
    const resident = await e2e.newPage()
    await resident.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, resident, proposer)
    await openTopics(resident)
    await resident.locator('.state--empty:visible', { hasText: '社区还没有协商议题' }).waitFor()
    await checkPage(resident, '社区协商（还没有议题）')
    await tap(resident.locator('.propose-topic:visible'))
    await resident.locator('.topic-category:visible').waitFor()
    await checkPage(resident, '提出议题')
    // Sent without a category or a long enough title: refused beside the fields, nothing saved.
    await resident.locator('.topic-title-input:visible input').fill('扶手')
    await tap(resident.locator('.submit-topic:visible'))
    await resident.locator('.field__error:visible', { hasText: '议题标题至少 4 个字' }).waitFor()
    await resident.locator('.field__error:visible', { hasText: '请选择类别' }).waitFor()
    expect(await db.selectFrom('consultation_topic').select('id').execute()).toHaveLength(0)

    await resident.locator('.topic-category:visible').click()
    await resident.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await resident.locator('.topic-category:visible', { hasText: '公共设施与环境整治' }).waitFor()
    await resident.locator('.topic-title-input:visible input').fill(TITLE)
    await resident.locator('.topic-description-input:visible textarea').fill('3栋是老楼，楼道没有扶手，晚上灯也不亮，老人上下楼很危险。')
    await tap(resident.locator('.add-link:visible'))
    await resident.locator('.topic-link-input:visible input').fill('https://example.org/photos/3-dong.jpg')
    // Each refusal goes once she has changed its field: nothing she has fixed is still marked wrong.
    expect(await resident.locator('.field__error:visible').count()).toBe(0)
    await checkPage(resident, '提出议题（已填写）')
    await shoot(resident, 'propose')
    await tap(resident.locator('.submit-topic:visible'))
    await resident.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
    await resident.locator('.support-count:visible', { hasText: '已有 0 人附议，还差 2 人' }).waitFor()
    // Her own topic: she may withdraw it, not put it on the agenda.
    await resident.locator('.move-terminated:visible', { hasText: '撤回议题' }).waitFor()
    expect(await resident.locator('.move-accepted:visible').count()).toBe(0)
    await checkPage(resident, '议题详情（刚提出）')
    await shoot(resident, 'topic-new')

    // Two neighbours support it; a second tap is not possible, and counts nothing if sent.
    for (const [i, person] of neighbours.entries()) {
      const page = await e2e.newPage()
      await page.goto(`${e2e.baseUrl}/`)
      await signIn(e2e, page, person)
      await openTopic(page)
      if (i === 0) await checkPage(page, '议题详情（邻居，未附议）')
      await tap(page.locator('.support-topic:visible'))
      await page.locator('.supported:visible', { hasText: '您已附议' }).waitFor()
      await page.locator('.support-count:visible', { hasText: `已有 ${i + 1} 人附议` }).waitFor()
      if (i === 1) await checkPage(page, '议题详情（已附议，达到门槛）')
    }
    const topic = await db.selectFrom('consultation_topic').select(['id', 'support_count', 'state']).executeTakeFirstOrThrow()
    expect(topic).toMatchObject({ support_count: 2, state: 'collecting' })

    // Staff: the list by state, then 立项 on the topic after WeChat's dialog.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopics(desk)
    await tap(desk.locator('.topic-tabs:visible .chip', { hasText: '征集中' }))
    await desk.locator('.topic-card:visible', { hasText: TITLE }).waitFor()
    await checkPage(desk, '社区协商（征集中）')
    await tap(desk.locator('.topic-card:visible', { hasText: TITLE }).last())
    await desk.locator('.support-count:visible', { hasText: '已达到立项门槛' }).waitFor()
    await checkPage(desk, '议题详情（工作人员）')
    await shoot(desk, 'topic-staff')
    await tap(desk.locator('.move-accepted:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('提议人会收到通知')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.topic-state:visible', { hasText: '已立项' }).waitFor()
    await desk.locator('.topic-step:visible', { hasText: '征集中 → 已立项' }).waitFor()
    await desk.locator('.support-count:visible', { hasText: '征集期间共 2 人附议' }).waitFor()
    await checkPage(desk, '议题详情（已立项）')
    await shoot(desk, 'topic-accepted')
    expect(await db.selectFrom('consultation_topic').select('state').where('id', '=', topic.id).executeTakeFirstOrThrow()).toEqual({ state: 'accepted' })

    // The proposer is told in 我的消息, and the message opens the topic.
    await openTab(resident, '我的')
    await tap(resident.locator('.messages-link:visible'))
    const message = resident.locator('.message:visible', { hasText: '您提出的议题已立项' })
    await message.waitFor()
    await checkPage(resident, '我的消息（议题已立项）')
    await tap(message.locator('.message__open'))
    await resident.locator('.topic-state:visible', { hasText: '已立项' }).waitFor()
    await checkPage(resident, '议题详情（提议人看已立项）')
  }, 240_000)
})
