import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const TITLE = '小区南门增设非机动车充电棚'
const OPINION = '赞成，电动车在楼道充电太危险了'
const REASON = '含有他人电话号码'

async function openTopic(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.opinions:visible').waitFor()
}

describe('协商中 opinions in the H5 app', () => {
  it('a resident posts an opinion with a stance, staff hide it with a reason she then reads', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const author = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow()
    // Already 协商中: the moves that lead there are consultation.e2e's.
    await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: author.id,
        title: TITLE,
        description: '南门空地可以建一个充电棚，解决飞线充电的问题。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 20,
        expires_at: new Date('2027-03-01T00:00:00Z'),
      })
      .execute()

    const resident = await e2e.newPage()
    await resident.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, resident, author)
    await openTopic(resident)
    await resident.locator('.opinion-counts:visible', { hasText: '支持 0 · 反对 0 · 中立 0' }).waitFor()
    await checkPage(resident, '议题详情（协商中，还没有意见）')
    // Sent without a stance or a text: refused beside the fields, nothing saved.
    await tap(resident.locator('.post-opinion:visible'))
    await resident.locator('.field__error:visible', { hasText: '请选择支持、反对或中立' }).waitFor()
    expect(await db.selectFrom('consultation_opinion').select('id').execute()).toHaveLength(0)

    await resident.locator('.opinion-stance-picker:visible').click()
    await resident.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await resident.locator('.opinion-stance-picker:visible', { hasText: '支持' }).waitFor()
    await resident.locator('.opinion-body-input:visible textarea').fill(OPINION)
    await tap(resident.locator('.post-opinion:visible'))
    await resident.locator('.opinion-body:visible', { hasText: OPINION }).waitFor()
    await resident.locator('.opinion-counts:visible', { hasText: '支持 1 · 反对 0 · 中立 0' }).waitFor()
    await resident.locator('.opinion:visible', { hasText: '王*兰' }).waitFor()
    await checkPage(resident, '议题详情（发表了意见）')

    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopic(desk)
    await desk.locator('.opinion-body:visible', { hasText: OPINION }).waitFor()
    await checkPage(desk, '议题详情（工作人员看意见）')
    await desk.locator('.opinion-hide-reason:visible textarea').fill(REASON)
    await tap(desk.locator('.opinion-hide:visible'))
    expect(await (await shownDialog(desk)).innerText()).toContain('作者会看到您填写的原因')
    await tap(desk.locator('.taro-model__confirm:visible'))
    await desk.locator('.opinion-status:visible', { hasText: '已被社区隐藏' }).waitFor()
    await checkPage(desk, '议题详情（意见已隐藏）')
    expect(await db.selectFrom('consultation_opinion').select(['status', 'hidden_reason']).executeTakeFirstOrThrow()).toEqual({ status: 'hidden', hidden_reason: REASON })

    await resident.goto(`${e2e.baseUrl}/`)
    await openTopic(resident)
    await resident.locator('.opinion-hidden-reason:visible', { hasText: `隐藏原因：${REASON}` }).waitFor()
    await resident.locator('.opinion-counts:visible', { hasText: '支持 0' }).waitFor()
    await checkPage(resident, '议题详情（作者看隐藏原因）')
  }, 240_000)
})
