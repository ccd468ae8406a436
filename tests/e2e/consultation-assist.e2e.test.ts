import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet, createUser, sessionFor } from '../support/factories'
import { checkPage, createPerson, openTab, shownDialog, signIn, tap, useBrowser } from './harness'

const e2e = useBrowser({ demo: false })
const TITLE = '小区南门增设非机动车充电棚'
const SHOTS = '/tmp/shots-A'
const FAR = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000)
const REASON = '老人无智能手机，本人到场口述'

async function openTopic(page: Page, tab: string) {
  await openTab(page, '首页')
  await tap(page.locator('.consultation-link:visible'))
  await page.locator('.topic-tabs:visible').waitFor()
  await tap(page.locator('.topic-tabs:visible .chip', { hasText: tab }))
  await tap(page.locator('.topic-card:visible', { hasText: TITLE }).last())
  await page.locator('.topic-title:visible', { hasText: TITLE }).waitFor()
}

/**
 * Checks the page in both modes and keeps a screenshot of each with `ready` in view, 长辈模式
 * through her own setting (reloaded). A page whose state a reload loses (the 代办 done view) is
 * checked in both modes by checkPage and photographed in the mode it is in.
 */
async function shoot(page: Page, userId: string, name: string, ready: string, reloadable = true) {
  await checkPage(page, name)
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-normal.png` })
  if (!reloadable) return
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: true }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator(`${ready}:visible`).first().waitFor()
  await page.locator('.page--elder').first().waitFor()
  await checkPage(page, `${name}（长辈模式）`)
  await page.locator(`${ready}:visible`).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}-elder.png` })
  await e2e.deps.db.updateTable('app_user').set({ elder_mode: false }).where('id', '=', userId).execute()
  await page.reload()
  await page.locator(`${ready}:visible`).first().waitFor()
}

