import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet } from '../support/factories'
import { confirmDialog, checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-E'
const TITLE = '修缮小区东侧市政道路'
const REASON = '道路属市政管理，超出社区权限，请街道协调'
const ANSWER = '已协调区市政所，12月20日前完成修补'

/**
 * The page in normal mode, then in 长辈模式 (her saved preference), for a person to look at;
 * `reopen` taps back to what was shown when a reload starts the page over.
 */
async function shoot(page: Page, userId: string, name: string, ready: string, reopen: () => Promise<void> = async () => undefined) {
  mkdirSync(SHOTS, { recursive: true })
  // Taro's page box scrolls, not the window: the section looked at is scrolled into the shot.
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-normal.png`, fullPage: true })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: true }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--elder').first().waitFor()
  await reopen()
  await page.locator(`${ready}:visible`).first().waitFor()
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-elder.png`, fullPage: true })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: false }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator('.page--normal').first().waitFor()
  await reopen()
  await page.locator(`${ready}:visible`).first().waitFor()
}


describe('上报街道 and 议事管理 in the H5 app', () => {
  it('staff see the pipeline and escalate a topic, the street admin answers, the topic shows the answer', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const proposer = await createPerson(e2e, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const admin = await createPerson(e2e, { name: '刘建国', birthDate: '1975-09-09', grant: { role: 'street_admin', streetId: street.id } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).orderBy('sort_order').executeTakeFirstOrThrow()
    // Already 协商中: the moves that lead there are consultation.e2e's.
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: proposer.id,
        title: TITLE,
        description: '小区东侧市政道路坑洼，雨天积水，老人出行不便。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 20,
        expires_at: new Date('2027-03-01T00:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // An opinion three neighbours reported (待审核) and a closed vote, for the queue and the votes list.
    await db
      .insertInto('consultation_opinion')
      .values({ topic_id: topic.id, parent_id: null, author_user_id: proposer.id, stance: 'support', body: '被三位居民举报的意见', status: 'pending_review', report_count: 3, hidden_reason: null })
      .execute()
    await db
      .insertInto('consultation_vote')
      .values({ topic_id: topic.id, rule: 'opinion_poll', opens_at: new Date(Date.now() - 3 * 86_400_000), closes_at: new Date(Date.now() - 86_400_000), eligible: 3, turnout: 2, opened_by: staff.id })
      .execute()

    // Staff: 我的 → 议事管理: the month's figures and the topics by state; the topic opens from there.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await tap(desk.locator('.consultation-staff-link:visible'))
    await desk.locator('.oversight-stats:visible', { hasText: '桂花社区' }).waitFor()
    await desk.locator('.pipeline-states:visible', { hasText: '协商中 1' }).waitFor()
    await checkPage(desk, '议事管理（工作人员）')
    await shoot(desk, staff.id, 'staff-oversight', '.pipeline-topic')
    await tap(desk.locator('.oversight-sections:visible .chip', { hasText: '意见审核' }))
    await desk.locator('.moderation-item:visible', { hasText: '待审核（3 人举报）' }).waitFor()
    await checkPage(desk, '议事管理（意见审核）')
    const moderationTab = () => tap(desk.locator('.oversight-sections:visible .chip', { hasText: '意见审核' }))
    await shoot(desk, staff.id, 'staff-moderation', '.moderation-item', moderationTab)
    await tap(desk.locator('.restore-opinion:visible'))
    await confirmDialog(desk, '恢复后所有人可见')
    await desk.locator('.moderation:visible', { hasText: '没有待审核或已隐藏的意见' }).waitFor()
    expect(await db.selectFrom('consultation_opinion').select('status').executeTakeFirstOrThrow()).toEqual({ status: 'visible' })
    await tap(desk.locator('.oversight-sections:visible .chip', { hasText: '表决' }))
    await desk.locator('.vote-overview-item:visible', { hasText: '参与 2 / 3 人（66.7%）' }).waitFor()
    await checkPage(desk, '议事管理（表决）')
    // 导出: the month's figures download as a CSV named in ASCII.
    const download = desk.waitForEvent('download')
    await tap(desk.locator('.export-stats:visible'))
    expect((await download).suggestedFilename()).toMatch(/^consultation-stats-\d{4}-\d{2}\.csv$/)
    await desk.locator('.result--ok:visible', { hasText: '已下载' }).waitFor()
    await tap(desk.locator('.oversight-sections:visible .chip', { hasText: '议题进度' }))
    await tap(desk.locator('.pipeline-topic:visible', { hasText: TITLE }))

    // On the topic: 上报街道 with a reason and the default due day; a reason too short is refused beside the field.
    await desk.locator('.escalation:visible').waitFor()
    await checkPage(desk, '议题详情（上报街道表单）')
    await desk.locator('.escalation-reason-input:visible textarea').fill('太短')
    await tap(desk.locator('.escalate:visible'))
    await confirmDialog(desk, '答复将在议题页公开')
    await desk.locator('.field__error:visible', { hasText: '上报原因至少 4 个字' }).waitFor()
    expect(await db.selectFrom('consultation_escalation').select('id').execute()).toHaveLength(0)
    await desk.locator('.escalation-reason-input:visible textarea').fill(REASON)
    await tap(desk.locator('.escalate:visible'))
    await confirmDialog(desk, '答复将在议题页公开')
    await desk.locator('.escalation-status:visible', { hasText: '待街道答复' }).waitFor()
    await desk.locator('.escalation-reason:visible', { hasText: REASON }).waitFor()
    await checkPage(desk, '议题详情（已上报街道）')
    await shoot(desk, staff.id, 'topic-escalated', '.escalation-status')

    // The street admin: 议事管理 → 街道办理, answers; it leaves the 待答复 list for 已答复.
    const streetDesk = await e2e.newPage()
    await streetDesk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, streetDesk, admin)
    await tap(streetDesk.locator('.consultation-staff-link:visible'))
    await streetDesk.locator('.oversight-stats:visible').waitFor()
    await checkPage(streetDesk, '议事管理（街道管理员）')
    await tap(streetDesk.locator('.street-link:visible'))
    await streetDesk.locator('.street-escalation:visible', { hasText: TITLE }).waitFor()
    await checkPage(streetDesk, '街道办理（待答复）')
    await shoot(streetDesk, admin.id, 'street-open', '.street-escalation')
    await streetDesk.locator('.escalation-answer-input:visible textarea').fill(ANSWER)
    await tap(streetDesk.locator('.answer-escalation:visible'))
    await confirmDialog(streetDesk, '通知提议人和附议居民')
    await streetDesk.locator('.state__text:visible', { hasText: '没有待答复的上报议题' }).waitFor()
    // The 已答复并公布 toast goes by itself (Taro sets display: none once it has faded).
    await streetDesk.waitForFunction(() => [...document.querySelectorAll('.taro__toast')].every((el) => getComputedStyle(el).display === 'none'))
    await tap(streetDesk.locator('.street-tabs:visible .chip', { hasText: '已答复' }))
    await streetDesk.locator('.escalation-answer-text:visible', { hasText: ANSWER }).waitFor()
    await checkPage(streetDesk, '街道办理（已答复）')

    // Everyone reads the answer on the topic; the proposer was told in 我的消息.
    const resident = await e2e.newPage()
    await resident.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, resident, proposer)
    await resident.goto(`${e2e.baseUrl}/#/packages/consultation/pages/topic/index?id=${topic.id}`)
    await resident.locator('.escalation-answer-text:visible', { hasText: ANSWER }).waitFor()
    await resident.locator('.escalation-status:visible', { hasText: '街道已答复' }).waitFor()
    expect(await resident.locator('.escalate:visible').count()).toBe(0)
    await checkPage(resident, '议题详情（街道答复已公布）')
    await shoot(resident, proposer.id, 'topic-answered', '.escalation-answer-text')
    const inbox = await db.selectFrom('inbox_message').select('kind').where('user_id', '=', proposer.id).execute()
    expect(inbox.map((m) => m.kind)).toContain('escalation_answered')
  }, 300_000)
})
