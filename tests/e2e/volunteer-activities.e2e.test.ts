import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { createCommunity, createStreet, sessionFor } from '../support/factories'
import { checkPage, confirmDialog, createPerson, openTab, signIn, tap, useBrowser } from './harness'

/** 志愿活动 (issue 12 item 2) in the H5 app: a volunteer signs up, sees 我的报名, cancels; staff publish an activity with two shifts. */

const e2e = useBrowser({ demo: false })
const SHOTS = process.env.LINLI_SHOTS_DIR ?? '/tmp/shots-v2'
const DAY_MS = 24 * 60 * 60 * 1000

async function shot(page: Page, name: string, focus: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/${name}.png` })
}

/** Shot in normal mode, then 长辈模式 (toggled on 我的 and back on the same page). */
async function elderMode(page: Page, on: boolean) {
  await openTab(page, '我的')
  const isOn = (await page.locator('.page--elder').count()) > 0
  if (isOn !== on) await tap(page.locator('.elder-switch:visible'), '长辈模式')
  await page.locator(on ? '.page--elder .elder-switch:visible' : '.page:not(.page--elder) .elder-switch:visible').first().waitFor()
}

/** A registered volunteer (实名注册 as registration leaves it) with a phone to log in with. */
async function volunteer(communityId: string, name: string, birthDate: string) {
  const person = await createPerson(e2e, { name, birthDate, communityId, volunteerCommunityId: communityId })
  const cipher = e2e.deps.cipher
  const idNumber = `330106${birthDate.replaceAll('-', '')}0021`
  await e2e.deps.db
    .insertInto('volunteer')
    .values({
      user_id: person.id,
      community_id: communityId,
      volunteer_no: `E2E${person.phone.slice(-4)}`,
      name_enc: cipher.encrypt(name),
      id_number_enc: cipher.encrypt(idNumber),
      id_number_hash: cipher.lookupHash(`id:${idNumber}`),
      id_masked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      birth_date_enc: cipher.encrypt(birthDate),
      phone_enc: cipher.encrypt(person.phone),
      skills: ['environment'],
      id_consent_at: new Date(),
    })
    .execute()
  return person
}

function tomorrow(): string {
  return new Date(Date.now() + DAY_MS).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

async function openActivities(page: Page) {
  await openTab(page, '首页')
  await tap(page.locator('.volunteer-link:visible'))
  await page.locator('.activity-tabs:visible').waitFor()
}

describe('志愿活动 in the H5 app', () => {
  it('a volunteer opens an activity, signs up, sees 我的报名 and cancels; staff publish an activity with two shifts', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '桂花街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '桂花社区' })).id
    const staff = await createPerson(e2e, { name: '张丽', birthDate: '1988-05-02', communityId, grant: { role: 'staff', communityId } })
    const v = await volunteer(communityId, '陈晓梅', '1990-04-12')
    const date = tomorrow()
    await e2e.api(`/volunteer/activities`, {
      token: await sessionFor(db, staff.id),
      body: {
        communityId,
        title: '垃圾分类桶边引导',
        content: '早晚投放高峰在桶边引导居民分类投放。',
        category: 'environment',
        place: '桂花苑 3 号投放点',
        howToSignUp: '在“邻里”小程序报名',
        risks: '请注意来往车辆',
        shifts: [{ role: '引导员', date, startTime: '07:00', endTime: '09:00', seats: 2 }],
      },
    })

    // The volunteer finds it among 志愿活动 and opens it.
    const home = await e2e.newPage()
    await home.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, home, v)
    await openActivities(home)
    const card = home.locator('.activity-card:visible', { hasText: '垃圾分类桶边引导' })
    await card.waitFor()
    await home.locator('.activity-seats:visible', { hasText: '还有 2 个名额' }).waitFor()
    await checkPage(home, '志愿活动')
    await shot(home, 'activities-normal', '.activity-card:visible')
    await tap(card)
    await home.locator('.activity-facts:visible', { hasText: '请注意来往车辆' }).waitFor()
    await home.locator('.activity-insurance:visible', { hasText: '未安排' }).waitFor()
    await checkPage(home, '活动详情')
    await shot(home, 'activity-normal', '.shift-card:visible')

    // She signs up (WeChat's dialog says when and where).
    await tap(home.locator('.shift-sign-up:visible'))
    await confirmDialog(home, '桂花苑 3 号投放点')
    await home.locator('.shift-result:visible', { hasText: '报名成功' }).waitFor()
    await home.locator('.shift-mine:visible', { hasText: '您已报名' }).waitFor()
    await home.locator('.shift-seats:visible', { hasText: '剩余 1' }).waitFor()
    await checkPage(home, '活动详情（已报名）')
    expect((await db.selectFrom('volunteer_signup').select(['user_id', 'status']).execute())).toEqual([{ user_id: v.id, status: 'signed_up' }])

    // 我的报名, in 长辈模式.
    await elderMode(home, true)
    await openActivities(home)
    await tap(home.locator('.activity-tabs:visible .chip', { hasText: '我的报名' }))
    const mine = home.locator('.my-signup:visible', { hasText: '垃圾分类桶边引导' })
    await mine.waitFor()
    await home.locator('.my-signup-status:visible', { hasText: '已报名' }).waitFor()
    await checkPage(home, '我的报名')
    await shot(home, 'my-signups-elder', '.my-signup:visible')
    await tap(mine)
    await home.locator('.shift-mine:visible', { hasText: '您已报名' }).waitFor()
    await shot(home, 'activity-signed-up-elder', '.shift-card:visible')

    // She cancels; the seat is free again.
    await tap(home.locator('.shift-cancel:visible'))
    await confirmDialog(home, '取消后名额')
    await home.locator('.shift-result:visible', { hasText: '已取消报名' }).waitFor()
    await home.locator('.shift-sign-up:visible').waitFor()
    await home.locator('.shift-seats:visible', { hasText: '剩余 2' }).waitFor()
    expect((await db.selectFrom('volunteer_signup').select('status').execute()).map((g) => g.status)).toEqual(['cancelled'])
    await elderMode(home, false)

    // Staff publish an activity with two shifts from 志愿活动 → 发布志愿活动.
    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await openActivities(desk)
    await tap(desk.locator('.publish-activity:visible'))
    await desk.locator('.publish-form:visible').waitFor()
    await desk.locator('.title-input:visible input').fill('课后作业辅导')
    await desk.locator('.content-input:visible textarea').fill('为双职工家庭的小学生辅导作业、陪伴阅读。')
    await tap(desk.locator('.category-choice:visible .chip', { hasText: '助学' }))
    await desk.locator('.place-input:visible input').fill('党群服务中心二楼')
    await desk.locator('.training-input:visible input').fill('观看 20 分钟辅导要点视频')
    await tap(desk.locator('.add-shift:visible'))
    await desk.locator('.shift-editor:visible').nth(1).waitFor()
    await desk.locator('.activity-preview:visible', { hasText: '共 2 个班次' }).waitFor()
    await checkPage(desk, '发布志愿活动')
    await shot(desk, 'publish-normal', '.publish-form:visible')
    await shot(desk, 'publish-preview-normal', '.activity-preview:visible')
    await tap(desk.locator('.publish-submit:visible'))
    await confirmDialog(desk, '发布后')
    await desk.locator('.activity-facts:visible', { hasText: '课后作业辅导' }).waitFor()
    await desk.locator('.shift-card:visible').nth(1).waitFor()
    await desk.locator('.organiser-tools:visible').waitFor()
    await checkPage(desk, '活动详情（组织者）')
    await shot(desk, 'activity-organiser-normal', '.organiser-tools:visible')
    const published = await db.selectFrom('volunteer_activity').select(['id', 'status', 'training', 'headcount']).where('title', '=', '课后作业辅导').executeTakeFirstOrThrow()
    expect(published).toMatchObject({ status: 'published', training: '观看 20 分钟辅导要点视频', headcount: 10 })
    const shifts = await db.selectFrom('volunteer_shift').select(['starts_at']).where('activity_id', '=', published.id).orderBy('starts_at').execute()
    expect(shifts.length).toBe(2)
    expect(await db.selectFrom('audit_log').select('action').where('target_id', '=', published.id).execute()).toEqual([{ action: 'volunteer.activity_published' }])

    // The publish page in 长辈模式, for the screenshot.
    await elderMode(desk, true)
    await openActivities(desk)
    await tap(desk.locator('.publish-activity:visible'))
    await desk.locator('.publish-form:visible').waitFor()
    await shot(desk, 'publish-elder', '.publish-form:visible')
    await elderMode(desk, false)
  }, 400_000)

  it('the organiser adds a seat to a full shift: the first waiting volunteer is seated', async () => {
    const db = e2e.deps.db
    const street = await createStreet(db, '荷塘街道')
    const communityId = (await createCommunity(db, { streetId: street.id, name: '荷塘社区' })).id
    const staff = await createPerson(e2e, { name: '刘芳', birthDate: '1986-03-09', communityId, grant: { role: 'staff', communityId } })
    const first = await volunteer(communityId, '周敏', '1992-06-01')
    const second = await volunteer(communityId, '孙浩', '1995-09-17')
    const date = tomorrow()
    const staffToken = await sessionFor(db, staff.id)
    const created = (await e2e.api(`/volunteer/activities`, {
      token: staffToken,
      body: { communityId, title: '敬老院陪伴', content: '陪老人聊天、读报。', category: 'elder_care', place: '荷塘敬老院', howToSignUp: '在“邻里”小程序报名', shifts: [{ role: '陪伴员', date, startTime: '14:00', endTime: '16:00', seats: 1 }] },
    })) as { id: string; shifts: { id: string }[] }
    const shiftId = created.shifts[0]?.id ?? ''
    for (const v of [first, second]) await e2e.api(`/volunteer/shifts/${shiftId}/signup`, { token: await sessionFor(db, v.id), body: {} })

    const desk = await e2e.newPage()
    await desk.goto(`${e2e.baseUrl}/`)
    await signIn(e2e, desk, staff)
    await desk.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/activity/index?id=${created.id}`)
    await desk.locator('.shift-seats:visible', { hasText: '候补 1 人' }).waitFor()
    await tap(desk.locator('.edit-schedule:visible'))
    const seats = desk.locator('.shift-editor:visible .shift-seats-input input')
    await seats.waitFor()
    await desk.locator('.shift-signed-up:visible', { hasText: '已报名 1 人' }).waitFor()
    await seats.fill('2')
    // The title says what the page does now, not 发布志愿活动 from its config.
    await desk.waitForFunction(() => document.title === '修改活动安排')
    await checkPage(desk, '修改活动安排')
    await shot(desk, 'schedule-seats-normal', '.shift-editor:visible')
    await tap(desk.locator('.save-schedule:visible'))
    await confirmDialog(desk, '增加的名额自动给候补的志愿者')
    await desk.locator('.shift-seats:visible', { hasText: '名额 2 人 · 已满' }).waitFor()
    expect(await desk.locator('.shift-seats:visible', { hasText: '候补' }).count()).toBe(0)
    const rows = await db.selectFrom('volunteer_signup').select(['user_id', 'status']).where('shift_id', '=', shiftId).orderBy('created_at').execute()
    expect(rows).toEqual([{ user_id: first.id, status: 'signed_up' }, { user_id: second.id, status: 'signed_up' }])

    // The same form in 长辈模式, for the screenshot and the checks.
    await elderMode(desk, true)
    await desk.goto(`${e2e.baseUrl}/#/packages/volunteer/pages/publish/index?activityId=${created.id}`)
    await desk.locator('.shift-signed-up:visible', { hasText: '已报名 2 人' }).waitFor()
    await checkPage(desk, '修改活动安排（长辈模式）')
    await shot(desk, 'schedule-seats-elder', '.shift-editor:visible')
    await elderMode(desk, false)
  }, 120_000)
})