describe('代办 in the H5 app', () => {
  it('a 网格员 votes for an elder without a phone, marked 代办; staff read it in the daily list', async () => {
    mkdirSync(SHOTS, { recursive: true })
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    // The elder has no phone: she can only take part through someone who helps her.
    const elder = await createUser(db, { name: '王秀兰', birthDate: '1948-03-15', communityId })
    await createPerson(e2e, { name: '李敏', birthDate: '1986-07-01', communityId })
    const worker = await createPerson(e2e, { name: '张建华', birthDate: '1979-04-12', communityId })
    await db.insertInto('user_role').values({ user_id: worker.id, role: 'grid_worker', community_id: communityId, street_id: null, provider_id: null }).execute()
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const topic = await db
      .insertInto('consultation_topic')
      .values({
        community_id: communityId,
        category_id: category.id,
        proposer_user_id: staff.id,
        title: TITLE,
        description: '南门外电动车乱停乱充，存在消防隐患，建议增设充电棚。',
        links: [],
        state: 'deliberating',
        state_reason: null,
        threshold: 1,
        expires_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const staffToken = await sessionFor(db, staff.id, FAR)
    await e2e.api(`/consultation/topics/${topic.id}/vote`, {
      token: staffToken,
      body: {
        rule: 'resident_meeting',
        options: [
          { label: '同意', adopts: true },
          { label: '反对', adopts: false },
        ],
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString(),
      },
    })

    // The 网格员 at the elder's door: the topic page offers 代办.
    const door = await e2e.newPage()
    await door.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, door, worker)
    await openTopic(door, '表决中')
    await door.locator('.assist-entry:visible', { hasText: '网格员' }).waitFor()
    await shoot(door, worker.id, '议题详情（网格员可代办）', '.assist-entry')
    await tap(door.locator('.assist-open:visible'))
    await door.locator('.assist-name:visible').waitFor()
    await shoot(door, worker.id, '代办', '.assist-name')

    // Without a reason nothing is sent: the field says what is missing.
    await door.locator('.assist-name:visible input').fill('王秀兰')
    await door.locator('.assist-birth:visible input').fill('1948-03-15')
    await door.locator('.assist-option:visible').click()
    await door.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
    await door.locator('.assist-option:visible', { hasText: '同意' }).waitFor()
    await tap(door.locator('.assist-submit:visible'))
    await door.locator('.field__error:visible', { hasText: '请填写代办原因' }).waitFor()
    await tap(door.locator('.assist-reason-example:visible'))
    await tap(door.locator('.assist-submit:visible'))
    const dialog = await shownDialog(door)
    expect(await dialog.innerText()).toContain('确定替 王*兰 投「同意」？')
    await tap(door.locator('.taro-model__confirm:visible'))
    await door.locator('.assist-done:visible', { hasText: '已替 王*兰 投票' }).waitFor()
    expect(await door.locator('.assist-done:visible').innerText()).toContain(REASON)
    await shoot(door, worker.id, '代办完成', '.assist-done', false)

    // Recorded for her, once, and the 代办 row does not say what she voted.
    const ballots = await db.selectFrom('consultation_ballot').select(['user_id', 'assisted_by']).execute()
    expect(ballots).toEqual([{ user_id: elder.id, assisted_by: worker.id }])
    const [row] = await db.selectFrom('consultation_assist').selectAll().execute()
    expect(row).toMatchObject({ kind: 'ballot', resident_user_id: elder.id, helper_user_id: worker.id, helper_role: 'grid_worker', reason: REASON })

    // Staff: the topic page links to the daily list, which shows the act with the helper and the reason.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openTopic(desk, '表决中')
    await tap(desk.locator('.assist-log-open:visible'))
    const entry = desk.locator('.assist-log-entry:visible', { hasText: '投票' })
    await entry.waitFor()
    const text = await entry.innerText()
    expect(text).toContain('王*兰')
    expect(text).toContain('网格员 张建华')
    expect(text).toContain(REASON)
    expect(text).not.toContain('同意')
    await shoot(desk, staff.id, '代办记录', '.assist-log-entry')
  }, 300_000)

  it('a daughter supports for her mother from 我的家人, marked 代办 as 家人', async () => {
    const db = e2e.deps.db
    const community = await db.selectFrom('community').select('id').where('name', '=', '桂花社区').executeTakeFirstOrThrow()
    const mother = await createUser(db, { name: '陈玉兰', birthDate: '1945-09-09', communityId: community.id })
    const daughter = await createPerson(e2e, { name: '陈小红', birthDate: '1975-02-02', communityId: community.id })
    const token = await sessionFor(db, daughter.id, FAR)
    await e2e.api('/me/family', { token, body: { name: '陈玉兰', relation: 'parent', birthDate: '1945-09-09' } })
    const category = await db.selectFrom('consultation_category').select('id').where('community_id', 'is', null).executeTakeFirstOrThrow()
    const title = '社区食堂增加低糖套餐'
    await db
      .insertInto('consultation_topic')
      .values({
        community_id: community.id,
        category_id: category.id,
        proposer_user_id: daughter.id,
        title,
        description: '老人多有糖尿病，希望食堂每天有一份低糖套餐。',
        links: [],
        state: 'collecting',
        state_reason: null,
        threshold: 5,
        expires_at: FAR,
      })
      .execute()

    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, daughter)
    await openTab(home, '首页')
    await tap(home.locator('.consultation-link:visible'))
    await tap(home.locator('.topic-card:visible', { hasText: title }).last())
    await home.locator('.assist-entry:visible', { hasText: '家人' }).waitFor()
    await tap(home.locator('.assist-open:visible'))
    await home.locator('.assist-source:visible', { hasText: '我的家人：陈玉兰' }).waitFor()
    expect(await home.locator('.assist-name:visible').count()).toBe(0)
    await shoot(home, daughter.id, '代办（家人）', '.assist-source')
    await tap(home.locator('.assist-reason-example:visible'))
    await tap(home.locator('.assist-submit:visible'))
    expect(await (await shownDialog(home)).innerText()).toContain('确定替 陈*兰 附议？')
    await tap(home.locator('.taro-model__confirm:visible'))
    await home.locator('.assist-done:visible', { hasText: '已替 陈*兰 附议' }).waitFor()

    const supports = await db.selectFrom('consultation_support').select('user_id').execute()
    expect(supports.map((s) => s.user_id)).toContain(mother.id)
    const rows = await db.selectFrom('consultation_assist').selectAll().where('resident_user_id', '=', mother.id).execute()
    expect(rows).toEqual([expect.objectContaining({ kind: 'support', helper_user_id: daughter.id, helper_role: 'family' })])
  }, 300_000)
})
